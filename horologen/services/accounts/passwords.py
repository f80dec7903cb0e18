"""Passwords: the policy, bcrypt hashing (72-byte limit rejected, never truncated), changing
one's own password and an admin's reset to a temporary one."""

from __future__ import annotations

import secrets

import bcrypt
from sqlmodel import Session

from horologen.errors import UserFacingError
from horologen.models import User, utcnow
from horologen.services.accounts.access import ADMIN, PLATFORM_ADMIN, AccessDenied, Actor, require_role, require_tenant
from horologen.services.accounts.sessions import CurrentUser, revoke_sessions
from horologen.services.operations import audit

BCRYPT_COST = 12
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_BYTES = 72


class PasswordPolicyError(UserFacingError, ValueError):
    """The password is not acceptable; the message is shown to the user as is."""


def check_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordPolicyError(f"パスワードは{MIN_PASSWORD_LENGTH}文字以上にしてください。")
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise PasswordPolicyError(
            f"パスワードが長すぎます（UTF-8で{MAX_PASSWORD_BYTES}バイトまで。日本語は1文字3バイトです）。"
        )


def hash_password(password: str, *, cost: int = BCRYPT_COST) -> str:
    check_policy(password)
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=cost)).decode("ascii")


def verify_password(password: str, password_hash: str) -> bool:
    """False for a wrong password, an over-long one or a malformed hash; never raises."""
    data = password.encode("utf-8")
    if len(data) > MAX_PASSWORD_BYTES or not password_hash:
        return False
    try:
        return bcrypt.checkpw(data, password_hash.encode("ascii"))
    except ValueError:
        return False


def random_password() -> str:
    """A temporary password that passes the policy and reads without ambiguity."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(14))


def change_password(
    *,
    session: Session,
    user: CurrentUser,
    current_password: str,
    new_password: str,
    client_address: str = "",
) -> None:
    """Raises PasswordPolicyError with a message to show; other sessions are signed out."""
    change_own_password(
        session=session,
        actor=user.actor,
        keep_session_id=user.session_id,
        current_password=current_password,
        new_password=new_password,
        client_address=client_address,
    )


def change_own_password(
    *,
    session: Session,
    actor: Actor,
    keep_session_id: int,
    current_password: str,
    new_password: str,
    client_address: str = "",
) -> None:
    """The signed-in actor changes their own password; every session but `keep_session_id` (the
    browser's own) is signed out. PasswordPolicyError with a message to show."""
    row = session.get(User, actor.user_id)
    if row is None:
        raise AccessDenied("ログインし直してください。")
    if not current_password:
        raise PasswordPolicyError("現在のパスワードを入力してください。")
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
    revoked = revoke_sessions(session, int(row.id or 0), keep_session_id=keep_session_id)
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
