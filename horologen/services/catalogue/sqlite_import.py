"""Runbook 2.4: master_products from a SQLite file (legacy layout or ours) into one tenant.

Never destructive: existing (tenant_id, brand, reference) keys are skipped, nothing is updated
(release runbook §2.4: "既存キーはスキップされ、破壊的更新をしない"); the import writes with apply
mode `none`. Our own layout's stock numbers and sale states are kept (a piece stays a piece, keyed by
its stock number); a NULL price is no price (price_jpy NULL), as the table says.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from horologen.errors import UserFacingError
from horologen.models import Tenant
from horologen.services.accounts.access import Actor
from horologen.services.catalogue.files import CatalogueRow, RowError, row_from_values
from horologen.services.catalogue.import_writer import write_import

REQUIRED = ("brand", "reference", "price_jpy")
NOT_SPECS = {"id", "tenant_id", "brand", "reference", "price_jpy", "name", "specs", "brand_key",
             "reference_key", "created_at", "updated_at", "price_tax", "stock_number", "sale_state",
             "sold_at"}  # fmt: skip


class SqliteImportError(UserFacingError, RuntimeError):
    """The import cannot run; the message says why and what to do."""


@dataclass(frozen=True)
class SqliteImportReport:
    read: int
    added: int
    skipped: int
    invalid: list[RowError]


def same_database(source: Path, target_url: str) -> bool:
    if not target_url.startswith("sqlite"):
        return False
    target = Path(target_url.split(":///", 1)[-1])
    try:
        return source.resolve() == target.resolve()
    except OSError:
        return False


def read_source(
    source: Path, tenant_id: int, source_tenant_id: int | None
) -> tuple[int, list[CatalogueRow], list[RowError]]:
    if not source.is_file():
        raise SqliteImportError(f"SQLite ファイルがありません: {source}（SQLITE_PATH で指定できます）")
    connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        columns = [row["name"] for row in connection.execute("PRAGMA table_info(master_products)")]
        if not columns:
            raise SqliteImportError(f"{source} に master_products テーブルがありません。")
        missing = [c for c in REQUIRED if c not in columns]
        if missing:
            raise SqliteImportError(f"master_products に必要な列がありません: {', '.join(missing)}")
        query = "SELECT * FROM master_products"
        params: tuple[int, ...] = ()
        if "tenant_id" in columns:
            # Our own layout: take the rows of the matching tenant (or SOURCE_TENANT_ID).
            query += " WHERE tenant_id = ?"
            params = (source_tenant_id if source_tenant_id is not None else tenant_id,)
        records = connection.execute(query + " ORDER BY rowid", params).fetchall()
    except sqlite3.DatabaseError as exc:
        raise SqliteImportError(f"SQLite ファイルを読めません: {exc}") from None
    finally:
        connection.close()
    rows: list[CatalogueRow] = []
    errors: list[RowError] = []
    seen: set[object] = set()
    for index, record in enumerate(records, start=1):
        data = dict(record)
        specs: dict[str, object] = {k: v for k, v in data.items() if k not in NOT_SPECS and v is not None}
        if isinstance(data.get("specs"), str) and data["specs"].strip():
            try:
                specs = {**json.loads(data["specs"]), **specs}
            except (ValueError, TypeError):
                specs["specs"] = data["specs"]
        result = row_from_values(
            index, data["brand"], data["reference"], data.get("name"), data["price_jpy"], specs,
            stock_number=data.get("stock_number"), sale_state=str(data.get("sale_state") or "available"),
            price_tax=str(data.get("price_tax") or "unknown"),
        )  # fmt: skip
        key = (result.stock_number or result.key) if not isinstance(result, RowError) else None
        if isinstance(result, RowError):
            errors.append(result)
        elif key in seen:
            errors.append(RowError(index, "同じ管理番号、またはブランド・型番が重複しています"))
        else:
            seen.add(key)
            rows.append(result)
    return len(records), rows, errors


def import_from_sqlite(
    *, session: Session, source: Path, tenant_id: int, target_url: str, source_tenant_id: int | None = None
) -> SqliteImportReport:
    if not source.is_file():
        raise SqliteImportError(f"SQLite ファイルがありません: {source}（SQLITE_PATH で指定できます）")
    if same_database(source, target_url):
        raise SqliteImportError(
            "読み込み元と書き込み先が同じデータベースです。DATABASE_URL に移行先の PostgreSQL を指定してください。"
        )
    if session.get(Tenant, tenant_id) is None:
        raise SqliteImportError(
            f"TENANT_ID={tenant_id} のテナントが存在しません。先に seed_dev.py を実行してください。"
        )
    read, rows, errors = read_source(source, tenant_id, source_tenant_id)
    result = write_import(session=session, actor=Actor.system(), tenant_id=tenant_id, rows=rows)
    return SqliteImportReport(read=read, added=result.added, skipped=result.skipped, invalid=errors)
