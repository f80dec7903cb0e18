"""The page shell every screen shares: header with navigation and who is signed in."""

from __future__ import annotations

import reflex as rx

from horologen.components.native_form import native_form

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
    "menu": "メニュー",
    "nav": "メインメニュー",
}


def _nav_link(label: str, href: str) -> rx.Component:
    return rx.link(label, href=href, size="2", white_space="nowrap")


def _logout_button() -> rx.Component:
    # A form POST (a full navigation): the HTTP route clears the HttpOnly cookie, and a link on
    # another site cannot sign anyone out. A native form: Reflex's rx.el.form always prevents the
    # browser's submit, which left ログアウト doing nothing.
    return native_form(
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
                "white-space": "nowrap",
            },
        ),
        action="/logout",
        method="post",
    )


def _role_links(role: rx.Var) -> list[rx.Component]:
    """The links a role may follow, in the order of a shop's day."""
    return [
        rx.cond((role == "staff") | (role == "admin"), _nav_link(NAV_TEXT["search"], "/staff/search")),
        rx.cond(role == "admin", _nav_link(NAV_TEXT["articles"], "/admin/articles")),
        rx.cond(role == "admin", _nav_link(NAV_TEXT["bulk"], "/admin/bulk")),
        rx.cond(role == "admin", _nav_link(NAV_TEXT["staff"], "/admin/staff")),
        rx.cond(role == "admin", _nav_link(NAV_TEXT["upload"], "/admin/upload")),
        rx.cond(role == "admin", _nav_link(NAV_TEXT["usage"], "/admin/usage")),
        rx.cond(role == "admin", _nav_link(NAV_TEXT["profile"], "/admin/profile")),
        rx.cond(role == "platform_admin", _nav_link(NAV_TEXT["tenants"], "/platform/tenants")),
    ]


def _wide_nav(user_name: rx.Var | str, role: rx.Var) -> rx.Component:
    """The whole navigation on one line (a laptop; hidden below 1100px by horologen.css)."""
    return rx.el.nav(
        rx.hstack(
            *_role_links(role),
            rx.cond(
                role != "",
                rx.hstack(
                    rx.text(user_name, size="2", color_scheme="gray", white_space="nowrap"),
                    _nav_link(NAV_TEXT["password"], "/password"),
                    _logout_button(),
                    spacing="4",
                    align="center",
                ),
            ),
            spacing="4",
            align="center",
        ),
        class_name="hg-nav-wide",
        aria_label=NAV_TEXT["nav"],
    )


def _menu_nav(user_name: rx.Var | str, role: rx.Var) -> rx.Component:
    """The same links behind a メニュー button on a phone or tablet (shown below 1100px).

    A popover mounts its content only while open, so the links are never in the page twice."""
    return rx.cond(
        role != "",
        rx.box(
            rx.popover.root(
                rx.popover.trigger(
                    rx.button(rx.icon("menu", size=18), NAV_TEXT["menu"], variant="soft", size="2", id="nav-menu")
                ),
                rx.popover.content(
                    rx.el.nav(
                        rx.vstack(
                            rx.text(user_name, size="2", color_scheme="gray"),
                            rx.separator(size="4"),
                            *_role_links(role),
                            rx.separator(size="4"),
                            _nav_link(NAV_TEXT["password"], "/password"),
                            _logout_button(),
                            spacing="3",
                        ),
                        aria_label=NAV_TEXT["nav"],
                    ),
                    align="end",
                    min_width="220px",
                ),
            ),
            class_name="hg-nav-menu",
        ),
    )


def header(user_name: rx.Var[str] | str = "", user_role: rx.Var[str] | str = "") -> rx.Component:
    role = rx.Var.create(user_role)
    return rx.el.header(
        rx.hstack(
            # the brand is a link home, not a heading: each page has one h1, its own title
            rx.link(rx.text("HoroloGen", size="5", weight="bold", as_="span"), href="/", underline="none"),
            rx.spacer(),
            _wide_nav(user_name, role),
            _menu_nav(user_name, role),
            padding="12px 16px",
            align="center",
            spacing="5",
            width="100%",
        ),
        border_bottom="1px solid var(--gray-5)",
    )


def page_shell(
    *children: rx.Component,
    title: str,
    user_name: rx.Var[str] | str = "",
    user_role: rx.Var[str] | str = "",
) -> rx.Component:
    return rx.box(
        header(user_name, user_role),
        rx.el.main(
            rx.container(
                rx.vstack(rx.heading(title, size="6"), *children, spacing="4", width="100%"),
                size="4",
                padding_y="24px",
                padding_x="16px",
            ),
        ),
        lang="ja",
        class_name="hg-page",
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


NOSCRIPT_TEXT = "この画面の表示には JavaScript が必要です。ブラウザの設定で JavaScript を有効にしてください。"


def noscript_notice(_stateful: bool = True) -> rx.Component:
    """Said on every Reflex page (an app wrap, so the dynamic routes' fallback page has it too):
    with JavaScript off the prerendered page would otherwise read 読み込み中… for ever."""
    return rx.fragment(
        rx.el.noscript(rx.el.p(NOSCRIPT_TEXT, role="alert", id="noscript-notice", class_name="hg-noscript"))
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
