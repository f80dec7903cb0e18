"""Tables that stay readable on a phone: one card per row below 768px, a scroll shadow above.

The CSS lives in assets/horologen.css (.hg-cards, .hg-scroll); each cell carries its column's
heading as data-label so a card can show 「価格　¥1,980,000」 without the header row."""

from __future__ import annotations

from typing import Any

import reflex as rx


def card_table(*children: rx.Component, **props: Any) -> rx.Component:
    """A Radix table root that becomes cards on a phone. Cells should be made with `cell`."""
    class_name = ("hg-cards hg-scroll " + str(props.pop("class_name", ""))).strip()
    return rx.table.root(*children, class_name=class_name, **props)


def cell(label: str, *children: rx.Component | rx.Var | str, **props: Any) -> rx.Component:
    """A table cell that names its column (`label`, the column heading) when shown as a card."""
    return rx.table.cell(*children, custom_attrs={"data-label": label}, **props)


def headings(*labels: str) -> rx.Component:
    """The header row: column headings, kept for screen readers when the rows become cards."""
    return rx.table.header(rx.table.row(*[rx.table.column_header_cell(label) for label in labels]))
