"""/platform/tenants: tenants, plans, limits, usage; create tenants and their first admin."""

from __future__ import annotations

import reflex as rx

from horologen.components.fields import NATIVE_SELECT_STYLE, labelled
from horologen.components.layout import error_banner, gated, info_banner, page_shell
from horologen.components.tables import card_table, cell, headings
from horologen.pages.platform_usage import platform_usage_card
from horologen.state.base import DENIED_MESSAGE
from horologen.state.platform_tenants import PlatformTenantsState, TenantRow

TEXT = {
    "title": "テナント管理",
    "denied": DENIED_MESSAGE + "（プラットフォーム管理者専用）",
    "new": "テナントを作成",
    "name": "テナント名",
    "create": "作成",
    "id": "ID",
    "status": "状態",
    "plan": "プラン",
    "limit": "月間上限",
    "used": "今月の作成数",
    "users": "ユーザー数",
    "actions": "操作",
    "disable": "無効にする",
    "enable": "有効にする",
    "disable_confirm": "このテナントを無効にしますか？ 所属ユーザー全員がログインできなくなります（データは残ります）",
    "settings": "設定",
    "plan_default": "全体の既定に従う",
    "limit_placeholder": "月の上限（空欄で全体の既定）",
    "save": "保存",
    "rename": "名前を変更",
    "admin": "店舗管理者を作成",
    "email": "メールアドレス",
    "display_name": "表示名",
    "cancel": "キャンセル",
    "once": "仮パスワード（このダイアログを閉じると二度と表示されません。いま控えてください）",
    "copy": "コピー",
    "copied": "コピーしました",
    "copy_label": "仮パスワードをコピー",
    "ok": "実行",
    "model": "記事生成のモデル",
    "model_check": "モデルの応答を確認",
    "model_ok": "応答あり",
    "model_ng": "応答なし",
    "model_off": "未設定（記事生成は停止中）",
    "model_unchecked": "未確認",
    "model_ng_hint": "Render の Environment で HOROLOGEN_MODEL（提供終了していない現在のモデル）と "
    "ANTHROPIC_API_KEY を確認し、再デプロイしてください。",
}


def _one_time_password() -> rx.Component:
    """The new admin's temporary password, in the dialog that created it, with a copy button."""
    s = PlatformTenantsState
    return rx.cond(
        s.shown_password != "",
        rx.callout(
            rx.vstack(
                rx.text(TEXT["once"], weight="bold"),
                rx.text(s.shown_password_for, size="2"),
                rx.hstack(
                    rx.code(s.shown_password, id="temporary-password", size="4"),
                    rx.button(
                        TEXT["copy"],
                        size="1",
                        variant="outline",
                        on_click=[rx.set_clipboard(s.shown_password), rx.toast.info(TEXT["copied"])],
                        aria_label=TEXT["copy_label"],
                    ),
                    spacing="3",
                    align="center",
                    wrap="wrap",
                ),
                spacing="1",
            ),
            icon="key_round",
            color_scheme="amber",
            width="100%",
        ),
    )


def _dialog_messages(row: rx.Var[TenantRow]) -> rx.Component:
    """What the last request from this tenant's dialog answered: inside the dialog, above its overlay."""
    s = PlatformTenantsState
    return rx.cond(
        s.dialog_tenant == row.id,
        rx.vstack(error_banner(s.error), info_banner(s.notice), _one_time_password(), spacing="2", width="100%"),
    )


def _settings_dialog(row: rx.Var[TenantRow]) -> rx.Component:
    s = PlatformTenantsState
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(TEXT["settings"], size="1", variant="soft")),
        rx.dialog.content(
            rx.dialog.title(row.name),
            rx.vstack(
                _dialog_messages(row),
                rx.form(
                    rx.hstack(
                        rx.el.input(type="hidden", name="tenant_id", value=row.id),
                        rx.input(name="name", default_value=row.name, width="240px", aria_label=TEXT["name"]),
                        rx.button(TEXT["rename"], type="submit", variant="soft"),
                    ),
                    on_submit=s.rename,
                ),
                rx.form(
                    rx.hstack(
                        rx.el.input(type="hidden", name="tenant_id", value=row.id),
                        labelled(
                            TEXT["plan"],
                            "tenant-plan",
                            rx.el.select(
                                rx.el.option(TEXT["plan_default"], value=""),
                                rx.el.option("上限あり", value="limited"),
                                rx.el.option("無制限", value="unlimited"),
                                name="plan",
                                id="tenant-plan",
                                default_value=row.plan_override,
                                style=NATIVE_SELECT_STYLE,
                            ),
                            full_width=False,
                        ),
                        labelled(
                            TEXT["limit"],
                            "tenant-limit",
                            rx.input(
                                name="monthly_limit",
                                id="tenant-limit",
                                type="number",
                                min="0",
                                default_value=row.limit_override,
                                placeholder=TEXT["limit_placeholder"],
                                width="220px",
                            ),
                            full_width=False,
                        ),
                        rx.button(TEXT["save"], type="submit", variant="soft"),
                        wrap="wrap",
                        align="end",
                    ),
                    on_submit=s.set_plan,
                    no_validate=True,  # the service answers a wrong limit in Japanese
                ),
                rx.cond(
                    ~row.platform,
                    rx.form(
                        rx.vstack(
                            rx.text(TEXT["admin"], weight="bold", size="2"),
                            rx.el.input(type="hidden", name="tenant_id", value=row.id),
                            rx.hstack(
                                rx.input(name="email", type="email", placeholder=TEXT["email"], width="240px"),
                                rx.input(name="display_name", placeholder=TEXT["display_name"], width="160px"),
                                rx.button(TEXT["create"], type="submit"),
                                wrap="wrap",
                            ),
                        ),
                        on_submit=s.create_admin,
                        reset_on_submit=True,
                        no_validate=True,  # the service answers a wrong address in Japanese
                    ),
                ),
                rx.dialog.close(rx.button("閉じる", variant="soft", color_scheme="gray")),
                spacing="4",
            ),
        ),
        on_open_change=s.dialog_opened,
    )


def _row(row: rx.Var[TenantRow]) -> rx.Component:
    s = PlatformTenantsState
    return rx.table.row(
        cell(TEXT["id"], row.id),
        cell(TEXT["name"], row.name),
        cell(TEXT["status"], row.status),
        cell(TEXT["plan"], row.plan),
        cell(TEXT["limit"], row.limit),
        cell(TEXT["used"], row.used),
        cell(TEXT["users"], row.users),
        cell(
            TEXT["actions"],
            rx.hstack(
                _settings_dialog(row),
                rx.cond(
                    ~row.platform,
                    rx.cond(
                        row.active,
                        rx.alert_dialog.root(
                            rx.alert_dialog.trigger(
                                rx.button(TEXT["disable"], size="1", variant="soft", color_scheme="red")
                            ),
                            rx.alert_dialog.content(
                                rx.alert_dialog.title(row.name),
                                rx.alert_dialog.description(TEXT["disable_confirm"]),
                                rx.hstack(
                                    rx.alert_dialog.cancel(
                                        rx.button(TEXT["cancel"], variant="soft", color_scheme="gray")
                                    ),
                                    rx.alert_dialog.action(
                                        rx.button(TEXT["ok"], color_scheme="red", on_click=s.set_active(row.id, False))
                                    ),
                                    justify="end",
                                    spacing="3",
                                    margin_top="16px",
                                ),
                            ),
                        ),
                        rx.button(TEXT["enable"], size="1", variant="soft", on_click=s.set_active(row.id, True)),
                    ),
                ),
                spacing="2",
            ),
        ),
        data_tenant=row.name,
    )


def _model_card() -> rx.Component:
    s = PlatformTenantsState
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.text(TEXT["model"], weight="bold"),
                rx.text(s.model_label, size="2"),
                rx.match(
                    s.model_status,
                    ("ok", rx.badge(TEXT["model_ok"], color_scheme="green")),
                    ("ng", rx.badge(TEXT["model_ng"], color_scheme="red")),
                    ("off", rx.badge(TEXT["model_off"], color_scheme="gray")),
                    rx.badge(TEXT["model_unchecked"], color_scheme="gray", variant="outline"),
                ),
                rx.cond(s.model_status == "ng", rx.text(TEXT["model_ng_hint"], size="2", color_scheme="red")),
                rx.cond(s.model_detail != "", rx.text(s.model_detail, size="1", color_scheme="gray")),
                spacing="1",
                align="start",
            ),
            rx.spacer(),
            rx.button(
                TEXT["model_check"],
                on_click=s.check_model,
                loading=s.model_checking,
                variant="soft",
                id="model-check",
            ),
            width="100%",
            align="center",
        ),
        width="100%",
    )


def _content() -> rx.Component:
    s = PlatformTenantsState
    return rx.vstack(
        _model_card(),
        rx.cond(s.dialog_tenant == "", rx.fragment(error_banner(s.error), info_banner(s.notice))),
        rx.form(
            rx.hstack(
                rx.input(name="name", placeholder=TEXT["name"], aria_label=TEXT["name"], width="280px"),
                rx.button(TEXT["new"], type="submit"),
            ),
            on_submit=s.create,
            reset_on_submit=True,
            no_validate=True,  # the service answers an empty name in Japanese
        ),
        card_table(
            headings(*[TEXT[k] for k in ("id", "name", "status", "plan", "limit", "used", "users", "actions")]),
            rx.table.body(rx.foreach(s.rows, _row)),
            width="100%",
        ),
        platform_usage_card(),
        spacing="4",
        width="100%",
    )


def platform_tenants_page() -> rx.Component:
    return page_shell(
        gated(PlatformTenantsState.access, _content(), TEXT["denied"]),
        title=TEXT["title"],
        user_name=PlatformTenantsState.user_name,
        user_role=PlatformTenantsState.user_role,
    )
