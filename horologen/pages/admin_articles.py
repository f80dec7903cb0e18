"""/admin/articles: every article of the shop, filters, 要更新, bulk approval, export files."""

from __future__ import annotations

from functools import partial

import reflex as rx

from horologen.components.fields import NATIVE_SELECT_STYLE, labelled
from horologen.components.layout import error_banner, gated, info_banner, page_shell
from horologen.components.tables import card_table, cell
from horologen.services.articles.exports import FORMATS
from horologen.services.articles.lifecycle import STATUS_LABELS
from horologen.services.articles.withdrawals import FORMATS as WITHDRAW_FORMATS
from horologen.state.admin_articles import AdminArticlesState
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
    "withdraw_format": "取り下げファイル",
    "withdraw_export": "選んだ記事の取り下げファイルを出力",
    "filter": "絞り込む",
    "select_all": "すべて選択",
    "approve": "選んだ記事を承認",
    "format": "出力形式",
    "export": "選んだ記事を出力",
    "export_excluding": "問題のある行を除外して出力",
    "empty": "条件に合う記事はありません。",
    "when": "作成日時",
    "product": "商品",
    "article": "タイトル",
    "channel": "掲載先",
    "open": "開く",
    "stale_badge": "要更新",
    "flag_badge": "要確認",
    "superseded": "新しい版あり",
    "report": "出力前の確認",
    "history": "出力履歴",
    "download": "もう一度ダウンロード",
    "purged": "保存期間を過ぎたためファイルは削除済み（記録のみ）",
    "self_approve": "スタッフが自分の記事を承認できる",
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
                    rx.foreach(s.authors, lambda a: rx.el.option(a["name"], value=a["id"])),
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


def _row(row: rx.Var[dict[str, str]]) -> rx.Component:
    s = AdminArticlesState
    return rx.table.row(
        rx.table.cell(
            rx.checkbox(
                checked=s.selected.contains(row["id"]),
                on_change=lambda checked: s.toggle(row["id"], checked),
                aria_label="選択: " + row["title"],
            )
        ),
        cell(TEXT["when"], row["when"], white_space="nowrap"),
        cell(TEXT["product"], row["product"]),
        cell(
            TEXT["article"],
            rx.vstack(
                rx.link(row["title"], href="/admin/articles/" + row["id"]),
                rx.cond(
                    row["stale"] != "",
                    rx.hstack(
                        rx.badge(TEXT["stale_badge"], color_scheme="orange", size="1"),
                        rx.text(row["stale"], size="1"),
                        rx.link(
                            TEXT["regenerate"],
                            href="/staff/products/" + row["product_id"],
                            size="1",
                        ),
                        spacing="2",
                        wrap="wrap",
                    ),
                ),
                spacing="1",
            ),
        ),
        cell(TEXT["author"], row["author"]),
        cell(TEXT["channel"], row["channel"]),
        cell(
            TEXT["status"],
            rx.hstack(
                rx.badge(row["status"], size="1"),
                rx.text("版" + row["version"], size="1", color_scheme="gray"),
                rx.cond(
                    row["flags"] != "",
                    rx.badge(TEXT["flag_badge"] + " " + row["flags"], color_scheme="amber", size="1"),
                ),
                rx.cond(row["superseded"] != "", rx.badge(TEXT["superseded"], color_scheme="gray", size="1")),
                rx.cond(
                    row["withdraw"] != "",
                    rx.badge(TEXT["withdraw_badge"], color_scheme="red", size="1", class_name="withdraw-badge"),
                ),
                wrap="wrap",
                spacing="1",
            ),
        ),
        data_article=row["id"],
    )


def _table() -> rx.Component:
    s = AdminArticlesState
    return rx.cond(
        s.rows.length() > 0,
        rx.box(
            card_table(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(
                            rx.checkbox(on_change=s.select_all, aria_label=TEXT["select_all"]),
                        ),
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


def _actions() -> rx.Component:
    s = AdminArticlesState
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.button(TEXT["approve"], on_click=s.approve_selected, color_scheme="green", id="approve-selected"),
                _field(
                    TEXT["format"],
                    "export-format",
                    rx.el.select(
                        *[rx.el.option(label, value=key) for key, label in FORMATS.items()],
                        id="export-format",
                        value=s.fmt,
                        on_change=s.set_fmt,
                        style=_SELECT,
                    ),
                ),
                rx.button(TEXT["export"], on_click=s.export_selected(False), loading=s.exporting, id="export-selected"),
                rx.cond(
                    s.invalid_count > 0,
                    rx.button(
                        TEXT["export_excluding"],
                        on_click=s.export_selected(True),
                        variant="outline",
                        color_scheme="red",
                    ),
                ),
                spacing="3",
                align="end",
                wrap="wrap",
            ),
            rx.hstack(
                _field(
                    TEXT["withdraw_format"],
                    "withdraw-format",
                    rx.el.select(
                        *[rx.el.option(label, value=key) for key, label in WITHDRAW_FORMATS.items()],
                        id="withdraw-format",
                        value=s.withdraw_fmt,
                        on_change=s.set_withdraw_fmt,
                        style=_SELECT,
                    ),
                ),
                rx.button(
                    TEXT["withdraw_export"],
                    on_click=s.withdraw_selected,
                    variant="outline",
                    color_scheme="red",
                    id="withdraw-selected",
                ),
                spacing="3",
                align="end",
                wrap="wrap",
            ),
            rx.cond(
                s.export_progress != "",
                rx.text(s.export_progress, size="2", role="status", id="export-progress"),
            ),
            rx.cond(
                s.report.length() > 0,
                rx.vstack(
                    rx.text(TEXT["report"], weight="bold", size="2"),
                    rx.foreach(
                        s.report,
                        lambda r: rx.text(
                            "記事 " + r["id"] + "（" + r["reference"] + "）: " + r["problems"] + " " + r["warnings"],
                            size="1",
                            color_scheme=rx.cond(r["problems"] != "", "red", "amber"),
                        ),
                    ),
                    id="export-report",
                    spacing="1",
                ),
            ),
            rx.hstack(
                rx.switch(checked=s.self_approve, on_change=s.set_self_approve, id="self-approve"),
                rx.el.label(TEXT["self_approve"], html_for="self-approve", style={"font-size": "13px"}),
                align="center",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _history() -> rx.Component:
    s = AdminArticlesState
    return rx.cond(
        s.exports_done.length() > 0,
        rx.vstack(
            rx.text(TEXT["history"], weight="bold", size="2"),
            rx.foreach(
                s.exports_done,
                lambda e: rx.hstack(
                    rx.text(e["when"] + "　" + e["format"] + "　" + e["rows"] + " 件", size="2"),
                    rx.cond(
                        e["url"] != "",
                        # A click downloads from the URL; a router link would route it as a page instead.
                        rx.button(
                            TEXT["download"],
                            size="1",
                            variant="soft",
                            on_click=rx.download(url=e["url"], filename=e["filename"]),
                            class_name="export-download",
                        ),
                        rx.text(TEXT["purged"], size="1", color_scheme="gray"),
                    ),
                    align="center",
                ),
            ),
            spacing="1",
            id="export-history",
        ),
    )


def _content() -> rx.Component:
    s = AdminArticlesState
    return rx.vstack(
        rx.text(TEXT["intro"], size="2", color_scheme="gray"),
        error_banner(s.error),
        info_banner(s.notice),
        _filters(),
        _actions(),
        _table(),
        _history(),
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
