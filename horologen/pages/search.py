"""/staff/search: choose a brand, type part of a reference, pick a match, see price and specs.

The frame reads `SearchPage`, the result list `SearchState` (its substate): a keystroke's answer
re-renders the list only (issue 29)."""

from __future__ import annotations

import reflex as rx

from horologen.components.layout import error_banner, gated, page_shell
from horologen.state.article import ArticleState
from horologen.state.base import DENIED_MESSAGE
from horologen.state.search import BrandChoice, ResultLine, SearchPage, SearchState

TEXT = {
    "title": "商品検索",
    "brand": "ブランド",
    "all_brands": "すべてのブランド",
    "query": "型番の一部（例: 126610）",
    "no_catalogue": ("カタログがまだ登録されていません。店舗の管理者に「カタログ取込」から登録を依頼してください。"),
    "no_catalogue_admin": "カタログがまだ登録されていません。在庫の CSV / Excel を取り込むと、ここで検索できます。",
    "to_upload": "カタログ取込へ",
    "start": "ブランドを選ぶか、型番の一部を入力してください。",
    "no_match": "該当する商品がありません。型番の一部だけでも検索できます。",
    "count": "件",
    "showing": "上位",
    "more": "件を表示中。型番をもう少し入力すると絞り込めます。",
    "name": "商品名",
    "reference": "型番",
    "keyboard": "↑↓ で選択、Enter で決定",
    "recent": "最近作成した記事",
    "results": "検索結果",
    "denied": DENIED_MESSAGE,
}


def _result_row(row: rx.Var[ResultLine], index: rx.Var[int]) -> rx.Component:
    return rx.box(
        # a line on a laptop, a small card on a phone (horologen.css .hg-result-line)
        rx.box(
            rx.text(row.brand, weight="bold", size="2", class_name="hg-result-brand"),
            rx.text(row.reference, size="3", font_family="monospace", class_name="hg-result-reference"),
            # the name, and a piece's stock number and condition (two pieces of one reference apart)
            rx.box(
                rx.text(row.name, size="2", color_scheme="gray"),
                rx.cond(row.piece != "", rx.text(row.piece, size="1", class_name="hg-result-stock")),
                class_name="hg-result-name",
            ),
            rx.box(
                rx.text(row.price, size="2"),
                rx.cond(row.sale != "", rx.badge(row.sale, color_scheme="red", size="1")),
                class_name="hg-result-price",
            ),
            class_name="hg-result-line",
        ),
        class_name="hg-result",
        on_click=SearchState.choose(index),
        background=rx.cond(index == SearchState.highlighted, "var(--accent-3)", "transparent"),
        padding="8px 12px",
        border_radius="6px",
        cursor="pointer",
        role="option",
        aria_selected=rx.cond(index == SearchState.highlighted, "true", "false"),
        data_reference=row.reference,
        width="100%",
    )


def _results() -> rx.Component:
    return rx.cond(
        SearchState.searched,
        rx.cond(
            SearchState.result_count > 0,
            rx.vstack(
                rx.hstack(
                    rx.text(SearchState.result_count.to_string() + " " + TEXT["count"], size="2", id="result-count"),
                    rx.cond(
                        SearchState.result_count > SearchState.results.length(),
                        rx.text(
                            TEXT["showing"] + " " + SearchState.results.length().to_string() + " " + TEXT["more"],
                            size="2",
                            color_scheme="gray",
                            id="results-shown",
                        ),
                    ),
                    # arrow keys mean nothing on a touch screen: the hint is for a laptop only
                    rx.text(TEXT["keyboard"], size="2", color_scheme="gray", class_name="hg-keyboard-hint"),
                    spacing="3",
                    wrap="wrap",
                ),
                rx.vstack(
                    rx.foreach(SearchState.results, _result_row),
                    role="listbox",
                    aria_label=TEXT["results"],
                    spacing="1",
                    width="100%",
                ),
                width="100%",
                spacing="2",
            ),
            rx.text(TEXT["no_match"], color_scheme="gray"),
        ),
        rx.text(TEXT["start"], color_scheme="gray"),
    )


def _recent() -> rx.Component:
    return rx.cond(
        ArticleState.recent.length() > 0,
        rx.vstack(
            rx.text(TEXT["recent"], weight="bold", size="2"),
            rx.foreach(
                ArticleState.recent,
                lambda item: rx.hstack(
                    rx.text(item.when, size="1", color_scheme="gray", min_width="80px"),
                    rx.text(item.reference, size="1", font_family="monospace"),
                    rx.link(
                        item.title,
                        size="2",
                        href="/staff/products/" + item.product_id.to_string() + "?article=" + item.id.to_string(),
                    ),
                    rx.badge(item.review, color_scheme="gray", size="1"),
                    spacing="3",
                    wrap="wrap",
                    align="center",
                ),
            ),
            spacing="1",
            width="100%",
            padding_top="16px",
            id="recent-articles",
        ),
    )


def _brand_item(brand: rx.Var[BrandChoice]) -> rx.Component:
    return rx.select.item(brand.label, value=brand.brand)


def _content() -> rx.Component:
    return rx.cond(
        SearchPage.brands.length() == 0,
        rx.cond(
            SearchPage.user_role == "admin",  # the shop admin is the one who uploads: the way there
            rx.callout(
                rx.hstack(
                    rx.text(TEXT["no_catalogue_admin"]),
                    rx.link(TEXT["to_upload"], href="/admin/upload", id="to-upload"),
                    wrap="wrap",
                    spacing="2",
                ),
                icon="info",
                width="100%",
            ),
            rx.callout(TEXT["no_catalogue"], icon="info", width="100%"),
        ),
        rx.vstack(
            error_banner(SearchPage.error),
            rx.hstack(
                rx.select.root(
                    rx.select.trigger(placeholder=TEXT["brand"], aria_label=TEXT["brand"]),
                    rx.select.content(
                        rx.select.item(TEXT["all_brands"], value="__all__"),
                        rx.foreach(SearchPage.brands, _brand_item),
                    ),
                    # "all brands" shows instead of a placeholder (too faint to read: axe color-contrast)
                    value=rx.cond(SearchPage.brand == "", "__all__", SearchPage.brand),
                    on_change=SearchState.set_brand,
                    size="3",
                ),
                rx.input(
                    placeholder=TEXT["query"],
                    # The field is the browser's own (uncontrolled): each keystroke is searched at
                    # once and no answer rewrites what is being typed. It starts from the search
                    # kept in the state (back from a product page) and is remounted when the page
                    # itself puts another search there (SearchPage.query_version).
                    default_value=SearchState.query,
                    key=SearchPage.query_version,
                    on_change=SearchState.set_query,
                    on_key_down=SearchState.key_down,
                    size="3",
                    flex="1 1 240px",  # beside the brand on a laptop, under it on a phone
                    id="reference-query",
                    auto_complete="off",
                    aria_label=TEXT["reference"],
                ),
                width="100%",
                spacing="3",
                wrap="wrap",
            ),
            # A chosen product opens on its own page (/staff/products/<id>): the list uses the width.
            rx.vstack(_results(), _recent(), width="100%"),
            width="100%",
            spacing="4",
        ),
    )


def search_page() -> rx.Component:
    return page_shell(
        gated(SearchPage.access, _content(), TEXT["denied"]),
        title=TEXT["title"],
        user_name=SearchPage.user_name,
        user_role=SearchPage.user_role,
    )
