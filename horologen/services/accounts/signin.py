"""Login with email and password: the per-account lockout and the per-address limit.

One message for a wrong password, an unknown email and a locked account, so none reveals which.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime
from functools import lru_cache

from sqlalchemy import func
from sqlmodel import Session, select

from horologen import config
from horologen.models import AuditLog, Tenant, User, utcnow
from horologen.services.accounts.access import ADMIN, PLATFORM_ADMIN
from horologen.services.accounts.passwords import hash_password, verify_password
from horologen.services.accounts.sessions import LoginResult, open_session
from horologen.services.operations import audit

log = logging.getLogger("horologen.auth")

LOGIN_FAILED_MESSAGE = (
    "メールアドレスまたはパスワードが正しくありません。"
    "続けて5回失敗すると、そのアカウントは15分間ログインできなくなります。"
)
LOCKED_MESSAGE = LOGIN_FAILED_MESSAGE
ADDRESS_LIMIT_MESSAGE = "ログインの試行が多すぎます。しばらくしてから再度お試しください。"


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A real hash to check against when the email is unknown, so timing does not reveal it."""
    return hash_password(secrets.token_urlsafe(16))


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def home_path(role: str) -> str:
    return {PLATFORM_ADMIN: "/platform/tenants", ADMIN: "/staff/search"}.get(role, "/staff/search")


def _address_failures(session: Session, client_address: str, now: datetime) -> int:
    if not client_address:
        return 0
    since = now - config.LOGIN_FAILURE_WINDOW
    return int(
        session.exec(
            select(func.count())
            .select_from(AuditLog)
            .where(
                AuditLog.action == "login_failed",
                AuditLog.client_address == client_address,
                AuditLog.created_at >= since,
            )
        ).one()
    )


def _fail(
    session: Session,
    *,
    email: str,
    reason: str,
    client_address: str,
    now: datetime,
    user: User | None = None,
    message: str = LOGIN_FAILED_MESSAGE,
) -> LoginResult:
    log.warning("login failed email=%s reason=%s address=%s", email[:320], reason, client_address or "-")
    audit.record(
        session=session,
        action="login_failed",
        tenant_id=user.tenant_id if user else None,
        user_id=user.id if user else None,
        target=email,
        client_address=client_address,
        detail={"reason": reason},
        now=now,
    )
    session.commit()
    return LoginResult(ok=False, message=message)


def login(
    *,
    session: Session,
    email: str,
    password: str,
    client_address: str = "",
    user_agent: str = "",
    now: datetime | None = None,
) -> LoginResult:
    """Check the credentials and open a session; the message never says whether the email exists."""
    now = now or utcnow()
    email = normalise_email(email)
    if _address_failures(session, client_address, now) >= config.LOGIN_ADDRESS_FAILURE_LIMIT:
        return _fail(
            session,
            email=email,
            reason="address_limited",
            client_address=client_address,
            now=now,
            message=ADDRESS_LIMIT_MESSAGE,
        )
    user = session.exec(select(User).where(User.email == email)).first() if email else None
    if user is None:
        verify_password(password, _dummy_hash())
        return _fail(session, email=email, reason="unknown_email", client_address=client_address, now=now)
    if user.locked_until is not None and user.locked_until > now:
        return _fail(
            session,
            email=email,
            reason="locked",
            client_address=client_address,
            now=now,
            user=user,
            message=LOCKED_MESSAGE,
        )
    if not verify_password(password, user.password_hash):
        recent = user.last_failed_login_at and user.last_failed_login_at > now - config.LOGIN_FAILURE_WINDOW
        user.failed_login_count = (user.failed_login_count if recent else 0) + 1
        user.last_failed_login_at = now
        reason = "wrong_password"
        message = LOGIN_FAILED_MESSAGE
        if user.failed_login_count >= config.LOGIN_LOCK_AFTER_FAILURES:
            user.locked_until = now + config.LOGIN_LOCK_DURATION
            user.failed_login_count = 0
            reason = "wrong_password_locked"
            message = LOCKED_MESSAGE
            log.warning("account locked email=%s address=%s", email, client_address or "-")
            audit.record(
                session=session,
                action="account_locked",
                tenant_id=user.tenant_id,
                user_id=user.id,
                target=email,
                client_address=client_address,
                now=now,
            )
        session.add(user)
        return _fail(
            session,
            email=email,
            reason=reason,
            client_address=client_address,
            now=now,
            user=user,
            message=message,
        )
    tenant = session.get(Tenant, user.tenant_id)
    if not user.is_active or tenant is None or not tenant.is_active:
        return _fail(
            session,
            email=email,
            reason="inactive",
            client_address=client_address,
            now=now,
            user=user,
        )
    return open_session(session, user, client_address, user_agent, now, action="login")
