"""/admin/usage: the shop's month at a glance."""

from __future__ import annotations

from typing import Any

import reflex as rx

from horologen.components.layout import error_banner, gated, page_shell
from horologen.components.tables import card_table, cell, headings
from horologen.state.admin_usage import AdminUsageState
from horologen.state.base import DENIED_MESSAGE

TEXT = {
    "title": "利用状況",
    "denied": DENIED_MESSAGE + "（店舗管理者専用）",
    "month": "対象月（日本時間）",
    "tokens": "トークン（入力 / 出力）",
    "cost": "今月の費用（概算）",
    "cost_col": "費用（概算）",
    "chart": "日ごとの費用（円、概算）と作成数",
    "cost_basis": (
        "費用は記事ごとのトークン数をモデルの公開価格と設定の為替レートで円にした概算です（請求額ではありません）。"
    ),
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
        error_banner(s.error),
        rx.hstack(
            _stat(TEXT["month"], s.month),
            _stat("作成数", s.quota_label, "usage-quota"),
            _stat("残り", s.remaining),
            _stat(TEXT["cost"], s.cost, "usage-cost"),
            _stat(TEXT["tokens"], s.input_tokens + " / " + s.output_tokens),
            _stat(TEXT["failed"], s.failed.to_string()),
            wrap="wrap",
            spacing="3",
        ),
        rx.text(TEXT["cost_basis"], size="1", color_scheme="gray"),
        rx.cond(s.cost_note != "", rx.text(s.cost_note, size="1", color_scheme="amber")),
        rx.cond(
            s.days.length() > 0,
            rx.vstack(
                rx.heading(TEXT["chart"], size="4"),
                rx.recharts.bar_chart(
                    # Two scales: yen on the left, articles on the right (a day's cost is often under 1 yen).
                    rx.recharts.bar(data_key="cost_yen", name="費用（円）", fill="var(--accent-9)", y_axis_id="yen"),
                    rx.recharts.bar(data_key="articles", name="作成数（本）", fill="var(--gray-8)", y_axis_id="count"),
                    rx.recharts.x_axis(data_key="day"),
                    rx.recharts.y_axis(y_axis_id="yen", orientation="left"),
                    rx.recharts.y_axis(y_axis_id="count", orientation="right", allow_decimals=False),
                    rx.recharts.graphing_tooltip(),
                    rx.recharts.legend(),
                    data=s.days.to(list[dict[str, Any]]),  # recharts takes plain objects: the same JSON
                    width="100%",
                    height=240,
                ),
                width="100%",
                id="usage-chart",
            ),
        ),
        rx.heading(TEXT["per_user"], size="4"),
        card_table(
            headings(*[TEXT[k] for k in ("email", "name", "articles", "tokens", "cost_col")]),
            rx.table.body(
                rx.foreach(
                    s.per_user,
                    lambda u: rx.table.row(
                        cell(TEXT["email"], u.email),
                        cell(TEXT["name"], u.name),
                        cell(TEXT["articles"], u.articles),
                        cell(TEXT["tokens"], u.tokens),
                        cell(TEXT["cost_col"], u.cost),
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
                            rx.text(a.when, size="1", color_scheme="gray"),
                            rx.text(a.reference, size="2", weight="bold"),
                            rx.text(a.title, size="2"),
                            spacing="3",
                        ),
                        rx.text(a.preview, size="1", color_scheme="gray"),
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
