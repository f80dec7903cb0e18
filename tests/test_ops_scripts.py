"""The runbook's §2 scripts on a fresh PostgreSQL, run as the runbook runs them, twice."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from horologen.config import PROJECT_ROOT, normalise_database_url
from horologen.db import make_engine
from tests.support import databases
from tests.support.legacy_sqlite import build_legacy_db


@pytest.fixture()
def fresh_pg() -> Iterator[str]:
    name, url = databases.create_pg_database("horologen_ops")
    try:
        yield url
    finally:
        databases.drop_pg_database(name)


def run(args: list[str], env: dict[str, str], cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True, timeout=120
    )


def products(url: str) -> list[tuple]:
    engine = make_engine(normalise_database_url(url))
    try:
        with engine.connect() as conn:
            return list(
                conn.execute(
                    text("SELECT tenant_id, brand, reference, price_jpy FROM master_products ORDER BY 1, 2, 3")
                )
            )
    finally:
        engine.dispose()


def test_runbook_section_2_end_to_end_twice(fresh_pg: str, tmp_path: Path) -> None:
    work = tmp_path / "render-shell"
    work.mkdir()
    build_legacy_db(work / "horologen.db")
    env = {"DATABASE_URL": fresh_pg, "HOROLOGEN_SEED_PASSWORD": "ops-seed-password-1"}

    before = run([str(PROJECT_ROOT / "scripts" / "check_env_data.py")], env)
    assert before.returncode == 1 and "NG:" in before.stdout

    assert run(["-m", "alembic", "upgrade", "head"], env).returncode == 0
    states = []
    for attempt in range(2):
        seed = run(["scripts/seed_dev.py"], env)
        assert seed.returncode == 0, seed.stderr
        staging = run(["scripts/seed_staging_min.py"], env)
        assert staging.returncode == 0, staging.stderr
        for tenant in ("2", "3"):
            imported = run(
                [str(PROJECT_ROOT / "scripts" / "import_master_products_from_sqlite.py")],
                {**env, "TENANT_ID": tenant},
                cwd=work,  # the runbook runs it where horologen.db lies
            )
            assert imported.returncode == 0, imported.stdout + imported.stderr
            if attempt == 0 and tenant == "2":
                assert "read 5 / added 3 / skipped 1 / invalid 1" in imported.stdout
                assert "invalid row 4: ブランドが空です" in imported.stdout
            if attempt == 1:
                assert "added 0" in imported.stdout
        states.append(products(fresh_pg))
        check = run(["scripts/check_env_data.py"], env)
        assert check.returncode == 0, check.stdout
        assert check.stdout.count("OK:") == 5 and "ALL OK" in check.stdout
    assert states[0] == states[1]
    assert (2, "TESTBRAND", "REF001", 123456) in states[0]  # never overwritten by the legacy 999
    assert (3, "SEIKO", "SBDC101", 98000) in states[0]


def test_import_refuses_missing_tenant_same_database_and_missing_file(fresh_pg: str, tmp_path: Path) -> None:
    databases.migrate(fresh_pg)
    legacy = build_legacy_db(tmp_path / "horologen.db")
    missing_tenant = run(
        ["scripts/import_master_products_from_sqlite.py"],
        {"DATABASE_URL": fresh_pg, "TENANT_ID": "2", "SQLITE_PATH": str(legacy)},
    )
    assert missing_tenant.returncode == 1 and "テナントが存在しません" in missing_tenant.stdout
    same = run(
        ["scripts/import_master_products_from_sqlite.py"],
        {"DATABASE_URL": databases.sqlite_url(legacy), "TENANT_ID": "2", "SQLITE_PATH": str(legacy)},
    )
    assert same.returncode == 1 and "同じデータベース" in same.stdout
    no_file = run(
        ["scripts/import_master_products_from_sqlite.py"],
        {"DATABASE_URL": fresh_pg, "TENANT_ID": "2", "SQLITE_PATH": str(tmp_path / "none.db")},
    )
    assert no_file.returncode == 1 and "ありません" in no_file.stdout
    no_tenant_id = run(["scripts/import_master_products_from_sqlite.py"], {"DATABASE_URL": fresh_pg, "TENANT_ID": ""})
    assert no_tenant_id.returncode == 1 and "TENANT_ID" in no_tenant_id.stdout


def test_import_from_our_own_sqlite_layout_takes_the_matching_tenant(fresh_pg: str, tmp_path: Path) -> None:
    """The embedded demo database (our layout, with tenant_id) can be moved to PostgreSQL too."""
    source = tmp_path / "ours.db"
    source_url = databases.sqlite_url(source)
    databases.migrate(source_url)
    seeded = run(["scripts/seed_demo.py"], {"DATABASE_URL": source_url, "HOROLOGEN_SEED_PASSWORD": "demo-pass-123"})
    assert seeded.returncode == 0, seeded.stderr
    databases.migrate(fresh_pg)
    assert run(["scripts/seed_dev.py"], {"DATABASE_URL": fresh_pg, "HOROLOGEN_SEED_PASSWORD": "x" * 12}).returncode == 0
    result = run(
        ["scripts/import_master_products_from_sqlite.py"],
        {"DATABASE_URL": fresh_pg, "TENANT_ID": "2", "SQLITE_PATH": str(source)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "read 17 / added 17 / skipped 0 / invalid 0" in result.stdout
    rows = products(fresh_pg)
    assert len(rows) == 17 and {r[0] for r in rows} == {2}


def test_check_env_data_reports_the_model(fresh_pg: str, fake_anthropic) -> None:
    from tests.fakes.anthropic_server import FakeReply

    env = {"DATABASE_URL": fresh_pg, "HOROLOGEN_SEED_PASSWORD": "ops-seed-password-1"}
    for args in (["-m", "alembic", "upgrade", "head"], ["scripts/seed_dev.py"], ["scripts/seed_staging_min.py"]):
        assert run(args, env).returncode == 0
    keyed = {**env, "ANTHROPIC_API_KEY": "sk-ant-ops", "ANTHROPIC_BASE_URL": fake_anthropic.url}

    good = run(["scripts/check_env_data.py"], keyed)
    assert good.returncode == 0, good.stdout
    assert "OK: generation: model claude-sonnet-5-5 (effort medium) answers" in good.stdout
    assert "sk-ant-ops" not in good.stdout + good.stderr

    retired = run(["scripts/check_env_data.py"], {**keyed, "HOROLOGEN_MODEL": "claude-sonnet-4-5"})
    assert retired.returncode == 1 and "NG: generation: model claude-sonnet-4-5" in retired.stdout
    assert "not_found_error" in retired.stdout and "HOROLOGEN_MODEL" in retired.stdout

    fake_anthropic.queue(FakeReply(status=401))
    bad_key = run(["scripts/check_env_data.py"], keyed)
    assert bad_key.returncode == 1 and "authentication_error" in bad_key.stdout

    no_key = run(["scripts/check_env_data.py"], env)
    assert no_key.returncode == 0 and "INFO: generation is off (ANTHROPIC_API_KEY not set" in no_key.stdout
    assert "NG" not in no_key.stdout and "ALL OK" in no_key.stdout
