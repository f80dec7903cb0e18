"""Changing one's password: forced after a reset, voluntary otherwise."""

from __future__ import annotations

import reflex as rx

from horologen.services.accounts import passwords, signin, users
from horologen.services.operations import inputs
from horologen.state.base import AppState


class PasswordState(AppState):
    forced: bool = False
    first_login: bool = False  # forced because the account is new (not because an admin reissued it)
    error: str = ""
    signed_in: bool = False

    @rx.event
    def on_load(self) -> rx.event.EventSpec | None:
        self.error = ""
        user = self._current_user()
        if user is None:
            self.signed_in = False
            return rx.redirect("/login")
        self.signed_in = True
        self.user_name = user.display_name or user.actor.email
        self.user_role = user.actor.role
        self.forced = user.must_change_password
        self.first_login = False
        if self.forced:
            done, pending = self._service_as(user, "password.first_login", users.first_password_pending)
            self.first_login = bool(done and pending)
        return None

    @rx.event
    def submit(self, form_data: dict[str, str]) -> list[rx.event.EventSpec] | rx.event.EventSpec | None:
        user = self._current_user()
        if user is None:
            return rx.redirect("/login")
        checked = self._checked("password.submit", inputs.form, form_data, label="パスワード変更")
        if checked is None:
            return None
        form_data = checked
        new_password = str(form_data.get("new_password") or "")
        if new_password != str(form_data.get("new_password_confirm") or ""):
            self.error = "新しいパスワードが確認用と一致しません。"
            return None
        done, _ = self._service_as(
            user,
            "password.change",
            passwords.change_own_password,
            keep_session_id=user.session_id,
            current_password=str(form_data.get("password") or ""),
            new_password=new_password,
            client_address=self._client_address(),
        )
        if not done:
            return None
        self.error = ""
        self.forced = self.first_login = False
        return [
            rx.toast.success("パスワードを変更しました。"),
            rx.redirect(signin.home_path(user.actor.role)),
        ]
