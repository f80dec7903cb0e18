"""DEBUG_AUTH_LINKS: one-time 15-minute login links written to the log (never in production)."""

from __future__ import annotations

import logging
import secrets
from datetime import datetime

from sqlmodel import Session, select

from horologen import config
from horologen.models import LoginLink, Tenant, User, utcnow
from horologen.services.accounts.sessions import TOKEN_BYTES, LoginResult, hash_token, open_session
from horologen.services.accounts.signin import normalise_email

log = logging.getLogger("horologen.auth")


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
    return open_session(session, user, client_address, "", now, action="login_link")
