"""The page shell every screen shares: header with the product name, then the content."""

from __future__ import annotations

import reflex as rx


def page_shell(*children: rx.Component, title: str) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.link(rx.heading("HoroloGen", size="5"), href="/", underline="none"),
            rx.spacer(),
            padding="12px 24px",
            border_bottom="1px solid var(--gray-5)",
            align="center",
        ),
        rx.container(
            rx.vstack(rx.heading(title, size="6"), *children, spacing="4", width="100%"),
            size="3",
            padding_y="24px",
        ),
        lang="ja",
    )
