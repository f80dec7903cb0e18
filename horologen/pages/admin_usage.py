"""/admin/usage: the shop's month at a glance."""

from __future__ import annotations

import reflex as rx

from horologen.components.layout import gated, page_shell
from horologen.components.tables import card_table, cell, headings
from horologen.state.admin_usage import AdminUsageState
from horologen.state.base import DENIED_MESSAGE

TEXT = {
    "title": "利用状況",
    "denied": DENIED_MESSAGE + "（店舗管理者専用）",
    "month": "対象月（日本時間）",
    "tokens": "トークン（入力 / 出力）",
    "failed": "失敗・中止（上限に数えません）",
    "per_user": "スタッフ別",
    "email": "メールアドレス",
    "name": "表示名",
    "articles": "記事数",
    "recent": "最近の記事（店舗全体）",
    "no_articles": "記事はまだありません。",
}


def _stat(label: str, value: rx.Var | str, stat_id: str = "") -> rx.Component:
    return rx.card(
        rx.vstack(rx.text(label, size="1", color_scheme="gray"), rx.text(value, size="5", weight="bold", id=stat_id)),
        min_width="180px",
    )


def _content() -> rx.Component:
    s = AdminUsageState
    return rx.vstack(
        rx.hstack(
            _stat(TEXT["month"], s.month),
            _stat("作成数", s.quota_label, "usage-quota"),
            _stat("残り", s.remaining),
            _stat(TEXT["tokens"], s.input_tokens + " / " + s.output_tokens),
            _stat(TEXT["failed"], s.failed.to_string()),
            wrap="wrap",
            spacing="3",
        ),
        rx.heading(TEXT["per_user"], size="4"),
        card_table(
            headings(*[TEXT[k] for k in ("email", "name", "articles", "tokens")]),
            rx.table.body(
                rx.foreach(
                    s.per_user,
                    lambda u: rx.table.row(
                        cell(TEXT["email"], u["email"]),
                        cell(TEXT["name"], u["name"]),
                        cell(TEXT["articles"], u["articles"]),
                        cell(TEXT["tokens"], u["tokens"]),
                    ),
                )
            ),
            width="100%",
        ),
        rx.heading(TEXT["recent"], size="4"),
        rx.cond(
            s.recent.length() > 0,
            rx.vstack(
                rx.foreach(
                    s.recent,
                    lambda a: rx.box(
                        rx.hstack(
                            rx.text(a["when"], size="1", color_scheme="gray"),
                            rx.text(a["reference"], size="2", weight="bold"),
                            rx.text(a["title"], size="2"),
                            spacing="3",
                        ),
                        rx.text(a["preview"], size="1", color_scheme="gray"),
                        padding_y="4px",
                    ),
                ),
                width="100%",
            ),
            rx.text(TEXT["no_articles"], color_scheme="gray"),
        ),
        spacing="4",
        width="100%",
    )


def admin_usage_page() -> rx.Component:
    return page_shell(
        gated(AdminUsageState.access, _content(), TEXT["denied"]),
        title=TEXT["title"],
        user_name=AdminUsageState.user_name,
        user_role=AdminUsageState.user_role,
    )
