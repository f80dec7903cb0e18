"""Runbook 2.4: `TENANT_ID=2 python scripts/import_master_products_from_sqlite.py`.

Reads master_products from `horologen.db` (or SQLITE_PATH) into DATABASE_URL for TENANT_ID.
Existing (tenant_id, brand, reference) keys are skipped; nothing is updated or deleted.
"""

from __future__ import annotations

import os
from pathlib import Path

from _bootstrap import ROOT, run_script


def _source() -> Path:
    given = os.environ.get("SQLITE_PATH", "").strip()
    if given:
        return Path(given)
    here = Path.cwd() / "horologen.db"
    return here if here.exists() else ROOT / "horologen.db"


def _int_env(name: str) -> int | None:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise SystemExit(f"NG: {name} は数字で指定してください（例: {name}=2）")
    return int(raw)


def main() -> int:
    from horologen import db
    from horologen.config import get_settings
    from horologen.services.catalogue.sqlite_import import SqliteImportError, import_from_sqlite

    tenant_id = _int_env("TENANT_ID")
    if tenant_id is None:
        print(
            "NG: TENANT_ID を指定してください（例: TENANT_ID=2 python scripts/import_master_products_from_sqlite.py）"
        )
        return 1
    source = _source()
    settings = get_settings()
    print(f"source: {source}")
    print(f"target: {settings.database_label} tenant_id={tenant_id}")
    try:
        with db.session() as session:
            report = import_from_sqlite(
                session=session,
                source=source,
                tenant_id=tenant_id,
                target_url=settings.sqlalchemy_url,
                source_tenant_id=_int_env("SOURCE_TENANT_ID"),
            )
    except SqliteImportError as exc:
        print(f"NG: {exc}")
        return 1
    for error in report.invalid[:50]:
        print(f"  invalid row {error.line}: {error.reason}")
    if len(report.invalid) > 50:
        print(f"  … and {len(report.invalid) - 50} more invalid rows")
    print(f"OK: read {report.read} / added {report.added} / skipped {report.skipped} / invalid {len(report.invalid)}")
    return 0


if __name__ == "__main__":
    run_script(main)
