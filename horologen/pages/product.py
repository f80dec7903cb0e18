"""/staff/products/<id>: one product's card (price, specs, sale state) above its article workspace.

The card reads SearchState (the product and the search to go back to); the workspace below is the
article panel, shown once it follows this page's product."""

from __future__ import annotations

import reflex as rx

from horologen.components.confirm import confirm_dialog
from horologen.components.layout import error_banner, gated, page_shell
from horologen.pages.article import article_panel
from horologen.state.article import ArticleState
from horologen.state.base import DENIED_MESSAGE
from horologen.state.search import SearchState

TEXT = {
    "title": "商品",
    "back": "検索に戻る",
    "denied": DENIED_MESSAGE,
    "price": "価格（税込）",
    "stock": "管理番号",
    "condition": "状態",
    "mark_sold": "売約済みにする",
    "mark_reserved": "商談中にする",
    "mark_available": "販売中に戻す",
    "sold_confirm": (
        "この商品を売約済みにします。承認済み・出力済みの記事は「取り下げ要」になり、一括作成の対象から外れます。"
    ),
}


def _spec_row(pair: rx.Var[list[str]]) -> rx.Component:
    return rx.table.row(rx.table.row_header_cell(pair[0]), rx.table.cell(pair[1]))


def _card() -> rx.Component:
    product = SearchState.product
    return rx.cond(
        product,
        rx.card(
            rx.vstack(
                rx.text(product.brand, size="2", color_scheme="gray"),
                rx.heading(product.reference, size="6", id="product-reference"),
                rx.text(product.name, size="4"),
                rx.hstack(
                    rx.cond(
                        product.stock != "",
                        rx.text(TEXT["stock"] + " " + product.stock, size="2", id="product-stock"),
                    ),
                    rx.cond(
                        product.condition != "",
                        rx.text(TEXT["condition"] + " " + product.condition, size="2"),
                    ),
                    rx.cond(
                        product.sale_state != "available",
                        rx.badge(product.sale, color_scheme="red", size="2", id="product-sale"),
                    ),
                    spacing="3",
                    wrap="wrap",
                    align="center",
                ),
                rx.hstack(
                    rx.text(TEXT["price"], size="2", color_scheme="gray", white_space="nowrap"),
                    rx.text(product.price, size="6", weight="bold", id="product-price", white_space="nowrap"),
                    rx.cond(product.price_note != "", rx.text("（", product.price_note, "）", size="2")),
                    # The runbook checks this literal; a quiet data line, not a badge.
                    rx.text("price_jpy=" + product.price_raw, size="1", color_scheme="gray", id="product-price-raw"),
                    align="baseline",
                    spacing="3",
                    wrap="wrap",
                ),
                rx.cond(
                    SearchState.specs.length() > 0,
                    rx.table.root(
                        rx.table.body(rx.foreach(SearchState.specs, _spec_row)),
                        size="1",
                        width="100%",
                    ),
                ),
                _sale_buttons(),
                spacing="2",
                width="100%",
            ),
            width="100%",
            id="product-card",
        ),
    )


def _sale_buttons() -> rx.Component:
    """売約済みにする (confirmed) / 商談中にする / 販売中に戻す: the piece's sale state, audited."""
    product = SearchState.product
    return rx.hstack(
        rx.cond(
            product.sale_state != "sold",
            confirm_dialog(
                rx.button(TEXT["mark_sold"], size="2", color_scheme="red", variant="soft", id="mark-sold"),
                TEXT["mark_sold"],
                TEXT["sold_confirm"],
                TEXT["mark_sold"],
                SearchState.set_sale_state("sold"),
            ),
        ),
        rx.cond(
            product.sale_state == "available",
            rx.button(TEXT["mark_reserved"], size="2", variant="soft", on_click=SearchState.set_sale_state("reserved")),
            rx.button(
                TEXT["mark_available"],
                size="2",
                variant="soft",
                color_scheme="gray",
                on_click=SearchState.set_sale_state("available"),
                id="mark-available",
            ),
        ),
        spacing="2",
        wrap="wrap",
    )


def product_page() -> rx.Component:
    """/staff/products/<id>: one product, its price and specs, and its article workspace."""
    return page_shell(
        gated(
            SearchState.access,
            rx.vstack(
                rx.link("← " + TEXT["back"], href=SearchState.back_url, size="2", id="back-to-search"),
                error_banner(SearchState.error),
                _card(),
                # Only once the article panel has followed this page's product: until then it may
                # still hold the previous product (a fast 作成 would write about the wrong watch).
                rx.cond(ArticleState.product_id.to_string() == SearchState.product.id, article_panel()),
                spacing="4",
                width="100%",
            ),
            TEXT["denied"],
        ),
        title=TEXT["title"],
        user_name=SearchState.user_name,
        user_role=SearchState.user_role,
    )
