"""Writing catalogue rows into a tenant's master_products: skip existing keys unless told."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlmodel import Session

from horologen.models import MasterProduct, Tenant, utcnow
from horologen.services.accounts.access import ADMIN, AccessDenied, Actor, require_role, require_tenant
from horologen.services.catalogue.files import CatalogueRow
from horologen.services.catalogue.normalise import normalise_key

_BATCH = 1000


@dataclass(frozen=True)
class ImportPlan:
    """What committing would do: rows to add, existing keys to skip (or update)."""

    to_add: list[CatalogueRow]
    existing: list[CatalogueRow]


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int
    updated: int


_COPY_COLUMNS = (
    "tenant_id",
    "brand",
    "brand_key",
    "reference",
    "reference_key",
    "name",
    "price_jpy",
    "specs",
    "created_at",
    "updated_at",
)


def _copy_rows(session: Session, values: list[dict[str, object]]) -> None:
    """PostgreSQL COPY on the session's own connection: same transaction, ~10x faster than INSERTs."""
    if not values:
        return
    dbapi = session.connection().connection.dbapi_connection
    assert dbapi is not None
    with dbapi.cursor() as cursor:
        with cursor.copy(f"COPY master_products ({', '.join(_COPY_COLUMNS)}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(
                    [json.dumps(row[c], ensure_ascii=False) if c == "specs" else row[c] for c in _COPY_COLUMNS]
                )


def existing_keys(*, session: Session, tenant_id: int) -> set[tuple[str, str]]:
    """Normalised (brand, reference) of the tenant's products, so a re-spelt row is not a new watch."""
    result = session.execute(
        select(MasterProduct.brand_key, MasterProduct.reference_key).where(MasterProduct.tenant_id == tenant_id)
    )
    return {(brand_key, reference_key) for brand_key, reference_key in result}


def plan_import(*, session: Session, actor: Actor, tenant_id: int, rows: Sequence[CatalogueRow]) -> ImportPlan:
    require_role(actor, ADMIN)
    require_tenant(actor, tenant_id)
    keys = existing_keys(session=session, tenant_id=tenant_id)
    to_add = [row for row in rows if row.key not in keys]
    existing = [row for row in rows if row.key in keys]
    return ImportPlan(to_add=to_add, existing=existing)


def write_import(
    *,
    session: Session,
    actor: Actor,
    tenant_id: int,
    rows: Sequence[CatalogueRow],
    update_prices: bool = False,
    commit: bool = True,
) -> ImportResult:
    """One transaction: add new keys; existing keys are skipped, or get the new price if asked.

    With commit=False the caller finishes the transaction (to add its own rows to it)."""
    require_role(actor, ADMIN)
    require_tenant(actor, tenant_id)
    tenant = session.get(Tenant, tenant_id)
    if tenant is None:
        raise AccessDenied(f"テナント {tenant_id} は存在しません。")
    plan = plan_import(session=session, actor=actor, tenant_id=tenant_id, rows=rows)
    now = utcnow()
    values = [
        {
            "tenant_id": tenant_id,
            "brand": row.brand,
            "brand_key": normalise_key(row.brand),
            "reference": row.reference,
            "reference_key": normalise_key(row.reference),
            "name": row.name,
            "price_jpy": row.price_jpy,
            "specs": row.specs,
            "created_at": now,
            "updated_at": now,
        }
        for row in plan.to_add
    ]
    try:
        if session.get_bind().dialect.name == "postgresql":
            _copy_rows(session, values)
        else:
            for start in range(0, len(values), _BATCH):
                session.execute(insert(MasterProduct), values[start : start + _BATCH])
        updated = 0
        if update_prices:
            for row in plan.existing:
                result = session.execute(
                    update(MasterProduct)
                    .where(
                        MasterProduct.tenant_id == tenant_id,
                        MasterProduct.brand_key == row.key[0],
                        MasterProduct.reference_key == row.key[1],
                        MasterProduct.price_jpy != row.price_jpy,
                    )
                    .values(price_jpy=row.price_jpy, updated_at=now)
                )
                updated += result.rowcount or 0
        if commit:
            session.commit()
    except Exception:
        session.rollback()
        raise
    skipped = len(plan.existing) - updated if update_prices else len(plan.existing)
    return ImportResult(added=len(values), skipped=skipped, updated=updated)
