"""Server-side sessions: open one, resolve a token to its user, log out, revoke.

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

from sqlalchemy import bindparam, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from horologen import config, db
from horologen.models import AuthSession, Tenant, User, UTCDateTime, utcnow
from horologen.services.accounts.access import Actor
from horologen.services.operations import audit

log = logging.getLogger("horologen.auth")

TOKEN_BYTES = 32


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


def open_session(
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


# The session lookup of every API call and Reflex event, built once with named parameters
# (`token_hash`, `now`); bench/api_load.py's floor route issues this same SQL.
CURRENT_USER_SQL = (
    sa_select(
        col(AuthSession.id),
        col(AuthSession.last_seen_at),
        col(User.id),
        col(User.tenant_id),
        col(User.role),
        col(User.email),
        col(User.display_name),
        col(User.must_change_password),
    )
    .join(User, col(User.id) == AuthSession.user_id)
    .join(Tenant, col(Tenant.id) == User.tenant_id)
    .where(
        col(AuthSession.token_hash) == bindparam("token_hash"),
        col(AuthSession.revoked_at).is_(None),
        col(AuthSession.expires_at) > bindparam("now", type_=UTCDateTime()),
        col(User.is_active).is_(True),
        col(Tenant.is_active).is_(True),
    )
)


# The same, compiled once for psycopg (this module's PostgreSQL path and bench_routes' floor).
CURRENT_USER_POSTGRESQL = db.postgresql_sql(CURRENT_USER_SQL)[0]


def current_user(*, session: Session, token: str | None, now: datetime | None = None) -> CurrentUser | None:
    """The user behind a session token, or None if the session is unknown, expired or revoked.

    One joined query: it runs on every API call and every Reflex event."""
    if not token:
        return None
    now = now or utcnow()
    # The lookup runs on every request: on PostgreSQL psycopg's cursor runs the SQL compiled once
    # (prepared by psycopg after a few runs), elsewhere SQLAlchemy Core; never the ORM layer.
    values = {"token_hash": hash_token(token), "now": now}
    if session.get_bind().dialect.name == "postgresql":
        with db.psycopg_connection(session).cursor() as cursor:
            cursor.execute(CURRENT_USER_POSTGRESQL, values)
            row = cursor.fetchone()
    else:
        row = session.connection().execute(CURRENT_USER_SQL, values).first()
    if row is None:
        return None
    session_id, last_seen_at, user_id, tenant_id, role, email, display_name, must_change = row
    if last_seen_at + config.SESSION_IDLE <= now:
        return None
    if now - last_seen_at >= config.SESSION_TOUCH_INTERVAL:
        session.execute(update(AuthSession).where(col(AuthSession.id) == session_id).values(last_seen_at=now))
        session.commit()
    actor = Actor(user_id=user_id, tenant_id=tenant_id, role=role, email=email)
    return CurrentUser(actor, display_name, must_change, int(session_id or 0))


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
    statement = update(AuthSession).where(col(AuthSession.revoked_at).is_(None))
    if user_id is not None:
        statement = statement.where(col(AuthSession.user_id) == user_id)
    if tenant_id is not None:
        statement = statement.where(col(AuthSession.user_id).in_(select(User.id).where(User.tenant_id == tenant_id)))
    if user_id is None and tenant_id is None:
        raise ValueError("revoke_sessions needs a user or a tenant")
    if keep_session_id is not None:
        statement = statement.where(col(AuthSession.id) != keep_session_id)
    result = session.exec(statement.values(revoked_at=utcnow()))
    return int(result.rowcount or 0)
