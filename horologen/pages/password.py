"""/password: change the password (forced after an admin reset)."""

from __future__ import annotations

import reflex as rx

from horologen.components.layout import error_banner, page_shell
from horologen.state.password import PasswordState

TEXT = {
    "title": "パスワード変更",
    "forced": "管理者によりパスワードが再発行されました。続けるには新しいパスワードを設定してください。",
    "first": (
        "はじめてのログインです。管理者から受け取った仮パスワードは一時的なものです。"
        "続けるには、ご自身で決めた新しいパスワードを設定してください。"
    ),
    "current": "現在のパスワード",
    "current_forced": "現在のパスワード（管理者から受け取った仮パスワード）",
    "new": "新しいパスワード（10文字以上）",
    "confirm": "新しいパスワード（確認）",
    "submit": "変更する",
}


def _field(label: str | rx.Var[str], name: str, autocomplete: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=name),
        rx.input(
            id=name,
            name=name,
            type="password",
            auto_complete=autocomplete,
            size="3",
            width="100%",
        ),
        spacing="1",
        width="100%",
    )


def password_page() -> rx.Component:
    return page_shell(
        rx.cond(
            PasswordState.forced,
            rx.callout(
                rx.cond(PasswordState.first_login, TEXT["first"], TEXT["forced"]),
                icon="key_round",
                color_scheme="amber",
                width="100%",
                id="password-forced",
            ),
        ),
        error_banner(PasswordState.error),
        rx.form(
            rx.vstack(
                _field(
                    rx.cond(PasswordState.forced, TEXT["current_forced"], TEXT["current"]),
                    "password",
                    "current-password",
                ),
                _field(TEXT["new"], "new_password", "new-password"),
                _field(TEXT["confirm"], "new_password_confirm", "new-password"),
                rx.button(TEXT["submit"], type="submit", size="3"),
                spacing="3",
                width="100%",
                max_width="420px",
            ),
            on_submit=PasswordState.submit,
            no_validate=True,  # the service answers an empty or short password in Japanese
        ),
        title=TEXT["title"],
        user_name=PasswordState.user_name,
        user_role=PasswordState.user_role,
    )
