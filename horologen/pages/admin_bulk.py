"""/admin/bulk: articles for many products at once (Message Batches), within the month's quota."""

from __future__ import annotations

import reflex as rx

from horologen.components.confirm import confirm_dialog
from horologen.components.fields import NATIVE_SELECT_STYLE, labelled
from horologen.components.layout import error_banner, gated, info_banner, page_shell
from horologen.services.articles.prompting import CHANNELS
from horologen.state.admin_bulk import AdminBulkState
from horologen.state.base import DENIED_MESSAGE

TEXT = {
    "title": "一括作成",
    "denied": DENIED_MESSAGE + "（店舗管理者専用）",
    "intro": (
        "条件に合う商品の記事をまとめて作成します。まとめて依頼するため 1 件ずつより費用が安く、"
        "結果は通常数分〜数時間（最長 24 時間）で届きます。作成された記事は下書きとして「記事の管理」に入り、"
        "1 件ずつ確認・承認してから出力します。"
    ),
    "brand": "ブランド（一部でも可）",
    "without": "まだ記事がない商品だけ",
    "stale": "要更新の記事がある商品だけ",
    "channel": "掲載先",
    "preview": "対象を確認",
    "count": "対象",
    "remaining": "今月の残り",
    "estimate": "概算費用",
    "estimate_note": "（Sonnet の一括料金・1 ドル 150 円で換算した目安）",
    "submit": "一括作成を開始",
    "trim": "残り件数分だけ作成",
    "confirm": (
        "記事をまとめて作成します。対象の件数分、今月の作成数を予約します"
        "（失敗・期限切れ・中止の分は戻ります）。よろしいですか？"
    ),
    "ok": "開始する",
    "over": "対象が今月の残りを超えています。商品を絞るか、残り件数分だけ作成してください。",
    "jobs": "これまでの一括作成",
    "refresh": "状態を更新",
    "cancel": "中止",
    "cancel_confirm": "この一括作成を中止しますか？ 終わっていない分は作成されず、今月の作成数に戻ります。",
    "articles": "記事の管理で見る",
    "empty": "まだ一括作成はありません。",
}


def _form() -> rx.Component:
    s = AdminBulkState
    return rx.form(
        rx.hstack(
            labelled(
                TEXT["brand"],
                "bulk-brand",
                rx.input(name="brand", id="bulk-brand", default_value=s.brand),
                full_width=False,
            ),
            labelled(
                TEXT["channel"],
                "bulk-channel",
                rx.el.select(
                    *[rx.el.option(label, value=key) for key, label in CHANNELS.items()],
                    name="channel",
                    id="bulk-channel",
                    default_value=s.channel,
                    style=NATIVE_SELECT_STYLE,
                ),
                full_width=False,
            ),
            rx.hstack(
                rx.el.input(
                    type="checkbox",
                    name="without_article",
                    id="bulk-without",
                    value="1",
                    default_checked=s.without_article,
                ),
                rx.el.label(TEXT["without"], html_for="bulk-without", style={"font-size": "13px"}),
                rx.el.input(
                    type="checkbox", name="stale_only", id="bulk-stale", value="1", default_checked=s.stale_only
                ),
                rx.el.label(TEXT["stale"], html_for="bulk-stale", style={"font-size": "13px"}),
                align="center",
                spacing="1",
            ),
            rx.button(TEXT["preview"], type="submit", variant="soft", id="bulk-preview"),
            spacing="3",
            align="end",
            wrap="wrap",
        ),
        on_submit=AdminBulkState.preview,
        reset_on_submit=False,
    )


def _summary() -> rx.Component:
    s = AdminBulkState
    start = rx.button(
        TEXT["submit"],
        size="3",
        loading=s.submitting,
        disabled=(s.count == 0) | (s.unavailable != ""),
        id="bulk-submit",
    )
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(TEXT["count"], ": ", rx.el.strong(s.count.to_string(), " 件"), id="bulk-count"),
                rx.text(TEXT["remaining"], ": ", s.remaining, id="bulk-remaining"),
                rx.text(TEXT["estimate"], ": ", s.estimate, rx.el.small(TEXT["estimate_note"])),
                spacing="5",
                wrap="wrap",
            ),
            rx.cond(s.capped != "", rx.text(s.capped, size="2", color_scheme="amber", id="bulk-capped")),
            rx.cond(
                s.fits,
                confirm_dialog(start, TEXT["title"], TEXT["confirm"], TEXT["ok"], AdminBulkState.submit(False)),
                rx.vstack(
                    rx.text(TEXT["over"], color_scheme="red", size="2"),
                    confirm_dialog(
                        rx.button(TEXT["trim"], id="bulk-trim", loading=s.submitting, disabled=s.unavailable != ""),
                        TEXT["title"],
                        TEXT["confirm"],
                        TEXT["ok"],
                        AdminBulkState.submit(True),
                    ),
                ),
            ),
            spacing="3",
        ),
        width="100%",
    )


def _job(job: rx.Var[dict[str, str]]) -> rx.Component:
    s = AdminBulkState
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(job["when"], size="2", color_scheme="gray"),
                rx.badge(job["status"]),
                rx.text(job["counts"], size="2"),
                rx.spacer(),
                rx.link(TEXT["articles"], href="/admin/articles", size="2"),
                rx.cond(
                    (job["open"] != "") & (job["cancelling"] == ""),
                    confirm_dialog(
                        rx.button(TEXT["cancel"], size="1", variant="soft", color_scheme="red"),
                        TEXT["title"],
                        TEXT["cancel_confirm"],
                        TEXT["cancel"],
                        s.cancel(job["id"]),
                    ),
                ),
                width="100%",
                align="center",
                wrap="wrap",
            ),
            rx.progress(value=job["progress"].to(int), width="100%"),
            rx.cond(job["error"] != "", rx.text(job["error"], size="1", color_scheme="red")),
            width="100%",
            spacing="2",
        ),
        width="100%",
        class_name="bulk-job",
    )


def _content() -> rx.Component:
    s = AdminBulkState
    return rx.vstack(
        rx.text(TEXT["intro"], size="2", color_scheme="gray"),
        rx.cond(
            s.unavailable != "",
            rx.callout(s.unavailable, icon="info", color_scheme="amber", width="100%", id="generation-unavailable"),
        ),
        error_banner(s.error),
        info_banner(s.notice),
        _form(),
        rx.cond(s.count > 0, _summary()),
        rx.hstack(
            rx.text(TEXT["jobs"], weight="bold"),
            rx.button(TEXT["refresh"], size="1", variant="ghost", on_click=s.refresh, id="bulk-refresh"),
            align="center",
        ),
        rx.cond(
            s.jobs.length() > 0,
            rx.vstack(rx.foreach(s.jobs, _job), width="100%", spacing="2", id="bulk-jobs"),
            rx.text(TEXT["empty"], size="2", color_scheme="gray"),
        ),
        spacing="4",
        width="100%",
    )


def admin_bulk_page() -> rx.Component:
    return page_shell(
        gated(AdminBulkState.access, _content(), TEXT["denied"]),
        title=TEXT["title"],
        user_name=AdminBulkState.user_name,
        user_role=AdminBulkState.user_role,
    )
