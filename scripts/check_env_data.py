"""Runbook 2.5: one OK/NG line per check; exit 1 when any check fails.

The generation line says whether the configured model answers (one small request of the same
shape as generation's); without ANTHROPIC_API_KEY it is an INFO line and fails nothing.
"""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING

from _bootstrap import run_script

if TYPE_CHECKING:
    from horologen.services.articles.claude import ModelCheck
    from horologen.services.backoffice.env_check import CheckLine


def main() -> int:
    from horologen import db
    from horologen.config import get_settings
    from horologen.services.articles.claude import check_model
    from horologen.services.backoffice.env_check import run_checks

    expected = int(os.environ.get("EXPECTED_STAFF_A_TENANT_ID", "2"))
    print(f"database: {get_settings().database_label}")
    with db.session() as session:
        lines = run_checks(session=session, expected_staff_a_tenant=expected)
    model_text, model_check = generation_line(asyncio.run(check_model()))
    for line in lines:
        print(f"{'OK' if line.ok else 'NG'}: {line.label} ({line.detail})")
    print(model_text)
    failed = sum(not line.ok for line in [*lines, *([model_check] if model_check else [])])
    print("ALL OK" if not failed else f"{failed} check(s) failed")
    return 1 if failed else 0


def generation_line(check: ModelCheck) -> tuple[str, CheckLine | None]:
    """Runbook 2.5's generation line. With a key: an OK/NG check that counts. Without one,
    generation is simply off (the runbook: 未設定時は生成のみ失敗する): an INFO line, no check."""
    if not check.configured:
        return f"INFO: generation is off ({check.detail}; the other features work)", None
    from horologen.services.backoffice.env_check import CheckLine

    line = CheckLine(check.ok, f"generation: model {check.model} (effort {check.effort}) answers", check.detail)
    return f"{'OK' if line.ok else 'NG'}: {line.label} ({line.detail})", line


if __name__ == "__main__":
    run_script(main)
