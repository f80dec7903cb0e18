"""A button that asks before it acts: the confirmation every destructive action gets."""

from __future__ import annotations

import reflex as rx

CANCEL = "キャンセル"


def confirm_dialog(
    trigger: rx.Component,
    title: str | rx.Var,
    message: str,
    confirm_label: str,
    on_confirm: rx.event.EventSpec,
    color_scheme: str | None = "red",
) -> rx.Component:
    """`trigger` opens a dialog with `message`; only its confirm button fires `on_confirm`."""
    colour = {"color_scheme": color_scheme} if color_scheme else {}
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(trigger),
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(message),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(CANCEL, variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(confirm_label, on_click=on_confirm, **colour)),
                justify="end",
                spacing="3",
                margin_top="16px",
            ),
        ),
    )
