"""A shop admin's staff management: list, create, disable/enable, unlock. Always inside the actor's tenant."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from horologen.errors import UserFacingError
from horologen.models import User, utcnow
from horologen.services.accounts.access import ADMIN, PLATFORM_ADMIN, STAFF, AccessDenied, Actor, require_role
from horologen.services.accounts.passwords import hash_password, random_password, reset_password
from horologen.services.accounts.sessions import revoke_sessions
from horologen.services.accounts.signin import normalise_email
from horologen.services.operations import audit

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SHOP_ROLES = (ADMIN, STAFF)


class UserInputError(UserFacingError, ValueError):
    """The form has a problem the admin can fix; the message says what."""


@dataclass(frozen=True)
class UserRow:
    id: int
    email: str
    display_name: str
    role: str
    is_active: bool
    must_change_password: bool
    last_login_at: datetime | None
    locked_until: datetime | None = None  # set while a lockout (signin.py) is running


@dataclass(frozen=True)
class CreatedUser:
    row: UserRow
    temporary_password: str


def lock_status(user: User, now: datetime | None = None) -> datetime | None:
    """Until when the user's account is locked by failed logins, or None when it is not."""
    now = now or utcnow()
    return user.locked_until if user.locked_until is not None and user.locked_until > now else None


def user_row(user: User, now: datetime | None = None) -> UserRow:
    return UserRow(
        id=int(user.id or 0),
        email=user.email,
        display_name=user.display_name,
        role=user.role,
        is_active=user.is_active,
        must_change_password=user.must_change_password,
        last_login_at=user.last_login_at,
        locked_until=lock_status(user, now),
    )


def _own_tenant_user(session: Session, actor: Actor, user_id: int) -> User:
    """Another tenant's id is answered exactly like a missing one."""
    user = session.get(User, user_id)
    if user is None or user.tenant_id != actor.tenant_id or user.role == PLATFORM_ADMIN:
        raise AccessDenied("対象のユーザーが見つかりません。")
    return user


def list_users(*, session: Session, actor: Actor) -> list[UserRow]:
    require_role(actor, ADMIN)
    users = session.exec(select(User).where(User.tenant_id == actor.tenant_id).order_by(User.email)).all()
    return [user_row(u) for u in users]


def add_user(
    *, session: Session, actor: Actor, tenant_id: int, email: str, display_name: str, role: str
) -> CreatedUser:
    """Validate and create a shop user with a temporary password shown once; callers check roles."""
    email = normalise_email(email)
    display_name = " ".join((display_name or "").split())[:200]
    if not email:
        raise UserInputError("メールアドレスを入力してください。")
    if not EMAIL_PATTERN.match(email) or len(email) > 320:
        raise UserInputError("メールアドレスの形式が正しくありません。")
    if role not in SHOP_ROLES:
        raise UserInputError("役割は「管理者」か「スタッフ」を選んでください。")
    if session.exec(select(User).where(User.email == email)).first() is not None:
        # One message whether the address is this shop's or another's: an admin must not learn
        # which addresses other shops use (emails are unique across HoroloGen for login).
        raise UserInputError("このメールアドレスは登録できません。別のメールアドレスを指定してください。")
    temporary = random_password()
    user = User(
        tenant_id=tenant_id,
        email=email,
        display_name=display_name,
        role=role,
        password_hash=hash_password(temporary),
        must_change_password=True,
    )
    session.add(user)
    session.flush()
    audit.record(session=session, action="user_created", tenant_id=tenant_id, user_id=actor.user_id, target=email)
    session.commit()
    return CreatedUser(user_row(user), temporary)


def create_user(*, session: Session, actor: Actor, email: str, display_name: str, role: str) -> CreatedUser:
    """A shop admin adds staff (or another admin) to their own tenant."""
    require_role(actor, ADMIN)
    return add_user(
        session=session,
        actor=actor,
        tenant_id=int(actor.tenant_id or 0),
        email=email,
        display_name=display_name,
        role=role,
    )


def set_active(*, session: Session, actor: Actor, user_id: int, active: bool) -> UserRow:
    """Disabling signs the user out everywhere at once."""
    require_role(actor, ADMIN)
    user = _own_tenant_user(session, actor, user_id)
    if user.id == actor.user_id and not active:
        raise UserInputError("自分自身を無効にすることはできません。")
    user.is_active = active
    user.updated_at = utcnow()
    session.add(user)
    if not active:
        revoke_sessions(session, int(user.id or 0))
    audit.record(
        session=session,
        action="user_enabled" if active else "user_disabled",
        tenant_id=actor.tenant_id,
        user_id=actor.user_id,
        target=user.email,
    )
    session.commit()
    return user_row(user)


def reset_staff_password(*, session: Session, actor: Actor, user_id: int) -> tuple[UserRow, str]:
    """A temporary password shown once; the user must change it at the next login."""
    require_role(actor, ADMIN)
    user = _own_tenant_user(session, actor, user_id)
    temporary = reset_password(session=session, actor=actor, user_id=int(user.id or 0))
    session.refresh(user)
    return user_row(user), temporary


def unlock_user(*, session: Session, actor: Actor, user_id: int, client_address: str = "") -> UserRow:
    """A shop admin ends the lockout of a user of their own shop (the password stays as it is); audited."""
    require_role(actor, ADMIN)
    user = _own_tenant_user(session, actor, user_id)
    until = lock_status(user)
    if until is None:
        raise UserInputError("このユーザーはロックされていません（時間が過ぎたか、すでに解除されています）。")
    user.locked_until = None
    user.failed_login_count = 0
    user.last_failed_login_at = None
    user.updated_at = utcnow()
    session.add(user)
    audit.record(
        session=session,
        action="user_unlocked",
        tenant_id=actor.tenant_id,
        user_id=actor.user_id,
        target=user.email,
        client_address=client_address,
        detail={"locked_until": until.isoformat()},
    )
    session.commit()
    return user_row(user)


def first_password_pending(*, session: Session, actor: Actor) -> bool:
    """True while the signed-in user still has the temporary password their account was created
    with (never changed by them), so /password can greet a new account rather than speak of a reset."""
    user = session.get(User, actor.user_id)
    return user is not None and user.must_change_password and user.password_changed_at is None
