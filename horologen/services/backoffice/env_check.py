"""Runbook 2.5: the data checks operators run after seeding and importing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from horologen.models import MasterProduct, Tenant, User
from horologen.services.accounts.access import Actor
from horologen.services.catalogue.search import search_references
from horologen.services.operations.health import check_health

STAFF_A_EMAIL = "staff-a@example.com"


@dataclass(frozen=True)
class CheckLine:
    ok: bool
    label: str
    detail: str


def run_checks(*, session: Session, expected_staff_a_tenant: int = 2) -> list[CheckLine]:
    lines: list[CheckLine] = []
    health = check_health(session=session)
    lines.append(
        CheckLine(
            health.ok,
            "schema at alembic head",
            f"current={health.current_revision} head={health.head_revision}",
        )
    )
    if health.database != "ok" or health.current_revision is None:
        return lines

    tenants = session.exec(select(Tenant).order_by(col(Tenant.id))).all()
    lines.append(
        CheckLine(
            bool(tenants),
            "tenants exist",
            ", ".join(f"{t.id}:{t.name}{'' if t.is_active else '(disabled)'}" for t in tenants) or "none",
        )
    )

    staff_a = session.exec(select(User).where(User.email == STAFF_A_EMAIL)).first()
    lines.append(
        CheckLine(
            staff_a is not None and staff_a.tenant_id == expected_staff_a_tenant,
            f"{STAFF_A_EMAIL} tenant_id == {expected_staff_a_tenant}",
            "missing" if staff_a is None else f"tenant_id={staff_a.tenant_id} role={staff_a.role}",
        )
    )

    per_tenant = select(MasterProduct.tenant_id, func.count()).group_by(col(MasterProduct.tenant_id))
    counts = dict(session.exec(per_tenant).all())
    shops = [t for t in tenants if not t.is_platform]
    lines.append(
        CheckLine(
            bool(counts),
            "master_products per tenant",
            ", ".join(f"{t.id}:{t.name}={counts.get(int(t.id or 0), 0)}" for t in shops) or "no shop tenants",
        )
    )

    if staff_a is None:
        lines.append(CheckLine(False, "TESTBRAND / REF001 visible to staff-a", "staff-a missing"))
        return lines
    actor = Actor(user_id=staff_a.id, tenant_id=staff_a.tenant_id, role=staff_a.role, email=staff_a.email)
    page = search_references(session=session, actor=actor, brand="TESTBRAND", query="REF001")
    found = [item for item in page.items if item.reference == "REF001"]
    lines.append(
        CheckLine(
            page.count == 1 and bool(found),
            "TESTBRAND / REF001 visible to staff-a",
            f"count={page.count}" + (f" price_jpy={found[0].price_jpy}" if found else ""),
        )
    )
    return lines
