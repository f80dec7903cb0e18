"""The state every signed-in page shares: who is looking, and the gate every handler passes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx
from sqlmodel import Session

from horologen import db
from horologen.errors import UserFacingError, report_exception
from horologen.http_context import client_address, token_from_cookie_header
from horologen.logging_setup import set_log_context
from horologen.services.accounts import access, sessions
from horologen.services.accounts.access import AccessDenied, Actor
from horologen.services.accounts.users import UserInputError
from horologen.services.articles.bulk import BulkError
from horologen.services.articles.profile import ProfileInputError
from horologen.services.catalogue.brands import BrandInputError
from horologen.services.catalogue.search import SearchInputError
from horologen.services.operations import inputs

T = TypeVar("T")
refusals = logging.getLogger("horologen.refusals")

DENIED_MESSAGE = "この画面を表示する権限がありません。"


class AppState(rx.State):
    """Identity for the header; every data handler re-resolves the user from the session cookie."""

    user_name: str = ""
    user_role: str = ""

    def _current_user(self) -> sessions.CurrentUser | None:
        token = token_from_cookie_header(self.router.headers.cookie)
        with db.session() as session:
            return sessions.current_user(session=session, token=token)

    def _client_address(self) -> str:
        return client_address(self.router.headers.raw_headers, self.router.session.client_ip)

    def _refuse(self, actor: Actor, what: str) -> None:
        with db.session() as session:
            access.record_refusal(session=session, actor=actor, what=what, client_address=self._client_address())

    def _gate(self, *roles: str) -> tuple[sessions.CurrentUser | None, rx.event.EventSpec | None]:
        """(user, None) when allowed; (None, redirect) when not signed in or a change is due;
        (None, None) when signed in with the wrong role (the page shows the refusal)."""
        user = self._current_user()
        set_log_context(
            path=self.router.url.path or None,
            tenant_id=user.actor.tenant_id if user else None,
            user_id=user.actor.user_id if user else None,
        )
        if user is None:
            self.user_name = ""
            self.user_role = ""
            return None, rx.redirect("/login")
        self.user_name = user.display_name or user.actor.email
        self.user_role = user.actor.role
        if user.must_change_password:
            return None, rx.redirect("/password")
        if roles and user.actor.role not in roles:
            self._refuse(user.actor, self.router.url.path or type(self).__name__)
            return None, None
        return user, None

    def _enter(self, *roles: str) -> tuple[sessions.CurrentUser | None, rx.event.EventSpec | None]:
        """The gate for a page's on_load; sets the page's `access` var: 'ok', 'denied' (signed in,
        wrong role: the page shows the refusal and no data) or '' (on the way to a redirect)."""
        user, redirect = self._gate(*roles)
        self.access = "ok" if user else ("denied" if redirect is None else "")
        return user, redirect

    def _same_viewer(self, user: sessions.CurrentUser | None) -> bool:
        """True when this tab's page state was built for the same user and session.

        A websocket reconnect (network blip, another instance behind the load balancer) runs
        on_load again: the page keeps its work then, but never shows one user's data to another."""
        key = f"{user.actor.user_id}:{user.session_id}" if user else ""
        same = bool(key) and getattr(self, "_viewer", "") == key
        self._viewer = key
        return same

    def _checked(self, handler: str, check: Callable[..., T], value: Any, **options: Any) -> T | None:
        """`check(value, **options)` from services/operations/inputs.py, or None after showing its
        message and logging the refusal (a forged or malformed event argument: nothing else runs)."""
        try:
            return check(value, **options)
        except inputs.InputRefused as exc:
            refusals.warning(
                "refused event argument handler=%s path=%s reason=%s", handler, self.router.url.path, exc.reason
            )
            if hasattr(self, "error"):
                self.error = exc.message
            return None

    def _attempt(
        self, roles: tuple[str, ...], what: str, action: Callable[[Session, Actor], T]
    ) -> tuple[sessions.CurrentUser, T] | None:
        """Gate, then one service call in its own session; refusals and input errors become
        the page's `error` message (the subclass's var) and None."""
        user, _redirect = self._gate(*roles)
        if user is None:
            self.error = "この操作を行う権限がありません。"
            return None
        try:
            with db.session() as session:
                result = self._call(user, what, lambda actor: action(session, actor))
        except (
            UserInputError, AccessDenied, SearchInputError, BrandInputError, ProfileInputError, BulkError,
            inputs.InputRefused,
        ) as exc:  # fmt: skip
            self.error = str(exc)
            return None
        except ValueError:
            self.error = "入力内容を確認してください。"
            return None
        return user, result

    def _service(
        self, roles: tuple[str, ...], what: str, call: Callable[..., T], /, **arguments: Any
    ) -> tuple[sessions.CurrentUser, T] | None:
        """The one way a handler reaches a service: gate on `roles`, then
        `call(session=<new session>, actor=<the signed-in actor>, **arguments)`.

        Returns (user, result), or None after putting a message in the page's `error` var:
        not allowed -> 「この操作を行う権限がありません。」; a `UserFacingError` -> its message; a
        refusal from the service (`AccessDenied`) -> logged, audited, its message; anything else ->
        logged with its traceback under a new error ID, and only the ID is shown."""
        user, _redirect = self._gate(*roles)
        if user is None:
            self.error = "この操作を行う権限がありません。"
            return None
        done, result = self._service_as(user, what, call, **arguments)
        return (user, result) if done else None

    def _service_as(
        self, user: sessions.CurrentUser, what: str, call: Callable[..., T], /, **arguments: Any
    ) -> tuple[bool, T | None]:
        """`_service` for a handler that has already passed the gate (a background task, a
        handler that needs the user first): (True, result) or (False, None) with `error` set."""
        try:
            with db.session() as session:
                return True, call(session=session, actor=user.actor, **arguments)
        except AccessDenied as exc:
            self._refuse(user.actor, what)
            self._show_error(str(exc) or "この操作を行う権限がありません。")
        except (UserFacingError, inputs.InputRefused) as exc:
            self._show_error(exc.message)
        except Exception as exc:  # the error-ID path: logged with its traceback, only the ID shown
            error_id = report_exception(exc, where=what, user_id=user.actor.user_id, tenant_id=user.actor.tenant_id)
            self._show_error(f"エラーが発生しました。時間をおいて再度お試しください。（エラーID: {error_id}）")
        return False, None

    def _show_error(self, message: str) -> None:
        if hasattr(self, "error"):
            self.error = message

    def _call(self, user: sessions.CurrentUser, what: str, fn: Callable[[Actor], T]) -> T:
        """Run a service call; a refusal from the service layer is logged and audited, then raised."""
        try:
            return fn(user.actor)
        except AccessDenied:
            self._refuse(user.actor, what)
            raise
