"""The landing page: what this is and where to log in."""

from __future__ import annotations

import reflex as rx

from horologen.components.layout import page_shell

TEXT = {
    "title": "HoroloGen へようこそ",
    "lead": "店舗のマスターカタログから、Claude が商品ページ用の販売記事を作成します。",
    "login": "ログイン",
}


def home_page() -> rx.Component:
    return page_shell(
        rx.text(TEXT["lead"]),
        rx.link(rx.button(TEXT["login"], size="3"), href="/login"),
        title=TEXT["title"],
    )
