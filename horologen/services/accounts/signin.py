"""Login with email and password: the per-account lockout and the per-address limit.

One message for a wrong password, an unknown email and a locked account, so none reveals which.
What a browser is told about a possible lock comes from that browser's own refused attempts
(a signed cookie, `note_refused_attempt`), never from the database.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
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
BROWSER_LOCK_MESSAGE = (
    f"続けて失敗したため、このアドレスは {int(config.LOGIN_LOCK_DURATION.total_seconds() // 60)} 分ほど"
    "ログインできない場合があります。時間をおいて再度お試しいただくか、店舗管理者にロックの解除を依頼してください。"
)
# This browser's refused attempts for the address last typed: `v1.<address key>.<count>.<last>.<until>.<mac>`.
ATTEMPTS_COOKIE = "horologen_login_attempts"
ATTEMPTS_COOKIE_MAX_AGE = int((config.LOGIN_FAILURE_WINDOW + config.LOGIN_LOCK_DURATION).total_seconds())


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A real hash to check against when the email is unknown, so timing does not reveal it."""
    return hash_password(secrets.token_urlsafe(16))


def normalise_email(email: str) -> str:
    """The address as stored and looked up: NFKC (a Japanese IME's ＠ and full-width letters become
    ASCII), trimmed (the ideographic space too), lower-cased."""
    return unicodedata.normalize("NFKC", email or "").strip().lower()


def home_path(role: str) -> str:
    return {PLATFORM_ADMIN: "/platform/tenants", ADMIN: "/staff/search"}.get(role, "/staff/search")


@dataclass(frozen=True)
class BrowserAttempts:
    """What this browser did for one address: refused attempts in a row and, once there were
    LOGIN_LOCK_AFTER_FAILURES of them, until when that account (if there is one) may be locked.
    Counted the way `_count_failure` counts, but only from this browser's own attempts, so it tells
    nothing about whether the address has an account or whether anybody else tried it."""

    count: int = 0
    last_at: datetime | None = None
    locked_until: datetime | None = None


def _cookie_mac(body: str) -> str:
    key = config.get_settings().secret_key.get().encode()
    return hmac.new(key, f"login-attempts|{body}".encode(), hashlib.sha256).hexdigest()[:32]


def _address_key(email: str) -> str:
    return _cookie_mac(f"address|{normalise_email(email)}")[:20]


def _epoch(moment: datetime | None) -> int:
    return int(moment.timestamp()) if moment else 0


def _moment(seconds: str) -> datetime | None:
    return datetime.fromtimestamp(int(seconds), UTC) if int(seconds) > 0 else None


def read_attempts(cookie: str, email: str, now: datetime | None = None) -> BrowserAttempts:
    """The attempts the signed cookie records for `email`; nothing for a cookie that is missing,
    altered, about another address, or whose window or lock has passed."""
    now = now or utcnow()
    parts = (cookie or "").split(".")
    if len(parts) != 6 or parts[0] != "v1" or not all(p.isascii() and p.isdigit() for p in parts[2:5]):
        return BrowserAttempts()
    if not hmac.compare_digest(parts[5], _cookie_mac(".".join(parts[:5]))) or parts[1] != _address_key(email):
        return BrowserAttempts()
    count, last_at, until = int(parts[2]), _moment(parts[3]), _moment(parts[4])
    if until is not None:
        return BrowserAttempts(count, last_at, until) if until > now else BrowserAttempts()
    if last_at is None or now - last_at > config.LOGIN_FAILURE_WINDOW:
        return BrowserAttempts()
    return BrowserAttempts(count, last_at, None)


def note_refused_attempt(cookie: str, email: str, now: datetime | None = None) -> tuple[BrowserAttempts, str]:
    """One more refused attempt by this browser for `email`: the new count and the cookie value
    that records it. The attempt that reaches LOGIN_LOCK_AFTER_FAILURES starts the possible lock;
    attempts during it do not extend it (nor does the account's own lock)."""
    now = (now or utcnow()).replace(microsecond=0)  # the cookie keeps whole seconds
    before = read_attempts(cookie, email, now)
    until = before.locked_until
    count = min(before.count + 1, 999)
    if until is None and count >= config.LOGIN_LOCK_AFTER_FAILURES:
        until = now + config.LOGIN_LOCK_DURATION
    after = BrowserAttempts(count, now, until)
    body = f"v1.{_address_key(email)}.{count}.{_epoch(now)}.{_epoch(until)}"
    return after, f"{body}.{_cookie_mac(body)}"


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
        .returning(col(User.failed_login_count), col(User.locked_until))
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
