"""The login screen: the form itself posts over HTTP (api.login_submit); this shows messages."""

from __future__ import annotations

import reflex as rx

from horologen import config
from horologen.services.accounts import signin
from horologen.state.base import AppState

LOGIN_MESSAGES = {
    "invalid": signin.LOGIN_FAILED_MESSAGE,
    "empty": "メールアドレスとパスワードを入力してください。",
    "limited": signin.ADDRESS_LIMIT_MESSAGE,
    "origin": "別のサイトからのログインは受け付けていません。このページから再度ログインしてください。",
    "link": "ログインリンクが無効か、期限切れです。",
}


def _reset_tree(state: rx.State) -> None:
    """Forget everything a previous user left in this tab's state."""
    state.reset()
    for sub in list(state.substates.values()):
        _reset_tree(sub)


class LoginState(AppState):
    error: str = ""
    notice: str = ""
    debug_links: bool = False
    email: str = ""  # after a failed login, the address that was typed

    def _typed_email(self) -> str:
        """The address of the failed attempt, from the short-lived cookie the login answer set."""
        from http.cookies import CookieError, SimpleCookie
        from urllib.parse import unquote

        jar = SimpleCookie()
        try:
            jar.load(self.router.headers.cookie or "")
        except CookieError:
            return ""
        morsel = jar.get(config.LOGIN_EMAIL_COOKIE)
        return unquote(morsel.value)[:320] if morsel else ""

    @rx.event
    def on_load(self) -> rx.event.EventSpec | None:
        params = self.router.url.query_parameters
        root: rx.State = self
        while root.parent_state is not None:
            root = root.parent_state
        _reset_tree(root)
        self.error = LOGIN_MESSAGES.get(params.get("error", ""), "")
        self.email = self._typed_email() if self.error else ""
        self.debug_links = config.get_settings().debug_auth_links
        if params.get("logged_out"):
            self.notice = "ログアウトしました。"
        elif params.get("link_sent"):
            self.notice = "登録済みのメールアドレスであれば、ログインリンクをアプリケーションログに出力しました。"
        else:
            self.notice = ""
        if not self.error and not self.notice:
            user = self._current_user()
            if user is not None:
                return rx.redirect("/password" if user.must_change_password else signin.home_path(user.actor.role))
        return None
