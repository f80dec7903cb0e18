"""docs/runbook.ja.md stays in step with the code: its commands run scripts we ship, its variables exist."""

from __future__ import annotations

import re

from horologen.config import PROJECT_ROOT

RUNBOOK = (PROJECT_ROOT / "docs" / "runbook.ja.md").read_text()


def test_every_runbook_command_names_a_script_we_ship() -> None:
    commands = re.findall(r"^(?:[A-Z_]+=\S+ )*python (\S+)", RUNBOOK, flags=re.M)
    assert "scripts/seed_dev.py" in commands and "scripts/check_env_data.py" in commands
    for command in commands:
        if command == "-m":
            continue
        assert (PROJECT_ROOT / command).is_file(), command


def test_every_documented_variable_is_read_by_the_code() -> None:
    documented = set(re.findall(r"^- `([A-Z_]+)`", RUNBOOK, flags=re.M))
    assert {"DATABASE_URL", "SECRET_KEY", "ANTHROPIC_API_KEY", "DEBUG_AUTH_LINKS"} <= documented
    code = (PROJECT_ROOT / "horologen" / "config.py").read_text()
    for name in documented:
        assert f'"{name}"' in code, name
