"""A form control with its visible label (the label's `for` ties them for screen readers)."""

from __future__ import annotations

import reflex as rx

# A native <select> that looks like its neighbours and never grows past a phone's screen.
NATIVE_SELECT_STYLE = {
    "padding": "6px",
    "border-radius": "6px",
    "border": "1px solid var(--gray-7)",
    "max-width": "calc(100vw - 64px)",  # the page's and a card's padding on a phone
}


# A field's label: small and medium weight, above its control.
LABEL_STYLE = {"font-size": "13px", "font-weight": "500"}


def labelled(label: str, html_for: str, control: rx.Component, *, full_width: bool = True) -> rx.Component:
    """`label` above `control`, whose id is `html_for`."""
    return rx.vstack(
        rx.el.label(label, html_for=html_for, style=LABEL_STYLE),
        control,
        spacing="1",
        width="100%" if full_width else "auto",
        max_width="100%",  # never wider than a phone's screen
    )


def form_checkbox(name: str, html_id: str, checked: rx.Var[bool] | bool) -> rx.Component:
    """A plain checkbox that sends `name=1` with its form when ticked."""
    return rx.el.input(type="checkbox", name=name, id=html_id, value="1", default_checked=checked)
