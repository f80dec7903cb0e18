"""The platform admin's tenants: create, rename, disable, plan and limit overrides, first admin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from horologen.models import Tenant, User, utcnow
from horologen.services.accounts.access import ADMIN, PLATFORM_ADMIN, AccessDenied, Actor, require_role
from horologen.services.accounts.sessions import revoke_sessions
from horologen.services.accounts.users import CreatedUser, UserInputError, add_user
from horologen.services.operations import audit, quota
from horologen.timezones import quota_month

MAX_NAME = 200


@dataclass(frozen=True)
class TenantRow:
    id: int
    name: str
    is_active: bool
    is_platform: bool
    plan_override: str | None
    limit_override: int | None
    plan: str
    limit: int | None
    used_this_month: int
    users: int


def _tenant(session: Session, tenant_id: int) -> Tenant:
    tenant = session.get(Tenant, tenant_id)
    if tenant is None:
        raise AccessDenied("テナントが見つかりません。")
    return tenant


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise UserInputError("テナント名を入力してください。")
    if len(name) > MAX_NAME:
        raise UserInputError(f"テナント名は {MAX_NAME} 文字までです。")
    return name


def list_tenants(*, session: Session, actor: Actor, now: datetime | None = None) -> list[TenantRow]:
    require_role(actor, PLATFORM_ADMIN)
    month = quota_month(now or utcnow())
    user_counts = dict(session.exec(select(User.tenant_id, func.count()).group_by(col(User.tenant_id))).all())
    rows = []
    for tenant in session.exec(select(Tenant).order_by(col(Tenant.id))).all():
        plan, limit = quota.effective_plan(tenant)
        used = sum(n for n, _, _ in quota.month_counts(session, int(tenant.id or 0), month).values())
        rows.append(
            TenantRow(
                id=int(tenant.id or 0),
                name=tenant.name,
                is_active=tenant.is_active,
                is_platform=tenant.is_platform,
                plan_override=tenant.plan,
                limit_override=tenant.monthly_limit,
                plan=plan,
                limit=limit,
                used_this_month=used,
                users=int(user_counts.get(int(tenant.id or 0), 0)),
            )
        )
    return rows


def _unique_name(session: Session, name: str, except_id: int | None = None) -> None:
    existing = session.exec(select(Tenant).where(Tenant.name == name)).first()
    if existing is not None and existing.id != except_id:
        raise UserInputError("同じ名前のテナントがすでにあります。")


def create_tenant(*, session: Session, actor: Actor, name: str) -> Tenant:
    require_role(actor, PLATFORM_ADMIN)
    name = _clean_name(name)
    _unique_name(session, name)
    tenant = Tenant(name=name)
    session.add(tenant)
    session.flush()
    audit.record(session=session, action="tenant_created", user_id=actor.user_id, target=name)
    session.commit()
    return tenant


def rename_tenant(*, session: Session, actor: Actor, tenant_id: int, name: str) -> None:
    require_role(actor, PLATFORM_ADMIN)
    tenant = _tenant(session, tenant_id)
    name = _clean_name(name)
    _unique_name(session, name, except_id=tenant.id)
    old = tenant.name
    tenant.name = name
    tenant.updated_at = utcnow()
    session.add(tenant)
    audit.record(session=session, action="tenant_renamed", user_id=actor.user_id, target=f"{old} → {name}")
    session.commit()


def set_tenant_active(*, session: Session, actor: Actor, tenant_id: int, active: bool) -> None:
    """Disabling signs every user of the tenant out at once; they can no longer log in."""
    require_role(actor, PLATFORM_ADMIN)
    tenant = _tenant(session, tenant_id)
    if tenant.is_platform and not active:
        raise UserInputError("プラットフォームのテナントは無効にできません。")
    tenant.is_active = active
    tenant.updated_at = utcnow()
    session.add(tenant)
    if not active:
        revoke_sessions(session, tenant_id=tenant_id)
    audit.record(
        session=session,
        action="tenant_enabled" if active else "tenant_disabled",
        tenant_id=tenant.id,
        user_id=actor.user_id,
        target=tenant.name,
    )
    session.commit()


def set_plan(*, session: Session, actor: Actor, tenant_id: int, plan: str | None, monthly_limit: int | None) -> None:
    """None means: use the deployment default (HOROLOGEN_PLAN / HOROLOGEN_MONTHLY_LIMIT)."""
    require_role(actor, PLATFORM_ADMIN)
    tenant = _tenant(session, tenant_id)
    if plan not in (None, "limited", "unlimited"):
        raise UserInputError("プランは「既定」「limited」「unlimited」から選んでください。")
    if monthly_limit is not None and not 0 <= monthly_limit <= 1_000_000:
        raise UserInputError("月間上限は 0 以上の整数で入力してください。")
    tenant.plan = plan
    tenant.monthly_limit = monthly_limit
    tenant.updated_at = utcnow()
    session.add(tenant)
    audit.record(
        session=session,
        action="tenant_plan_set",
        tenant_id=tenant.id,
        user_id=actor.user_id,
        target=tenant.name,
        detail={"plan": plan, "monthly_limit": monthly_limit},
    )
    session.commit()


def create_tenant_admin(
    *, session: Session, actor: Actor, tenant_id: int, email: str, display_name: str
) -> CreatedUser:
    """A shop's first admin, with a temporary password to change at first login."""
    require_role(actor, PLATFORM_ADMIN)
    tenant = _tenant(session, tenant_id)
    if tenant.is_platform:
        raise UserInputError("プラットフォームのテナントには店舗管理者を作れません。")
    return add_user(
        session=session,
        actor=actor,
        tenant_id=int(tenant.id or 0),
        email=email,
        display_name=display_name,
        role=ADMIN,
    )
