"""Runbook 2.3: `Tenant A` gets TESTBRAND / REF001 / price_jpy=123456, idempotent."""

from __future__ import annotations

from _bootstrap import run_script


def main() -> int:
    from horologen import db
    from horologen.services.backoffice.seed import seed_staging_min

    with db.session() as session:
        result = seed_staging_min(session=session)
    print(f"OK: TESTBRAND / REF001 / price_jpy=123456 (added {result.added}, skipped {result.skipped})")
    return 0


if __name__ == "__main__":
    run_script(main)
