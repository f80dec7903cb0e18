"""Runbook 2.5: one OK/NG line per check; exit 1 when any check fails."""

from __future__ import annotations

import os

from _bootstrap import run_script


def main() -> int:
    from horologen import db
    from horologen.config import get_settings
    from horologen.services.env_check import run_checks

    expected = int(os.environ.get("EXPECTED_STAFF_A_TENANT_ID", "2"))
    print(f"database: {get_settings().database_label}")
    with db.session() as session:
        lines = run_checks(session=session, expected_staff_a_tenant=expected)
    for line in lines:
        print(f"{'OK' if line.ok else 'NG'}: {line.label} ({line.detail})")
    failed = sum(not line.ok for line in lines)
    print("ALL OK" if not failed else f"{failed} check(s) failed")
    return 1 if failed else 0


if __name__ == "__main__":
    run_script(main)
