"""The action card and the export history of /admin/articles: approve the selected articles, export
them in a mall's format (the check before, then the file), withdrawal files for sold pieces, whether
staff may approve their own articles, and the files made before."""

from __future__ import annotations

from functools import partial

import reflex as rx

from horologen.components.fields import NATIVE_SELECT_STYLE, labelled
from horologen.services.articles.exports import FORMATS
from horologen.services.articles.withdrawals import FORMATS as WITHDRAW_FORMATS
from horologen.state.admin_articles import AdminArticlesState

TEXT = {
    "approve": "選んだ記事を承認",
    "format": "出力形式",
    "export": "選んだ記事を出力",
    "export_excluding": "問題のある行を除外して出力",
    "withdraw_format": "取り下げファイル",
    "withdraw_export": "選んだ記事の取り下げファイルを出力",
    "report": "出力前の確認",
    "history": "出力履歴",
    "download": "もう一度ダウンロード",
    "purged": "保存期間を過ぎたためファイルは削除済み（記録のみ）",
    "self_approve": "スタッフが自分の記事を承認できる",
}
# Controls sit side by side: each only as wide as it needs.
_field = partial(labelled, full_width=False)
_SELECT = NATIVE_SELECT_STYLE


def actions_card() -> rx.Component:
    """Approve, export in a mall's format (with the check before), withdrawal files, self-approval."""
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
                            "記事 " + r.id + "（" + r.reference + "）: " + r.problems + " " + r.warnings,
                            size="1",
                            color_scheme=rx.cond(r.problems != "", "red", "amber"),
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


def export_history() -> rx.Component:
    """The files made before, each downloadable again until it is purged."""
    s = AdminArticlesState
    return rx.cond(
        s.exports_done.length() > 0,
        rx.vstack(
            rx.text(TEXT["history"], weight="bold", size="2"),
            rx.foreach(
                s.exports_done,
                lambda e: rx.hstack(
                    rx.text(e.when + "　" + e.format + "　" + e.rows + " 件", size="2"),
                    rx.cond(
                        e.url != "",
                        # A click downloads from the URL; a router link would route it as a page instead.
                        rx.button(
                            TEXT["download"],
                            size="1",
                            variant="soft",
                            on_click=rx.download(url=e.url, filename=e.filename),
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
