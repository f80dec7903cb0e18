"""Login with email and password: the per-account lockout and the per-address limit.

One message for a wrong password, an unknown email and a locked account, so none reveals which.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime
from functools import lru_cache

from sqlalchemy import and_, case, func, update
from sqlmodel import Session, col, select

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


def _count_failure(session: Session, user_id: int, now: datetime) -> tuple[int, datetime | None]:
    """Count one wrong password in a single UPDATE, so concurrent attempts cannot each read the same
    count (40 parallel guesses once locked nothing): the row lock orders them. The attempt that
    reaches LOGIN_LOCK_AFTER_FAILURES within the window locks the account. Returns (count, locked_until)."""
    recent = and_(
        col(User.last_failed_login_at).is_not(None),
        col(User.last_failed_login_at) > now - config.LOGIN_FAILURE_WINDOW,
    )
    count = case((recent, User.failed_login_count + 1), else_=1)
    result = session.execute(
        update(User)
        .where(col(User.id) == user_id)
        .values(
            failed_login_count=count,
            last_failed_login_at=now,
            locked_until=case(
                (count >= config.LOGIN_LOCK_AFTER_FAILURES, now + config.LOGIN_LOCK_DURATION),
                else_=User.locked_until,
            ),
        )
        .returning(User.failed_login_count, User.locked_until)
        .execution_options(synchronize_session="fetch")
    ).one()
    return int(result[0]), result[1]


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
    # Every refusal does one bcrypt verification, as a right or wrong password does, so the time
    # an answer takes never tells which accounts exist or are locked.
    if _address_failures(session, client_address, now) >= config.LOGIN_ADDRESS_FAILURE_LIMIT:
        verify_password(password, _dummy_hash())
        return _fail(
            session,
            email=email,
            reason="address_limited",
            client_address=client_address,
            now=now,
            message=ADDRESS_LIMIT_MESSAGE,
        )
    # populate_existing: the lock state is read fresh, never from an object this session cached.
    found = select(User).where(User.email == email).execution_options(populate_existing=True)
    user = session.exec(found).first() if email else None
    if user is None:
        verify_password(password, _dummy_hash())
        return _fail(session, email=email, reason="unknown_email", client_address=client_address, now=now)
    if user.locked_until is not None and user.locked_until > now:
        verify_password(password, _dummy_hash())
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
        count, locked_until = _count_failure(session, int(user.id or 0), now)
        reason, message = "wrong_password", LOGIN_FAILED_MESSAGE
        if count == config.LOGIN_LOCK_AFTER_FAILURES:
            reason, message = "wrong_password_locked", LOCKED_MESSAGE
            log.warning("account locked email=%s address=%s until=%s", email, client_address or "-", locked_until)
            audit.record(
                session=session,
                action="account_locked",
                tenant_id=user.tenant_id,
                user_id=user.id,
                target=email,
                client_address=client_address,
                now=now,
            )
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
