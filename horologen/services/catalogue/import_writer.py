"""Writing catalogue rows into a tenant's master_products: new products added, existing ones
changed only as the admin chose (issue 25 item B), in one transaction with an audit row per
changed product (its old and new values).

Rows are matched to stored products by `matching.plan_import` (a piece by its stock number, a
reference by its folded brand and reference, the runbook's key). Apply modes
(`changes.APPLY_MODES`): `none` leaves existing products alone (the default, and
the runbook's SQLite import, §2.4 "既存キーはスキップされ、破壊的更新をしない"); `prices` writes the
price, its tax basis and the sale state; `all` writes every changed field, where a blank cell
erases the stored value only with `blank_erases`.

On PostgreSQL new rows go in by COPY and changed rows by COPY into a temporary table and one
UPDATE … FROM (bench/import_vs_copy.py), so a 100k-row re-import stays near COPY's speed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from operator import itemgetter
from typing import Any

from psycopg.copy import QueuedLibpqWriter
from sqlalchemy import Table, bindparam, insert, text, update
from sqlmodel import Session

from horologen import db
from horologen.models import AuditLog, MasterProduct, Tenant, utcnow
from horologen.services.accounts.access import ADMIN, AccessDenied, Actor, require_role, require_tenant
from horologen.services.catalogue.brands import BrandFolder, brand_folder
from horologen.services.catalogue.changes import APPLY_MODES, APPLY_NONE, APPLY_PRICES, applied, new_values
from horologen.services.catalogue.files import CatalogueRow
from horologen.services.catalogue.matching import ImportPlan, plan_changes, plan_import, row_key
from horologen.services.catalogue.price_words import SOLD

__all__ = ["ImportPlan", "ImportResult", "plan_import", "row_key", "write_import"]

_BATCH = 1000
PRODUCT_CHANGED = "catalogue_product_changed"  # the audit action of one product changed by an import


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int  # existing products left as they were
    updated: int  # existing products changed


_COPY_COLUMNS = (
    "tenant_id", "brand", "brand_key", "reference", "reference_key", "name", "price_jpy", "price_tax", "specs",
    "stock_number", "sale_state", "sold_at", "created_at", "updated_at",
)  # fmt: skip
_UPDATE_COLUMNS = (
    "id", "brand", "brand_key", "reference", "reference_key", "name", "price_jpy", "price_tax", "specs",
    "stock_number", "sale_state", "sold_at", "updated_at",
)  # fmt: skip
_AUDIT_COLUMNS = ("tenant_id", "user_id", "action", "target", "detail", "client_address", "created_at")
_JSON_COLUMNS = ("specs", "detail")
# One encoder for every row: json.dumps with a non-default option builds a new encoder per call.
_to_json = json.JSONEncoder(ensure_ascii=False).encode


def _copy(session: Session, statement: str, rows: Iterable[Sequence[Any]]) -> None:
    """PostgreSQL COPY on the session's own connection: same transaction, ~10x faster than INSERTs.

    The rows are formatted while a psycopg worker thread sends the earlier ones and the server
    writes them (`QueuedLibpqWriter`, psycopg's writer "using a buffer to queue data to write":
    https://psycopg.org/psycopg3/docs/api/copy.html), so building rows costs no wall time while the
    server, which updates the table's indexes, is the slower side."""
    with (
        db.psycopg_connection(session).cursor() as cursor,
        cursor.copy(statement, writer=QueuedLibpqWriter(cursor)) as copy,
    ):
        for cells in rows:
            copy.write_row(cells)


def _cells(columns: Sequence[str], values: list[dict[str, Any]]) -> Iterator[list[Any]]:
    """The dicts' values in `columns` order, JSON columns encoded, for `_copy`."""
    cells_of = itemgetter(*columns)
    json_at = [index for index, column in enumerate(columns) if column in _JSON_COLUMNS]
    for row in values:
        cells = list(cells_of(row))
        for index in json_at:
            cells[index] = _to_json(cells[index])
        yield cells


def _insert(session: Session, table: Any, columns: Sequence[str], values: list[dict[str, Any]]) -> None:
    if not values:
        return
    if session.get_bind().dialect.name == "postgresql":
        _copy(session, f"COPY {table.__tablename__} ({', '.join(columns)}) FROM STDIN", _cells(columns, values))
        return
    for start in range(0, len(values), _BATCH):
        session.execute(insert(table), values[start : start + _BATCH])


def _update(session: Session, tenant_id: int, values: list[dict[str, Any]]) -> None:
    """Full new rows of changed products, by id within the tenant."""
    if not values:
        return
    assignments = ", ".join(f"{c} = u.{c}" for c in _UPDATE_COLUMNS[1:])
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text(
                "CREATE TEMP TABLE hg_product_updates (id bigint, brand text, brand_key text, reference text,"
                " reference_key text, name text, price_jpy bigint, price_tax text, specs json, stock_number text,"
                " sale_state text, sold_at timestamptz, updated_at timestamptz) ON COMMIT DROP"
            )
        )
        columns = ", ".join(_UPDATE_COLUMNS)
        _copy(session, f"COPY hg_product_updates ({columns}) FROM STDIN", _cells(_UPDATE_COLUMNS, values))
        session.execute(
            text(
                f"UPDATE master_products AS m SET {assignments}"  # noqa: S608 - column names are constants
                " FROM hg_product_updates AS u WHERE m.id = u.id AND m.tenant_id = :tenant"
            ).bindparams(tenant=tenant_id)
        )
        return
    table: Table = MasterProduct.__table__  # type: ignore[attr-defined]  # SQLModel sets it at runtime, undeclared
    statement = (
        update(table)
        .where(table.c.id == bindparam("pid"), table.c.tenant_id == tenant_id)
        .values({c: bindparam(f"v_{c}") for c in _UPDATE_COLUMNS[1:]})
    )
    params = [{"pid": row["id"], **{f"v_{c}": row[c] for c in _UPDATE_COLUMNS[1:]}} for row in values]
    for start in range(0, len(params), _BATCH):
        session.execute(statement, params[start : start + _BATCH])


def write_import(
    *,
    session: Session,
    actor: Actor,
    tenant_id: int,
    rows: Sequence[CatalogueRow],
    update_prices: bool = False,
    apply: str | None = None,
    blank_erases: bool = False,
    spec_columns: Sequence[str] = (),
    name_column: bool = True,
    source: str = "",
    commit: bool = True,
) -> ImportResult:
    """One transaction: add new products; change existing ones as `apply` says (`none`, the default;
    `update_prices=True` is `prices`), with an audit row per changed product naming `source`.

    With commit=False the caller finishes the transaction (to add its own rows to it)."""
    require_role(actor, ADMIN)
    require_tenant(actor, tenant_id)
    mode = apply or (APPLY_PRICES if update_prices else APPLY_NONE)
    if mode not in APPLY_MODES:
        raise ValueError(f"apply must be one of {APPLY_MODES}")
    if session.get(Tenant, tenant_id) is None:
        raise AccessDenied(f"テナント {tenant_id} は存在しません。")
    plan = plan_import(
        session=session, actor=actor, tenant_id=tenant_id, rows=rows, spec_columns=spec_columns, compare_fields=False
    )
    folder = brand_folder(session=session, tenant_id=tenant_id)
    now = utcnow()

    def changed_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        if mode == APPLY_NONE:
            return [], []
        compared = replace(plan, changes=plan_changes(plan, folder, list(spec_columns), name_column))
        return _changed_rows(compared, tenant_id, actor, mode, blank_erases, folder, source, now)

    try:
        if plan.to_add and plan.existing and mode != APPLY_NONE and session.get_bind().dialect.name == "postgresql":
            # The comparison (Python) runs while the server writes the new rows (COPY): on a 100k-row
            # re-import both take about a second (bench/import_vs_copy.py).
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-compare") as pool:
                pending = pool.submit(changed_rows)
                _add(session, tenant_id, folder, plan.to_add, now)
                updates, audits = pending.result()
        else:
            updates, audits = changed_rows()
            _add(session, tenant_id, folder, plan.to_add, now)
        _update(session, tenant_id, updates)
        _insert(session, AuditLog, _AUDIT_COLUMNS, audits)
        if updates:
            session.expire_all()  # written by SQL: products already loaded in the session read again
        if commit:
            session.commit()
    except Exception:
        session.rollback()
        raise
    return ImportResult(added=len(plan.to_add), skipped=len(plan.existing) - len(updates), updated=len(updates))


def _add(session: Session, tenant_id: int, folder: BrandFolder, rows: list[CatalogueRow], now: datetime) -> None:
    """The new products: on PostgreSQL each row's cells straight into COPY (no dict per row)."""
    if not rows or session.get_bind().dialect.name != "postgresql":
        _insert(session, MasterProduct, _COPY_COLUMNS, [_new_row(tenant_id, folder, row, now) for row in rows])
        return

    def cells() -> Iterator[tuple[Any, ...]]:
        for row in rows:
            key, shown = folder.folded(row.brand)
            sold_at = now if row.sale_state == SOLD else None
            yield (
                tenant_id, shown, key, row.reference, row.reference_key, row.name, row.price_jpy, row.price_tax,
                _to_json(row.specs), row.stock_number, row.sale_state, sold_at, now, now,
            )  # fmt: skip

    _copy(session, f"COPY master_products ({', '.join(_COPY_COLUMNS)}) FROM STDIN", cells())


def _new_row(tenant_id: int, folder: BrandFolder, row: CatalogueRow, now: datetime) -> dict[str, Any]:
    return {
        "tenant_id": tenant_id,
        "brand": folder.display(row.brand),
        "brand_key": folder.key(row.brand),
        "reference": row.reference,
        "reference_key": row.reference_key,
        "name": row.name,
        "price_jpy": row.price_jpy,
        "price_tax": row.price_tax,
        "specs": row.specs,
        "stock_number": row.stock_number,
        "sale_state": row.sale_state,
        "sold_at": now if row.sale_state == SOLD else None,
        "created_at": now,
        "updated_at": now,
    }


def _changed_rows(
    plan: ImportPlan,
    tenant_id: int,
    actor: Actor,
    mode: str,
    blank_erases: bool,
    folder: BrandFolder,
    source: str,
    now: datetime,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The full new rows of the products `mode` changes, and their audit rows (old and new values)."""
    rows = {row.line: row for row in plan.existing}
    updates: list[dict[str, Any]] = []
    audits: list[dict[str, Any]] = []
    for change in plan.changes:
        chosen = applied(change.fields, mode, blank_erases)
        if not chosen:
            continue
        stored, row = change.product, rows[change.line]
        sold_at = now if row.sale_state == SOLD and stored.sale_state != SOLD else stored.sold_at
        merged = {
            "id": stored.id, "brand": stored.brand, "brand_key": stored.brand_key, "reference": stored.reference,
            "reference_key": stored.reference_key, "name": stored.name, "price_jpy": stored.price_jpy,
            "price_tax": stored.price_tax, "specs": stored.specs, "stock_number": stored.stock_number,
            "sale_state": stored.sale_state, "sold_at": sold_at, "updated_at": now,
        }  # fmt: skip
        merged |= new_values(stored, row, chosen, folder)
        if merged["sale_state"] != SOLD:
            merged["sold_at"] = stored.sold_at  # sold only if the sale state was applied
        updates.append(merged)
        audits.append(
            {
                "tenant_id": tenant_id, "user_id": actor.user_id, "action": PRODUCT_CHANGED,
                "target": f"product {stored.id} {stored.label}"[:200], "client_address": "", "created_at": now,
                "detail": {"source": source, "mode": mode, "changes": {c.field: [c.old, c.new] for c in chosen}},
            }
        )  # fmt: skip
    return updates, audits
