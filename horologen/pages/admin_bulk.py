"""/admin/bulk: articles for many products at once (Message Batches), within the month's quota."""

from __future__ import annotations

import reflex as rx

from horologen.components.confirm import CANCEL, confirm_dialog
from horologen.components.fields import NATIVE_SELECT_STYLE, labelled
from horologen.components.layout import error_banner, gated, info_banner, page_shell
from horologen.services.articles.prompting import CHANNELS
from horologen.state.admin_bulk import AdminBulkState, JobLine
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
    "targets": "対象の商品",
    "more_before": "ほか ",
    "more_after": " 件",
    "progress": "進み具合",
    "cancel_pending": "中止を依頼しました",
    "auto": "処理中の一括作成は数秒ごとに自動で更新されます。",
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


def _start_dialog(trigger: rx.Component, on_confirm: rx.event.EventSpec) -> rx.Component:
    """The confirmation before a job starts: what it costs, and which products (brand and reference,
    the first bulk.PREVIEW_PRODUCTS, then 「ほか N 件」). Starting is not destructive: not red."""
    s = AdminBulkState
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(trigger),
        rx.alert_dialog.content(
            rx.alert_dialog.title(TEXT["title"]),
            rx.alert_dialog.description(TEXT["confirm"]),
            rx.text(TEXT["targets"], " ", s.count.to_string(), " 件", weight="bold", size="2", margin_top="12px"),
            rx.box(
                rx.el.ul(
                    rx.foreach(s.products, lambda name: rx.el.li(name)),
                    style={"margin": "0", "padding-left": "1.2em", "font-size": "14px"},
                ),
                rx.cond(
                    s.products_more > 0,
                    rx.text(TEXT["more_before"], s.products_more.to_string(), TEXT["more_after"], size="2"),
                ),
                max_height="40vh",
                overflow_y="auto",
                # a scrolling box must be reachable by keyboard (axe scrollable-region-focusable)
                tab_index=0,
                role="region",
                aria_label=TEXT["targets"],
                padding="8px",
                border="1px solid var(--gray-6)",
                border_radius="6px",
                margin_top="4px",
                id="bulk-confirm-products",
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(CANCEL, variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(TEXT["ok"], on_click=on_confirm)),
                justify="end",
                spacing="3",
                margin_top="16px",
            ),
        ),
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
                _start_dialog(start, AdminBulkState.submit(False)),
                rx.vstack(
                    rx.text(TEXT["over"], color_scheme="red", size="2"),
                    _start_dialog(
                        rx.button(TEXT["trim"], id="bulk-trim", loading=s.submitting, disabled=s.unavailable != ""),
                        AdminBulkState.submit(True),
                    ),
                ),
            ),
            spacing="3",
        ),
        width="100%",
    )


def _bar(job: rx.Var[JobLine]) -> rx.Component:
    """finished of total as a bar (0 of 1 is empty); green when done, red when failed."""
    colour = rx.match(job.state, ("done", "var(--green-9)"), ("failed", "var(--red-9)"),
                      ("cancelled", "var(--gray-8)"), "var(--accent-9)")  # fmt: skip
    return rx.box(
        rx.box(height="100%", width=job.bar, background=colour, border_radius="4px"),
        role="progressbar",
        aria_label=TEXT["progress"],
        aria_valuemin="0",
        aria_valuemax=job.total,
        aria_valuenow=job.finished,
        aria_valuetext=job.counts,
        height="8px",
        width="100%",
        background="var(--gray-a4)",
        border_radius="4px",
        overflow="hidden",
        class_name="bulk-bar",
    )


def _job(job: rx.Var[JobLine]) -> rx.Component:
    s = AdminBulkState
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(job.when, size="2", color_scheme="gray"),
                rx.badge(job.status),
                rx.cond(
                    job.cancelling,
                    rx.badge(TEXT["cancel_pending"], color_scheme="amber", class_name="bulk-cancelling"),
                ),
                rx.text(job.counts, size="2"),
                rx.spacer(),
                rx.link(TEXT["articles"], href="/admin/articles", size="2"),
                rx.cond(
                    job.open & ~job.cancelling,
                    confirm_dialog(
                        rx.button(TEXT["cancel"], size="1", variant="soft", color_scheme="red"),
                        TEXT["title"],
                        TEXT["cancel_confirm"],
                        TEXT["cancel"],
                        s.cancel(job.id),
                    ),
                ),
                width="100%",
                align="center",
                wrap="wrap",
            ),
            _bar(job),
            rx.cond(job.error != "", rx.text(job.error, size="1", color_scheme="red")),
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
            rx.cond(s.has_open, rx.text(TEXT["auto"], size="1", color_scheme="gray", id="bulk-auto")),
            align="center",
            wrap="wrap",
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
