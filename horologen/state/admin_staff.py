"""/admin/staff: a shop admin lists, creates, disables, unlocks and resets the passwords of staff."""

from __future__ import annotations

import reflex as rx

from horologen import db
from horologen.services.accounts import users
from horologen.services.accounts.access import ADMIN, AccessDenied
from horologen.services.operations import inputs
from horologen.state.base import AppState
from horologen.timezones import to_tokyo

ROLE_LABELS = {"admin": "管理者", "staff": "スタッフ"}


def _as_dict(row: users.UserRow) -> dict[str, str]:
    return {
        "id": str(row.id),
        "email": row.email,
        "display_name": row.display_name,
        "role": ROLE_LABELS.get(row.role, row.role),
        "status": "有効" if row.is_active else "無効",
        "active": "1" if row.is_active else "",
        "must_change": "要変更" if row.must_change_password else "",
        "last_login": to_tokyo(row.last_login_at).strftime("%Y-%m-%d %H:%M") if row.last_login_at else "—",
        "locked": "1" if row.locked_until else "",
        "locked_until": to_tokyo(row.locked_until).strftime("%H:%M") if row.locked_until else "",
    }


NEW_EMAIL_ID = "new-staff-email"
NEW_NAME_ID = "new-staff-name"


class AdminStaffState(AppState):
    access: str = ""
    rows: list[dict[str, str]] = []
    error: str = ""
    notice: str = ""
    shown_password: str = ""
    shown_password_for: str = ""

    def _load(self, user) -> None:
        with db.session() as session:
            self.rows = [_as_dict(r) for r in users.list_users(session=session, actor=user.actor)]

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
        checked = self._checked("admin_staff.create", inputs.form, form_data, label="スタッフの登録")
        if checked is None:
            return None
        form_data = checked
        try:
            with db.session() as session:
                created = self._call(
                    user,
                    "admin_staff.create",
                    lambda actor: users.create_user(
                        session=session,
                        actor=actor,
                        email=str(form_data.get("email") or ""),
                        display_name=str(form_data.get("display_name") or ""),
                        role=str(form_data.get("role") or "staff"),
                    ),
                )
        except (users.UserInputError, AccessDenied) as exc:
            self.error = str(exc)
            return None
        self.notice = f"{created.row.email} を登録しました。初回ログイン時にパスワードの変更が必要です。"
        self.shown_password = created.temporary_password
        self.shown_password_for = created.row.email
        self._load(user)
        # The form keeps what was typed after a refusal (to correct it); a success empties it.
        return [rx.set_value(NEW_EMAIL_ID, ""), rx.set_value(NEW_NAME_ID, "")]

    def _act(self, user_id: str, what: str, action) -> bool:
        self._clear_messages()
        target_id = self._checked(what, inputs.record_id, user_id, label="ユーザー")
        if target_id is None:
            return False
        done = self._attempt((ADMIN,), what, lambda session, actor: action(session, actor, target_id))
        if done is None:
            return False
        self._load(done[0])
        return True

    @rx.event
    def disable(self, user_id: str) -> None:
        if self._act(
            user_id,
            "admin_staff.disable",
            lambda s, a, uid: users.set_active(session=s, actor=a, user_id=uid, active=False),
        ):
            self.notice = "ユーザーを無効にしました（ログイン中のセッションも終了しました）。"

    @rx.event
    def enable(self, user_id: str) -> None:
        if self._act(
            user_id,
            "admin_staff.enable",
            lambda s, a, uid: users.set_active(session=s, actor=a, user_id=uid, active=True),
        ):
            self.notice = "ユーザーを有効にしました。"

    @rx.event
    def reset_password(self, user_id: str) -> None:
        result: dict[str, str] = {}

        def action(s, a, uid) -> None:
            row, temporary = users.reset_staff_password(session=s, actor=a, user_id=uid)
            result.update(email=row.email, password=temporary)

        if self._act(user_id, "admin_staff.reset_password", action):
            self.shown_password = result["password"]
            self.shown_password_for = result["email"]
            self.notice = f"{result['email']} のパスワードを再発行しました。次回ログイン時に変更が必要です。"

    @rx.event
    def unlock(self, user_id: str) -> None:
        address = self._client_address()
        result: dict[str, str] = {}

        def action(s, a, uid) -> None:
            result["email"] = users.unlock_user(session=s, actor=a, user_id=uid, client_address=address).email

        if self._act(user_id, "admin_staff.unlock", action):
            self.notice = f"{result['email']} のロックを解除しました。すぐにログインできます。"
