"""/login: email + password, posted over HTTP so the answer can set the HttpOnly cookie.

A new tab or a full load gets the same form as plain HTML (horologen/login_page.py, ready before
any script); this Reflex page shows it after an in-app redirect (a client-side route change)."""

from __future__ import annotations

import reflex as rx

from horologen.components.layout import error_banner, info_banner, page_shell
from horologen.components.native_form import native_form
from horologen.login_page import TEXT as LOGIN_TEXT
from horologen.state.login import LoginState

TEXT = LOGIN_TEXT  # one wording for this page and login_page.py's plain HTML one


def login_page() -> rx.Component:
    return page_shell(
        error_banner(LoginState.error),
        info_banner(LoginState.notice),
        native_form(
            rx.vstack(
                rx.el.label(TEXT["email"], html_for="email"),
                rx.input(
                    id="email",
                    name="email",
                    type="email",
                    default_value=LoginState.email,
                    key=LoginState.email,  # remount so the address of a failed attempt shows
                    auto_complete="username",
                    size="3",
                    width="100%",
                ),
                rx.el.label(TEXT["password"], html_for="password"),
                rx.input(
                    id="password",
                    name="password",
                    type="password",
                    auto_complete="current-password",
                    size="3",
                    width="100%",
                ),
                rx.button(TEXT["submit"], type="submit", size="3", width="100%"),
                rx.text(TEXT["help"], size="2", color_scheme="gray"),
                spacing="3",
                width="100%",
                max_width="420px",
            ),
            action="/auth/login",
            method="post",
            # no browser bubbles: the server answers an empty field in Japanese
            no_validate=True,
        ),
        rx.cond(LoginState.debug_links, _debug_link_form()),
        title=TEXT["title"],
    )


def _debug_link_form() -> rx.Component:
    """Only with DEBUG_AUTH_LINKS=1 outside production: the link is written to the log."""
    return rx.card(
        native_form(
            rx.vstack(
                rx.text(TEXT["debug"], size="2", weight="bold"),
                rx.input(name="email", type="email", placeholder=TEXT["email"], width="100%"),
                rx.button(TEXT["debug_submit"], type="submit", variant="soft"),
                spacing="2",
                width="100%",
            ),
            action="/auth/link-request",
            method="post",
            no_validate=True,
        ),
        max_width="420px",
        width="100%",
    )
