"""The page shell every screen shares: header with navigation and who is signed in."""

from __future__ import annotations

import reflex as rx

NAV_TEXT = {
    "search": "商品検索",
    "staff": "スタッフ管理",
    "upload": "カタログ取込",
    "usage": "利用状況",
    "profile": "店舗プロフィール",
    "articles": "記事の管理",
    "bulk": "一括作成",
    "tenants": "テナント管理",
    "password": "パスワード変更",
    "logout": "ログアウト",
    "loading": "読み込み中…",
}


def _nav_link(label: str, href: str) -> rx.Component:
    return rx.link(label, href=href, size="2", white_space="nowrap")


def header(user_name: rx.Var[str] | str = "", user_role: rx.Var[str] | str = "") -> rx.Component:
    role = rx.Var.create(user_role)
    return rx.hstack(
        rx.link(rx.heading("HoroloGen", size="5"), href="/", underline="none"),
        rx.spacer(),
        rx.cond(
            (role == "staff") | (role == "admin"),
            _nav_link(NAV_TEXT["search"], "/staff/search"),
        ),
        rx.cond(
            role == "admin",
            rx.hstack(
                _nav_link(NAV_TEXT["articles"], "/admin/articles"),
                _nav_link(NAV_TEXT["bulk"], "/admin/bulk"),
                _nav_link(NAV_TEXT["staff"], "/admin/staff"),
                _nav_link(NAV_TEXT["upload"], "/admin/upload"),
                _nav_link(NAV_TEXT["usage"], "/admin/usage"),
                _nav_link(NAV_TEXT["profile"], "/admin/profile"),
                spacing="4",
                wrap="wrap",
            ),
        ),
        rx.cond(role == "platform_admin", _nav_link(NAV_TEXT["tenants"], "/platform/tenants")),
        rx.cond(
            role != "",
            rx.hstack(
                rx.text(user_name, size="2", color_scheme="gray"),
                _nav_link(NAV_TEXT["password"], "/password"),
                # A form POST (a full navigation): the HTTP route clears the HttpOnly cookie, and a
                # link on another site cannot sign anyone out.
                rx.el.form(
                    rx.el.button(
                        NAV_TEXT["logout"],
                        type="submit",
                        style={
                            "font-size": "14px",
                            "background": "none",
                            "border": "none",
                            "padding": "0",
                            "cursor": "pointer",
                            "color": "var(--accent-11)",
                        },
                    ),
                    action="/logout",
                    method="post",
                ),
                spacing="4",
                align="center",
                wrap="wrap",
            ),
        ),
        padding="12px 24px",
        border_bottom="1px solid var(--gray-5)",
        align="center",
        spacing="5",
        width="100%",
        wrap="wrap",  # on a phone the links go onto more lines, never one character a line
    )


def page_shell(
    *children: rx.Component,
    title: str,
    user_name: rx.Var[str] | str = "",
    user_role: rx.Var[str] | str = "",
) -> rx.Component:
    return rx.box(
        header(user_name, user_role),
        rx.container(
            rx.vstack(rx.heading(title, size="6"), *children, spacing="4", width="100%"),
            size="4",
            padding_y="24px",
        ),
        lang="ja",
    )


def error_banner(message: rx.Var[str]) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle_alert", color_scheme="red", role="alert", width="100%"),
    )


def info_banner(message: rx.Var[str]) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="info", color_scheme="green", role="status", width="100%"),
    )


def gated(access: rx.Var[str], content: rx.Component, denied_message: str) -> rx.Component:
    """Show content only once the server said 'ok'; a refusal shows no data at all."""
    return rx.cond(
        access == "ok",
        content,
        rx.cond(
            access == "denied",
            rx.callout(denied_message, icon="ban", color_scheme="red", role="alert", width="100%"),
            rx.text(NAV_TEXT["loading"], color_scheme="gray"),
        ),
    )


TEMPORARY_PASSWORD_TEXT = "仮パスワード（この画面を離れると二度と表示されません）"  # noqa: S105 - a label


def temporary_password(password: rx.Var[str], email: rx.Var[str]) -> rx.Component:
    """A temporary password shown once to the admin who created or reset it."""
    return rx.cond(
        password != "",
        rx.callout(
            rx.vstack(
                rx.text(TEMPORARY_PASSWORD_TEXT, weight="bold"),
                rx.hstack(
                    rx.text(email),
                    rx.code(password, id="temporary-password", size="4"),
                    rx.button(
                        "コピー",
                        size="1",
                        variant="outline",
                        on_click=[rx.set_clipboard(password), rx.toast.info("コピーしました")],
                        aria_label="仮パスワードをコピー",
                    ),
                    spacing="3",
                    align="center",
                    wrap="wrap",
                ),
            ),
            icon="key_round",
            color_scheme="amber",
            width="100%",
        ),
    )
