"""The state every signed-in page shares: who is looking, and the gate every handler passes."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import reflex as rx

from horologen import db
from horologen.errors import UserFacingError, report_exception
from horologen.http_context import client_address, token_from_cookie_header
from horologen.logging_setup import set_log_context
from horologen.services.accounts import access, sessions
from horologen.services.accounts.access import AccessDenied, Actor
from horologen.services.operations import inputs

T = TypeVar("T")
refusals = logging.getLogger("horologen.refusals")

DENIED_MESSAGE = "この画面を表示する権限がありません。"
NOT_ALLOWED = "この操作を行う権限がありません。"


@dataclass(frozen=True)
class _Outcome:
    """How one service call ended: its result, or the message to show (and whether it was a
    refusal, which is audited)."""

    ok: bool
    result: Any = None
    message: str = ""
    refused: bool = False


def _failed(exc: Exception, actor: Actor, what: str) -> _Outcome:
    """A refusal (`AccessDenied`) keeps its message and is audited; a `UserFacingError` shows its
    message; anything else is logged with its traceback under a new error ID, and only the ID is shown."""
    if isinstance(exc, AccessDenied):
        return _Outcome(False, message=str(exc) or NOT_ALLOWED, refused=True)
    if isinstance(exc, UserFacingError):
        return _Outcome(False, message=exc.message)
    error_id = report_exception(exc, where=what, user_id=actor.user_id, tenant_id=actor.tenant_id)
    return _Outcome(False, message=f"エラーが発生しました。時間をおいて再度お試しください。（エラーID: {error_id}）")


def _run(actor: Actor, what: str, call: Callable[..., Any], arguments: dict[str, Any]) -> _Outcome:
    """`call(session=<new session>, actor=actor, **arguments)`; touches no state (a worker thread may run it)."""
    try:
        with db.session() as session:
            return _Outcome(True, call(session=session, actor=actor, **arguments))
    except Exception as exc:  # sorted by _failed: shown, audited, or given an error ID
        return _failed(exc, actor, what)


async def _run_async(actor: Actor, what: str, call: Callable[..., Any], arguments: dict[str, Any]) -> _Outcome:
    """`_run` for a coroutine function (one that waits on the model API)."""
    try:
        with db.session() as session:
            return _Outcome(True, await call(session=session, actor=actor, **arguments))
    except Exception as exc:  # sorted by _failed
        return _failed(exc, actor, what)


class AppState(rx.State):
    """Identity for the header; every data handler re-resolves the user from the session cookie."""

    user_name: str = ""
    user_role: str = ""

    def _current_user(self) -> sessions.CurrentUser | None:
        token = token_from_cookie_header(self.router.headers.cookie)
        with db.read_session() as session:  # every event's lookup: kept prepared on the connection
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
        name, role = (user.display_name or user.actor.email, user.actor.role) if user else ("", "")
        # Assigned only when they change: every assignment is sent to the browser with the event's
        # answer (a search keystroke's too), even when the value is the same.
        if (self.user_name, self.user_role) != (name, role):
            self.user_name, self.user_role = name, role
        if user is None:
            return None, rx.redirect("/login")
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
            self._show_error(NOT_ALLOWED)
            return None
        done, result = self._service_as(user, what, call, **arguments)
        return (user, result) if done else None

    def _service_as(
        self, user: sessions.CurrentUser, what: str, call: Callable[..., T], /, **arguments: Any
    ) -> tuple[bool, T | None]:
        """`_service` for a handler that has already passed the gate (an on_load that loads, a
        handler that needs the user first): (True, result) or (False, None) with `error` set."""
        return self._settle(user, what, _run(user.actor, what, call, arguments))

    async def _service_off_loop(
        self, user: sessions.CurrentUser, what: str, call: Callable[..., Any], /, **arguments: Any
    ) -> tuple[bool, Any]:
        """`_service_as` for slow work: a plain function runs in a worker thread, a coroutine
        function is awaited, so the event loop (and, in a background handler, the state lock) stays
        free. Call it outside `async with self`: the message is set under the lock afterwards."""
        if inspect.iscoroutinefunction(call):
            outcome = await _run_async(user.actor, what, call, arguments)
        else:
            outcome = await asyncio.to_thread(_run, user.actor, what, call, arguments)
        async with self:  # a background handler's lock; a no-op for an ordinary handler
            return self._settle(user, what, outcome)

    def _settle(self, user: sessions.CurrentUser, what: str, outcome: _Outcome) -> tuple[bool, Any]:
        """Audit a refusal and show the message of a failed call; (ok, result)."""
        if outcome.refused:
            self._refuse(user.actor, what)
        if not outcome.ok:
            self._show_error(outcome.message)
        return outcome.ok, outcome.result

    def _show_error(self, message: str) -> None:
        if hasattr(self, "error"):
            self.error = message
