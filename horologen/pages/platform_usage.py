"""/platform/tenants, this month's usage (issue 29 item 5): each shop's articles, tokens and
estimated cost in yen, and the platform's total, below the tenants table (which keeps its width)."""

from __future__ import annotations

import reflex as rx

from horologen.components.tables import card_table, cell, headings
from horologen.state.platform_tenants import PlatformTenantsState, TenantRow

TEXT = {
    "heading": "今月の利用（概算）",
    "month": "対象月（日本時間）",
    "articles": "作成数（全店舗）",
    "tokens": "トークン（入力 / 出力）",
    "cost": "費用（全店舗・概算）",
    "shop": "テナント名",
    "shop_articles": "作成数",
    "shop_cost": "費用（概算）",
    "basis": (
        "費用は記事ごとのトークン数をモデルの公開価格と設定の為替レートで円にした概算です（請求額ではありません）。"
        "失敗した生成、主張チェック、「短くする」の費用も含みます。"
    ),
    "empty": "今月はまだどの店舗も記事を作成していません（費用は 0 円です）。",
}


def _stat(label: str, value: rx.Var | str, stat_id: str) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color_scheme="gray"),
        rx.text(value, size="4", weight="bold", id=stat_id),
        spacing="1",
        min_width="150px",
    )


def _shop_row(row: rx.Var[TenantRow]) -> rx.Component:
    return rx.table.row(
        cell(TEXT["shop"], row.name),
        cell(TEXT["shop_articles"], row.used),
        cell(TEXT["tokens"], row.tokens),
        cell(TEXT["shop_cost"], row.cost),
        data_usage_tenant=row.name,
    )


def platform_usage_card() -> rx.Component:
    """The platform's month and each shop's, how they are estimated; or the empty state."""
    s = PlatformTenantsState
    return rx.card(
        rx.vstack(
            rx.heading(TEXT["heading"], size="4"),
            rx.cond(
                s.has_usage,
                rx.vstack(
                    rx.hstack(
                        _stat(TEXT["month"], s.usage_month, "platform-month"),
                        _stat(TEXT["articles"], s.total_articles.to_string(), "platform-articles"),
                        _stat(TEXT["tokens"], s.total_tokens, "platform-tokens"),
                        _stat(TEXT["cost"], s.total_cost, "platform-cost"),
                        wrap="wrap",
                        spacing="4",
                    ),
                    card_table(
                        headings(*[TEXT[k] for k in ("shop", "shop_articles", "tokens", "shop_cost")]),
                        rx.table.body(rx.foreach(s.rows, _shop_row)),
                        width="100%",
                    ),
                    spacing="3",
                    width="100%",
                ),
                rx.text(TEXT["empty"], color_scheme="gray", id="platform-usage-empty"),
            ),
            rx.text(TEXT["basis"], size="1", color_scheme="gray"),
            rx.cond(s.cost_note != "", rx.text(s.cost_note, size="1", color_scheme="amber")),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="platform-usage",
    )
