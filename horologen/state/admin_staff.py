"""/admin/staff: a shop admin lists, creates, disables, unlocks and resets the passwords of staff."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import reflex as rx

from horologen.services.accounts import sessions, users
from horologen.services.accounts.access import ADMIN
from horologen.services.operations import inputs
from horologen.state.base import AppState
from horologen.timezones import to_tokyo

ROLE_LABELS = {"admin": "管理者", "staff": "スタッフ"}
NEW_EMAIL_ID = "new-staff-email"
NEW_NAME_ID = "new-staff-name"


@dataclass(frozen=True)
class StaffRow:
    """One user of the shop as listed; `id` as the page sends it back to the row's buttons."""

    id: str
    email: str
    display_name: str
    role: str
    status: str
    active: bool
    must_change: str  # 「要変更」 or ""
    last_login: str
    locked: bool
    locked_until: str  # HH:MM, Tokyo


def staff_row(row: users.UserRow) -> StaffRow:
    return StaffRow(
        id=str(row.id),
        email=row.email,
        display_name=row.display_name,
        role=ROLE_LABELS.get(row.role, row.role),
        status="有効" if row.is_active else "無効",
        active=row.is_active,
        must_change="要変更" if row.must_change_password else "",
        last_login=to_tokyo(row.last_login_at).strftime("%Y-%m-%d %H:%M") if row.last_login_at else "—",
        locked=row.locked_until is not None,
        locked_until=to_tokyo(row.locked_until).strftime("%H:%M") if row.locked_until else "",
    )


class AdminStaffState(AppState):
    access: str = ""
    rows: list[StaffRow] = []
    error: str = ""
    notice: str = ""
    shown_password: str = ""
    shown_password_for: str = ""

    def _load(self, user: sessions.CurrentUser) -> None:
        done, listed = self._service_as(user, "admin_staff.list", users.list_users)
        if done:
            self.rows = [staff_row(r) for r in listed]

    def _clear_messages(self) -> None:
        self.error = ""
        self.notice = ""
        self.shown_password = ""
        self.shown_password_for = ""

    @rx.event
    def on_load(self) -> rx.event.EventSpec | None:
        self.rows = []
        self._clear_messages()
        user, redirect = self._enter(ADMIN)
        if user is not None:
            self._load(user)
        return redirect

    @rx.event
    def create(self, form_data: dict[str, str]) -> list[rx.event.EventSpec] | rx.event.EventSpec | None:
        self._clear_messages()
        user, redirect = self._gate(ADMIN)
        if user is None:
            return redirect
        form = self._checked("admin_staff.create", inputs.form, form_data, label="スタッフの登録")
        if form is None:
            return None
        done, created = self._service_as(
            user,
            "admin_staff.create",
            users.create_user,
            email=str(form.get("email") or ""),
            display_name=str(form.get("display_name") or ""),
            role=str(form.get("role") or "staff"),
        )
        if not done:
            return None
        self.notice = f"{created.row.email} を登録しました。初回ログイン時にパスワードの変更が必要です。"
        self.shown_password = created.temporary_password
        self.shown_password_for = created.row.email
        self._load(user)
        # The form keeps what was typed after a refusal (to correct it); a success empties it.
        return [rx.set_value(NEW_EMAIL_ID, ""), rx.set_value(NEW_NAME_ID, "")]

    def _act(self, user_id: str, what: str, call: Callable[..., Any], **arguments: Any) -> Any | None:
        """`call(user_id=<the checked id>, **arguments)` on one user of the shop, then the list again;
        the service's answer, or None after a message."""
        self._clear_messages()
        target_id = self._checked(what, inputs.record_id, user_id, label="ユーザー")
        if target_id is None:
            return None
        done = self._service((ADMIN,), what, call, user_id=target_id, **arguments)
        if done is None:
            return None
        self._load(done[0])
        return done[1]

    @rx.event
    def disable(self, user_id: str) -> None:
        if self._act(user_id, "admin_staff.disable", users.set_active, active=False) is not None:
            self.notice = "ユーザーを無効にしました（ログイン中のセッションも終了しました）。"

    @rx.event
    def enable(self, user_id: str) -> None:
        if self._act(user_id, "admin_staff.enable", users.set_active, active=True) is not None:
            self.notice = "ユーザーを有効にしました。"

    @rx.event
    def reset_password(self, user_id: str) -> None:
        reset = self._act(user_id, "admin_staff.reset_password", users.reset_staff_password)
        if reset is not None:
            row, temporary = reset
            self.shown_password = temporary
            self.shown_password_for = row.email
            self.notice = f"{row.email} のパスワードを再発行しました。次回ログイン時に変更が必要です。"

    @rx.event
    def unlock(self, user_id: str) -> None:
        address = self._client_address()
        row = self._act(user_id, "admin_staff.unlock", users.unlock_user, client_address=address)
        if row is not None:
            self.notice = f"{row.email} のロックを解除しました。すぐにログインできます。"
