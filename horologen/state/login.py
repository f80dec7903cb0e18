"""The login screen: the form itself posts over HTTP (api.login_submit); this shows messages."""

from __future__ import annotations

import reflex as rx

from horologen import config
from horologen.services.accounts import signin
from horologen.state.base import AppState
from horologen.timezones import to_tokyo

LOGIN_MESSAGES = {
    "invalid": signin.LOGIN_FAILED_MESSAGE,
    "locked": signin.LOGIN_FAILED_MESSAGE,  # with this browser's count in its cookie: _refusal_message
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

    def _cookie(self, name: str) -> str:
        """A cookie of the page's request (HttpOnly ones too: the server reads them)."""
        from http.cookies import CookieError, SimpleCookie

        jar = SimpleCookie()
        try:
            jar.load(self.router.headers.cookie or "")
        except CookieError:
            return ""
        morsel = jar.get(name)
        return morsel.value if morsel else ""

    def _typed_email(self) -> str:
        """The address of the failed attempt, from the short-lived cookie the login answer set."""
        from urllib.parse import unquote

        return unquote(self._cookie(config.LOGIN_EMAIL_COOKIE))[:320]

    def _refusal_message(self, code: str) -> str:
        """After this browser's LOGIN_LOCK_AFTER_FAILURES refused attempts for the typed address: what
        a lock would mean and when to retry (from this browser's own count, whatever the account)."""
        if code not in ("invalid", "locked"):
            return LOGIN_MESSAGES.get(code, "")
        tried = signin.read_attempts(self._cookie(signin.ATTEMPTS_COOKIE), self.email)
        if tried.locked_until is None:
            return signin.LOGIN_FAILED_MESSAGE
        retry = to_tokyo(tried.locked_until).strftime("%H:%M")
        return f"{signin.BROWSER_LOCK_MESSAGE}（{retry} 以降に再度お試しいただけます）"

    @rx.event
    def on_load(self) -> rx.event.EventSpec | None:
        params = self.router.url.query_parameters
        root: rx.State = self
        while root.parent_state is not None:
            root = root.parent_state
        _reset_tree(root)
        code = str(params.get("error", ""))
        self.email = self._typed_email() if code in LOGIN_MESSAGES else ""
        self.error = self._refusal_message(code)
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
