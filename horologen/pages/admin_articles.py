"""/admin/articles: every article of the shop, filters, 要更新, bulk approval, export files."""

from __future__ import annotations

from functools import partial

import reflex as rx

from horologen.components.fields import NATIVE_SELECT_STYLE, labelled
from horologen.components.layout import error_banner, gated, info_banner, page_shell
from horologen.components.tables import card_table, cell
from horologen.pages.admin_articles_actions import actions_card, export_history
from horologen.services.articles.lifecycle import STATUS_LABELS
from horologen.state.admin_articles import AdminArticlesState
from horologen.state.admin_articles_rows import ArticleLine
from horologen.state.base import DENIED_MESSAGE

TEXT = {
    "title": "記事の管理",
    "denied": DENIED_MESSAGE + "（店舗管理者専用）",
    "intro": "店舗の記事を確認・承認し、各モールの登録用ファイルに出力します。承認済みの記事は変更されません。",
    "status": "状態",
    "all": "すべて",
    "brand": "ブランド",
    "author": "作成者",
    "since": "作成日（以降）",
    "stale": "要更新のみ",
    "flags": "要確認ありのみ",
    "withdraw": "取り下げ要のみ",
    "withdraw_badge": "取り下げ要（売約済み）",
    "filter": "絞り込む",
    "select_all": "すべて選択",
    "empty": "条件に合う記事はありません。",
    "when": "作成日時",
    "product": "商品",
    "article": "タイトル",
    "channel": "掲載先",
    "open": "開く",
    "stale_badge": "要更新",
    "flag_badge": "要確認",
    "superseded": "新しい版あり",
    "regenerate": "新しい情報で作り直す",
}
# Filter and action controls sit side by side: each only as wide as it needs.
_field = partial(labelled, full_width=False)
COLUMNS = ("when", "product", "article", "author", "channel", "status")
_SELECT = NATIVE_SELECT_STYLE


def _filters() -> rx.Component:
    s = AdminArticlesState
    return rx.form(
        rx.hstack(
            _field(
                TEXT["status"],
                "filter-status",
                rx.el.select(
                    rx.el.option(TEXT["all"], value=""),
                    *[rx.el.option(label, value=key) for key, label in STATUS_LABELS.items()],
                    name="status",
                    id="filter-status",
                    default_value=s.status,
                    style=_SELECT,
                ),
            ),
            _field(TEXT["brand"], "filter-brand", rx.input(name="brand", id="filter-brand", default_value=s.brand)),
            _field(
                TEXT["author"],
                "filter-author",
                rx.el.select(
                    rx.el.option(TEXT["all"], value=""),
                    rx.foreach(s.authors, lambda a: rx.el.option(a.name, value=a.id)),
                    name="author",
                    id="filter-author",
                    default_value=s.author,
                    style=_SELECT,
                ),
            ),
            _field(
                TEXT["since"],
                "filter-since",
                rx.input(name="since", id="filter-since", type="date", default_value=s.since),
            ),
            rx.hstack(
                rx.el.input(
                    type="checkbox", name="stale_only", id="filter-stale", value="1", default_checked=s.stale_only
                ),
                rx.el.label(TEXT["stale"], html_for="filter-stale", style={"font-size": "13px"}),
                rx.el.input(
                    type="checkbox", name="flags_only", id="filter-flags", value="1", default_checked=s.flags_only
                ),
                rx.el.label(TEXT["flags"], html_for="filter-flags", style={"font-size": "13px"}),
                rx.el.input(
                    type="checkbox",
                    name="withdraw_only",
                    id="filter-withdraw",
                    value="1",
                    default_checked=s.withdraw_only,
                ),
                rx.el.label(TEXT["withdraw"], html_for="filter-withdraw", style={"font-size": "13px"}),
                align="center",
                spacing="1",
            ),
            rx.button(TEXT["filter"], type="submit", variant="soft"),
            spacing="3",
            align="end",
            wrap="wrap",
        ),
        on_submit=AdminArticlesState.apply_filters,
        reset_on_submit=False,
    )


def _row(row: rx.Var[ArticleLine]) -> rx.Component:
    s = AdminArticlesState
    return rx.table.row(
        rx.table.cell(
            rx.checkbox(
                checked=s.selected.contains(row.id),
                on_change=lambda checked: s.toggle(row.id, checked),
                aria_label="選択: " + row.title,
            )
        ),
        cell(TEXT["when"], row.when, white_space="nowrap"),
        cell(TEXT["product"], row.product),
        cell(
            TEXT["article"],
            rx.vstack(
                rx.link(row.title, href="/admin/articles/" + row.id),
                rx.cond(
                    row.stale != "",
                    rx.hstack(
                        rx.badge(TEXT["stale_badge"], color_scheme="orange", size="1"),
                        rx.text(row.stale, size="1"),
                        rx.link(
                            TEXT["regenerate"],
                            href="/staff/products/" + row.product_id,
                            size="1",
                        ),
                        spacing="2",
                        wrap="wrap",
                    ),
                ),
                spacing="1",
            ),
        ),
        cell(TEXT["author"], row.author),
        cell(TEXT["channel"], row.channel),
        cell(
            TEXT["status"],
            rx.hstack(
                rx.badge(row.status, size="1"),
                rx.text("版" + row.version, size="1", color_scheme="gray"),
                rx.cond(
                    row.flags != "",
                    rx.badge(TEXT["flag_badge"] + " " + row.flags, color_scheme="amber", size="1"),
                ),
                rx.cond(row.superseded, rx.badge(TEXT["superseded"], color_scheme="gray", size="1")),
                rx.cond(
                    row.withdraw,
                    rx.badge(TEXT["withdraw_badge"], color_scheme="red", size="1", class_name="withdraw-badge"),
                ),
                wrap="wrap",
                spacing="1",
            ),
        ),
        data_article=row.id,
    )


def _all_selected() -> rx.Var[bool]:
    """Ticked while every row shown is selected (unticking a row unticks it)."""
    s = AdminArticlesState
    return (s.rows.length() > 0) & (s.selected.length() == s.rows.length())


def _table() -> rx.Component:
    s = AdminArticlesState
    return rx.cond(
        s.rows.length() > 0,
        rx.box(
            # Also above the table: on a phone the rows are cards and the header row is not shown.
            rx.checkbox(
                TEXT["select_all"],
                checked=_all_selected(),
                on_change=s.select_all,
                id="select-all",
                margin_bottom="8px",
            ),
            card_table(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(""),  # すべて選択 is above the table, for every width
                        *[
                            rx.table.column_header_cell(TEXT[k])
                            for k in ("when", "product", "article", "author", "channel", "status")
                        ],
                    )
                ),
                rx.table.body(rx.foreach(s.rows, _row)),
                width="100%",
                id="article-table",
            ),
            width="100%",
        ),
        rx.text(TEXT["empty"], color_scheme="gray", id="articles-empty"),
    )


def _content() -> rx.Component:
    s = AdminArticlesState
    return rx.vstack(
        rx.text(TEXT["intro"], size="2", color_scheme="gray"),
        error_banner(s.error),
        info_banner(s.notice),
        _filters(),
        actions_card(),
        _table(),
        export_history(),
        spacing="4",
        width="100%",
    )


def admin_articles_page() -> rx.Component:
    return page_shell(
        gated(AdminArticlesState.access, _content(), TEXT["denied"]),
        title=TEXT["title"],
        user_name=AdminArticlesState.user_name,
        user_role=AdminArticlesState.user_role,
    )
