"""Writing catalogue rows into a tenant's master_products: new products added, existing ones
changed only as the admin chose (issue 25 item B), in one transaction with an audit row per
changed product (its old and new values).

A row is matched to a stored product by its stock number when it has one (a piece), else by the
folded (brand, reference) key among products without a stock number (a reference, the runbook's
key). Apply modes (`changes.APPLY_MODES`): `none` leaves existing products alone (the default, and
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
from dataclasses import dataclass, field, replace
from datetime import datetime
from operator import itemgetter
from typing import TYPE_CHECKING, Any, cast

from psycopg.copy import QueuedLibpqWriter
from sqlalchemy import Table, bindparam, insert, text, update
from sqlmodel import Session

from horologen.models import AuditLog, MasterProduct, Tenant, utcnow
from horologen.services.accounts.access import ADMIN, AccessDenied, Actor, require_role, require_tenant
from horologen.services.catalogue.brands import BrandFolder, brand_folder
from horologen.services.catalogue.changes import (
    APPLY_MODES,
    APPLY_NONE,
    APPLY_PRICES,
    ProductChange,
    StoredProduct,
    applied,
    compare,
    load_stored,
    new_values,
)
from horologen.services.catalogue.files import CatalogueRow
from horologen.services.catalogue.price_words import SOLD
from horologen.services.catalogue.prices import tax_included

if TYPE_CHECKING:
    import psycopg

_BATCH = 1000
PRODUCT_CHANGED = "catalogue_product_changed"  # the audit action of one product changed by an import


@dataclass(frozen=True)
class ImportPlan:
    """What committing would do: rows to add, rows of existing products, and what they change."""

    to_add: list[CatalogueRow]
    existing: list[CatalogueRow]
    # existing row's line → the catalogue's price now, tax-included (compared with the file's, also
    # tax-included, so a 税抜 file does not look like a price cut)
    current_prices: dict[int, int | None] = field(default_factory=dict)
    changes: list[ProductChange] = field(default_factory=list)  # existing products with a changed field
    matched: dict[int, StoredProduct] = field(default_factory=dict)  # existing row's line → its product
    missing: list[StoredProduct] = field(default_factory=list)  # stored products the file does not have

    @property
    def price_changes(self) -> int:
        """How many existing products' price as the customer sees it (tax-included, or no price, or
        sold / reserved) "価格を更新する" would change; a basis alone (税抜 for 税込, same total) is not."""
        return sum(1 for change in self.changes if any(f.field in ("price_jpy", "price_state") for f in change.fields))

    @property
    def blank_cells(self) -> int:
        """Cells blank in the file where the product has a value (kept unless 空欄で消す)."""
        return sum(1 for change in self.changes for f in change.fields if f.blank)


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
    # PostgreSQL only, so the driver's connection is psycopg's (SQLAlchemy's DBAPI protocol has no COPY).
    dbapi = cast("psycopg.Connection[Any] | None", session.connection().connection.dbapi_connection)
    assert dbapi is not None
    with dbapi.cursor() as cursor, cursor.copy(statement, writer=QueuedLibpqWriter(cursor)) as copy:
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


def row_key(folder: BrandFolder, row: CatalogueRow) -> tuple[str, str]:
    """(folded brand key, reference key): the shop's aliases and the built-in spellings applied."""
    return (folder.key(row.brand), row.reference_key)


def plan_import(
    *,
    session: Session,
    actor: Actor,
    tenant_id: int,
    rows: Sequence[CatalogueRow],
    spec_columns: Sequence[str] = (),
    compare_fields: bool = True,
) -> ImportPlan:
    """Match every row to the tenant's products (shop admins, or the system for the ops scripts).

    In: the file's valid rows and its spec column headers (only those are compared). Out: rows to
    add, rows of existing products with the catalogue's tax-included price now, and the changes
    (with compare_fields=False none: `plan_changes` computes them later)."""
    require_role(actor, ADMIN)
    require_tenant(actor, tenant_id)
    pieces, references = load_stored(session, tenant_id)
    folder = brand_folder(session=session, tenant_id=tenant_id)
    columns = list(spec_columns)
    to_add: list[CatalogueRow] = []
    existing: list[CatalogueRow] = []
    current: dict[int, int | None] = {}
    changes: list[ProductChange] = []
    matched: dict[int, StoredProduct] = {}
    seen: set[object] = set()
    adoptable = _adoptable(folder, rows, pieces, references)
    for row in rows:
        key: str | tuple[str, str] = row.stock_number if row.stock_number is not None else row_key(folder, row)
        stored = pieces.get(key) if isinstance(key, str) else references.get(key)
        if stored is None and isinstance(key, str):
            stored = adoptable.get(key)  # the shop's first file with stock numbers: its reference product
        if key in seen:  # two spellings the shop's alias folds together: the first one wins
            continue
        seen.add(key)
        if stored is None:
            to_add.append(row)
            continue
        existing.append(row)
        current[row.line] = tax_included(stored.price_jpy, stored.price_tax)
        matched[row.line] = stored
    # Reported, never deleted: a piece missing from a shop's export is often sold, but the export may
    # also be filtered (tests/data/shop_files/CASES.md, corr_b_v2.txt).
    found = {stored.id for stored in matched.values()}
    missing = [p for p in (*pieces.values(), *references.values()) if p.id not in found]
    plan = ImportPlan(to_add, existing, current, changes, matched, missing)
    if compare_fields:
        changes += plan_changes(plan, folder, columns)
    return plan


def plan_changes(plan: ImportPlan, folder: BrandFolder, spec_columns: list[str]) -> list[ProductChange]:
    """The changed fields of every existing row's product, in the file's order (pure Python: no
    session, so the commit runs it beside its COPY of the new rows)."""
    changes: list[ProductChange] = []
    for row in plan.existing:
        stored = plan.matched[row.line]
        fields = compare(stored, row, folder, spec_columns)
        if fields:
            changes.append(ProductChange(stored, row.line, fields))
    return changes


def _adoptable(
    folder: BrandFolder,
    rows: Sequence[CatalogueRow],
    pieces: dict[str, StoredProduct],
    references: dict[tuple[str, str], StoredProduct],
) -> dict[str, StoredProduct]:
    """Stock number → the stored reference product (no stock number) a new piece row takes over.

    A shop that imported without a 管理番号 column and now exports with one would otherwise get
    each watch twice: the old reference product and a new piece. A new piece row takes over the
    reference product of its brand and reference when it is the only new piece row of that watch
    in the file and no row of the file still lists the watch without one (with two, which one the
    stored product is cannot be known: both are added and the stored one is reported as not in the
    file). Only 「すべての変更を反映」 writes the stock number."""
    new_pieces = [row for row in rows if row.stock_number is not None and row.stock_number not in pieces]
    if not new_pieces or not references:  # most imports: nothing to take over, no key computed
        return {}
    claims: dict[tuple[str, str], list[str]] = {}
    for row in new_pieces:
        claims.setdefault(row_key(folder, row), []).append(str(row.stock_number))
    # watches the file still lists as a reference (no stock number) keep their reference product
    kept = {row_key(folder, row) for row in rows if row.stock_number is None}
    return {
        numbers[0]: references[key]
        for key, numbers in claims.items()
        if len(numbers) == 1 and key in references and key not in kept
    }


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
        compared = replace(plan, changes=plan_changes(plan, folder, list(spec_columns)))
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
