"""Alembic: the runbook's commands build the schema from empty on both databases, without drift."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect

from horologen.config import normalise_database_url
from horologen.db import make_engine
from horologen.services.operations.health import migration_heads
from tests.support import databases


def alembic(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args],
        cwd=databases.PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(params=["postgresql", "sqlite"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "postgresql":
        name, url = databases.create_pg_database("horologen_mig")
        yield url
        databases.drop_pg_database(name)
    else:
        yield databases.sqlite_url(tmp_path / "empty.db")


def table_names(url: str) -> set[str]:
    engine = make_engine(normalise_database_url(url))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_check_current_heads_downgrade(empty_database: str) -> None:
    url = empty_database
    head = migration_heads()[0]

    upgrade = alembic(url, "upgrade", "head")
    assert upgrade.returncode == 0, upgrade.stderr
    assert "Running upgrade" in upgrade.stderr  # visible in Render's deploy log
    assert {
        "tenants",
        "users",
        "auth_sessions",
        "master_products",
        "articles",
        "quota_usage",
        "audit_log",
    } <= (table_names(url))

    current = alembic(url, "current")
    assert current.returncode == 0 and f"{head} (head)" in current.stdout
    heads = alembic(url, "heads")
    assert heads.returncode == 0 and f"{head} (head)" in heads.stdout

    check = alembic(url, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No new upgrade operations detected" in check.stdout + check.stderr

    again = alembic(url, "upgrade", "head")
    assert again.returncode == 0 and "Running upgrade" not in again.stderr

    down = alembic(url, "downgrade", "base")
    assert down.returncode == 0, down.stderr
    assert table_names(url) <= {"alembic_version"}

    assert alembic(url, "upgrade", "head").returncode == 0
    assert "master_products" in table_names(url)


def test_upgrade_refuses_unsafe_production_settings_with_a_clear_message(tmp_path: Path) -> None:
    env = {**os.environ, "FLASK_ENV": "production", "DATABASE_URL": databases.sqlite_url(tmp_path / "p.db")}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-m", "alembic", "upgrade", "head"],
        cwd=databases.PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_rekey_migration_folds_stored_keys(empty_database: str) -> None:
    """0006 recomputes derived keys with today's rule; display columns are never touched."""
    from sqlalchemy import text

    url = empty_database
    databases.migrate(url, "0005")
    engine = make_engine(normalise_database_url(url))
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO tenants (id, name, plan, is_active, is_platform, created_at, updated_at) "
                    "VALUES (2, 'Tenant A', 'limited', true, false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                )
            )
            for pid, brand, reference in (
                (1, "ROLEX", "126610LN"),
                (2, "ロレックス", "126610LV\u200b"),
                (3, "タグホイヤー", "CAZ101"),
            ):
                conn.execute(
                    text(
                        "INSERT INTO master_products (id, tenant_id, brand, brand_key, reference, reference_key, name, "
                        "price_jpy, specs, created_at, updated_at) VALUES (:id, 2, :b, :bk, :r, :rk, '', 1, '{}', "
                        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                    ),
                    {"id": pid, "b": brand, "bk": brand.upper().replace(" ", ""), "r": reference, "rk": reference},
                )
        assert alembic(url, "upgrade", "head").returncode == 0
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT brand, brand_key, reference_key FROM master_products ORDER BY id")).all()
        assert [tuple(r) for r in rows] == [
            ("ROLEX", "ROLEX", "126610LN"),
            ("ロレックス", "ROLEX", "126610LV"),
            ("タグホイヤー", "TAGHEUER", "CAZ101"),
        ]
    finally:
        engine.dispose()
