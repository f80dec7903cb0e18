"""Login, server-side sessions, password changes and resets, lockout, magic links.

Tokens are random; only their HMAC (keyed with SECRET_KEY) is stored, so a database copy
alone cannot be replayed as a session.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import func, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from horologen import config
from horologen.models import AuditLog, AuthSession, LoginLink, Tenant, User, utcnow
from horologen.services import audit
from horologen.services.access import (
    ADMIN,
    PLATFORM_ADMIN,
    AccessDenied,
    Actor,
    require_role,
    require_tenant,
)
from horologen.services.passwords import (
    PasswordPolicyError,
    check_policy,
    hash_password,
    random_password,
    verify_password,
)

log = logging.getLogger("horologen.auth")

# One message for a wrong password, an unknown email and a locked account: none reveals which.
LOGIN_FAILED_MESSAGE = (
    "メールアドレスまたはパスワードが正しくありません。"
    "続けて5回失敗すると、そのアカウントは15分間ログインできなくなります。"
)
LOCKED_MESSAGE = LOGIN_FAILED_MESSAGE
ADDRESS_LIMIT_MESSAGE = "ログインの試行が多すぎます。しばらくしてから再度お試しください。"
TOKEN_BYTES = 32


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A real hash to check against when the email is unknown, so timing does not reveal it."""
    return hash_password(secrets.token_urlsafe(16))


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def hash_token(token: str) -> str:
    key = config.get_settings().secret_key.get().encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    message: str = ""
    token: str = ""
    must_change_password: bool = False
    role: str = ""


@dataclass(frozen=True)
class CurrentUser:
    """The actor plus what pages need to show and route."""

    actor: Actor
    display_name: str
    must_change_password: bool
    session_id: int


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
    return _open_session(session, user, client_address, user_agent, now, action="login")


def _open_session(
    session: Session, user: User, client_address: str, user_agent: str, now: datetime, *, action: str
) -> LoginResult:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(
        AuthSession(
            user_id=int(user.id or 0),
            token_hash=hash_token(token),
            created_at=now,
            last_seen_at=now,
            expires_at=now + config.SESSION_ABSOLUTE,
            client_address=client_address[:64],
            user_agent=user_agent[:300],
        )
    )
    user.failed_login_count = 0
    user.locked_until = None
    user.last_login_at = now
    session.add(user)
    audit.record(
        session=session,
        action=action,
        tenant_id=user.tenant_id,
        user_id=user.id,
        target=user.email,
        client_address=client_address,
        now=now,
    )
    session.commit()
    log.info("login ok user_id=%s tenant_id=%s via=%s", user.id, user.tenant_id, action)
    return LoginResult(ok=True, token=token, must_change_password=user.must_change_password, role=user.role)


def current_user(*, session: Session, token: str | None, now: datetime | None = None) -> CurrentUser | None:
    """The user behind a session token, or None if the session is unknown, expired or revoked.

    One joined query: it runs on every API call and every Reflex event."""
    if not token:
        return None
    now = now or utcnow()
    row = session.execute(
        sa_select(
            AuthSession.id,
            AuthSession.last_seen_at,
            User.id,
            User.tenant_id,
            User.role,
            User.email,
            User.display_name,
            User.must_change_password,
        )
        .join(User, User.id == AuthSession.user_id)
        .join(Tenant, Tenant.id == User.tenant_id)
        .where(
            AuthSession.token_hash == hash_token(token),
            AuthSession.revoked_at.is_(None),  # type: ignore[union-attr]
            AuthSession.expires_at > now,
            User.is_active.is_(True),  # type: ignore[attr-defined]
            Tenant.is_active.is_(True),  # type: ignore[attr-defined]
        )
    ).first()
    if row is None:
        return None
    session_id, last_seen_at, user_id, tenant_id, role, email, display_name, must_change = row
    if last_seen_at + config.SESSION_IDLE <= now:
        return None
    if now - last_seen_at >= config.SESSION_TOUCH_INTERVAL:
        session.execute(update(AuthSession).where(AuthSession.id == session_id).values(last_seen_at=now))
        session.commit()
    actor = Actor(user_id=user_id, tenant_id=tenant_id, role=role, email=email)
    return CurrentUser(actor, display_name, must_change, int(session_id))


def logout(*, session: Session, token: str | None, client_address: str = "") -> None:
    if not token:
        return
    row = session.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(token))).first()
    if row is None or row.revoked_at is not None:
        return
    row.revoked_at = utcnow()
    session.add(row)
    user = session.get(User, row.user_id)
    audit.record(
        session=session,
        action="logout",
        tenant_id=user.tenant_id if user else None,
        user_id=row.user_id,
        client_address=client_address,
    )
    session.commit()


def revoke_sessions(
    session: Session, user_id: int | None = None, *, tenant_id: int | None = None, keep_session_id: int | None = None
) -> int:
    """Revoke every live session of a user (or of every user of a tenant), except optionally the one in use."""
    statement = update(AuthSession).where(AuthSession.revoked_at.is_(None))  # type: ignore[union-attr]
    if user_id is not None:
        statement = statement.where(AuthSession.user_id == user_id)
    if tenant_id is not None:
        statement = statement.where(col(AuthSession.user_id).in_(select(User.id).where(User.tenant_id == tenant_id)))
    if user_id is None and tenant_id is None:
        raise ValueError("revoke_sessions needs a user or a tenant")
    if keep_session_id is not None:
        statement = statement.where(AuthSession.id != keep_session_id)
    result = session.execute(statement.values(revoked_at=utcnow()))
    return int(result.rowcount or 0)


def change_password(
    *,
    session: Session,
    user: CurrentUser,
    current_password: str,
    new_password: str,
    client_address: str = "",
) -> None:
    """Raises PasswordPolicyError with a message to show; other sessions are signed out."""
    row = session.get(User, user.actor.user_id)
    if row is None:
        raise AccessDenied("ログインし直してください。")
    if not verify_password(current_password, row.password_hash):
        raise PasswordPolicyError("現在のパスワードが正しくありません。")
    check_policy(new_password)
    if verify_password(new_password, row.password_hash):
        raise PasswordPolicyError("新しいパスワードは現在のパスワードと別のものにしてください。")
    now = utcnow()
    row.password_hash = hash_password(new_password)
    row.must_change_password = False
    row.password_changed_at = now
    row.updated_at = now
    session.add(row)
    revoked = revoke_sessions(session, int(row.id or 0), keep_session_id=user.session_id)
    audit.record(
        session=session,
        action="password_changed",
        tenant_id=row.tenant_id,
        user_id=row.id,
        client_address=client_address,
        detail={"other_sessions_revoked": revoked},
    )
    session.commit()


def reset_password(*, session: Session, actor: Actor, user_id: int) -> str:
    """An admin gives a user a temporary password (shown once); they must change it at next login."""
    require_role(actor, ADMIN, PLATFORM_ADMIN)
    target = session.get(User, user_id)
    if target is None:
        raise AccessDenied("対象のユーザーが見つかりません。")
    require_tenant(actor, target.tenant_id)
    if target.role == PLATFORM_ADMIN and actor.role != PLATFORM_ADMIN and not actor.is_system:
        raise AccessDenied("この操作を行う権限がありません。")
    temporary = random_password()
    target.password_hash = hash_password(temporary)
    target.must_change_password = True
    target.failed_login_count = 0
    target.locked_until = None
    target.updated_at = utcnow()
    session.add(target)
    revoke_sessions(session, user_id)
    audit.record(
        session=session,
        action="password_reset",
        tenant_id=target.tenant_id,
        user_id=actor.user_id,
        target=target.email,
    )
    session.commit()
    return temporary


def create_login_link(*, session: Session, email: str, now: datetime | None = None) -> str | None:
    """DEBUG_AUTH_LINKS only: a one-time 15-minute token for a user, or None when off/unknown."""
    settings = config.get_settings()
    if not settings.debug_auth_links or settings.is_production:
        return None
    user = session.exec(select(User).where(User.email == normalise_email(email))).first()
    if user is None or not user.is_active:
        return None
    now = now or utcnow()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(
        LoginLink(
            user_id=int(user.id or 0),
            token_hash=hash_token(token),
            created_at=now,
            expires_at=now + config.MAGIC_LINK_LIFETIME,
        )
    )
    session.commit()
    # The debug feature's whole point: the link goes to the application log, never to the browser.
    log.warning("DEBUG_AUTH_LINKS login link for %s (15 min, one use): /auth/link?token=%s", user.email, token)
    return token


def use_login_link(
    *, session: Session, token: str, client_address: str = "", now: datetime | None = None
) -> LoginResult:
    settings = config.get_settings()
    if not settings.debug_auth_links or settings.is_production or not token:
        return LoginResult(ok=False, message="このリンクは使えません。")
    now = now or utcnow()
    link = session.exec(select(LoginLink).where(LoginLink.token_hash == hash_token(token))).first()
    if link is None or link.used_at is not None or link.expires_at <= now:
        return LoginResult(ok=False, message="このリンクは期限切れか、使用済みです。")
    link.used_at = now
    session.add(link)
    user = session.get(User, link.user_id)
    tenant = session.get(Tenant, user.tenant_id) if user else None
    if user is None or not user.is_active or tenant is None or not tenant.is_active:
        session.commit()
        return LoginResult(ok=False, message="このリンクは使えません。")
    return _open_session(session, user, client_address, "", now, action="login_link")
