"""/admin/staff: staff list with create, disable/enable and password reset."""

from __future__ import annotations

import reflex as rx

from horologen.components.confirm import confirm_dialog
from horologen.components.fields import NATIVE_SELECT_STYLE
from horologen.components.layout import error_banner, gated, info_banner, page_shell, temporary_password
from horologen.components.tables import card_table, cell, headings
from horologen.state.admin_staff import NEW_EMAIL_ID, NEW_NAME_ID, AdminStaffState, StaffRow
from horologen.state.base import DENIED_MESSAGE

TEXT = {
    "title": "スタッフ管理",
    "denied": DENIED_MESSAGE + "（店舗管理者専用）",
    "new": "スタッフを追加",
    "email": "メールアドレス",
    "name": "表示名",
    "role": "役割",
    "add": "追加",
    "status": "状態",
    "last_login": "最終ログイン",
    "actions": "操作",
    "disable": "無効にする",
    "enable": "有効にする",
    "reset": "パスワード再発行",
    "locked": "ロック中",
    "until": " まで",
    "unlock": "ロックを解除",
    "reset_confirm": (
        "このユーザーのパスワードを再発行しますか？"
        " 現在のパスワードは使えなくなり、ログイン中のセッションも終了します。"
    ),
    "disable_confirm": "このユーザーを無効にしますか？ ログインできなくなります。",
    "empty": "スタッフはまだ登録されていません。",
    "ok": "実行",
}


def _confirm(trigger: rx.Component, message: str, on_confirm: rx.event.EventSpec) -> rx.Component:
    return confirm_dialog(trigger, TEXT["title"], message, TEXT["ok"], on_confirm)


def _row(row: rx.Var[StaffRow]) -> rx.Component:
    return rx.table.row(
        cell(TEXT["email"], row.email),
        cell(TEXT["name"], row.display_name),
        cell(TEXT["role"], row.role),
        cell(
            TEXT["status"],
            rx.hstack(
                rx.text(row.status),
                rx.cond(row.must_change != "", rx.badge(row.must_change, color_scheme="amber")),
                rx.cond(
                    row.locked,
                    rx.badge(TEXT["locked"], "（", row.locked_until, TEXT["until"], "）", color_scheme="red"),
                ),
                spacing="2",
                wrap="wrap",
            ),
        ),
        cell(TEXT["last_login"], row.last_login),
        cell(
            TEXT["actions"],
            rx.hstack(
                rx.cond(
                    row.locked,
                    rx.button(TEXT["unlock"], size="1", variant="soft", on_click=AdminStaffState.unlock(row.id)),
                ),
                _confirm(
                    rx.button(TEXT["reset"], size="1", variant="soft"),
                    TEXT["reset_confirm"],
                    AdminStaffState.reset_password(row.id),
                ),
                rx.cond(
                    row.active,
                    _confirm(
                        rx.button(TEXT["disable"], size="1", variant="soft", color_scheme="red"),
                        TEXT["disable_confirm"],
                        AdminStaffState.disable(row.id),
                    ),
                    rx.button(TEXT["enable"], size="1", variant="soft", on_click=AdminStaffState.enable(row.id)),
                ),
                spacing="2",
                wrap="wrap",
            ),
        ),
        data_email=row.email,
    )


def _create_form() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(
                name="email",
                id=NEW_EMAIL_ID,
                type="email",
                placeholder=TEXT["email"],
                aria_label=TEXT["email"],
                width="280px",
            ),
            rx.input(
                name="display_name", id=NEW_NAME_ID, placeholder=TEXT["name"], aria_label=TEXT["name"], width="200px"
            ),
            rx.el.select(
                rx.el.option("スタッフ", value="staff"),
                rx.el.option("管理者", value="admin"),
                name="role",
                aria_label=TEXT["role"],
                style=NATIVE_SELECT_STYLE,
            ),
            rx.button(TEXT["add"], type="submit"),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        on_submit=AdminStaffState.create,
        # The service answers a wrong address in Japanese (「メールアドレスの形式が正しくありません。」),
        # whatever language the browser's own validation bubble would use.
        no_validate=True,
    )


def _content() -> rx.Component:
    return rx.vstack(
        error_banner(AdminStaffState.error),
        info_banner(AdminStaffState.notice),
        temporary_password(AdminStaffState.shown_password, AdminStaffState.shown_password_for),
        rx.heading(TEXT["new"], size="4"),
        _create_form(),
        rx.cond(
            AdminStaffState.rows.length() > 0,
            card_table(
                headings(*[TEXT[k] for k in ("email", "name", "role", "status", "last_login", "actions")]),
                rx.table.body(rx.foreach(AdminStaffState.rows, _row)),
                width="100%",
            ),
            rx.text(TEXT["empty"], color_scheme="gray"),
        ),
        spacing="4",
        width="100%",
    )


def admin_staff_page() -> rx.Component:
    return page_shell(
        gated(AdminStaffState.access, _content(), TEXT["denied"]),
        title=TEXT["title"],
        user_name=AdminStaffState.user_name,
        user_role=AdminStaffState.user_role,
    )
