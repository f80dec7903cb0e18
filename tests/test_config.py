"""config.py: every runbook variable read once, validated, secrets never shown."""

from __future__ import annotations

import logging

import pytest

from horologen.config import DEFAULT_SQLITE_PATH, ConfigError, load_settings, normalise_database_url

PROD = {"FLASK_ENV": "production", "SECRET_KEY": "a-long-enough-production-secret"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("postgresql://u:p@db.internal:5432/app", "postgresql+psycopg://u:p@db.internal:5432/app"),
        ("postgres://u:p@db.internal/app", "postgresql+psycopg://u:p@db.internal/app"),
        ("postgresql+psycopg://u@h/app", "postgresql+psycopg://u@h/app"),
        ("  postgresql://h/app \n", "postgresql+psycopg://h/app"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_url_is_normalised_to_psycopg3(raw: str, expected: str) -> None:
    assert normalise_database_url(raw) == expected
    assert load_settings({"DATABASE_URL": raw}).sqlalchemy_url == expected


def test_no_database_url_means_embedded_sqlite_in_project_root() -> None:
    settings = load_settings({})
    assert settings.sqlalchemy_url == f"sqlite:///{DEFAULT_SQLITE_PATH}"
    assert DEFAULT_SQLITE_PATH.name == "horologen.db"
    assert settings.environment == "development"
    assert settings.plan == "limited" and settings.monthly_limit == 30
    assert settings.debug_auth_links is False


def test_flask_env_production_is_production() -> None:
    assert load_settings(PROD).is_production
    assert load_settings({"HOROLOGEN_ENV": "production", "SECRET_KEY": "x" * 32}).is_production


def test_production_refuses_to_start_without_secret_key() -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_settings({"FLASK_ENV": "production"})


def test_production_refuses_debug_auth_links() -> None:
    with pytest.raises(ConfigError, match="DEBUG_AUTH_LINKS"):
        load_settings({**PROD, "DEBUG_AUTH_LINKS": "1"})
    assert load_settings({**PROD, "DEBUG_AUTH_LINKS": "0"}).debug_auth_links is False
    assert load_settings({"DEBUG_AUTH_LINKS": "1"}).debug_auth_links is True


@pytest.mark.parametrize("limit", ["abc", "-1", "3.5", "三十"])
def test_bad_monthly_limit_refuses_to_start(limit: str) -> None:
    with pytest.raises(ConfigError, match="HOROLOGEN_MONTHLY_LIMIT"):
        load_settings({**PROD, "HOROLOGEN_MONTHLY_LIMIT": limit})


def test_plan_and_limit_are_read() -> None:
    settings = load_settings({**PROD, "HOROLOGEN_PLAN": "unlimited", "HOROLOGEN_MONTHLY_LIMIT": "0"})
    assert settings.plan == "unlimited" and settings.monthly_limit == 0
    with pytest.raises(ConfigError, match="HOROLOGEN_PLAN"):
        load_settings({"HOROLOGEN_PLAN": "gold"})


def test_secrets_never_appear_in_repr_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    settings = load_settings(
        {
            **PROD,
            "SECRET_KEY": "super-secret-signing-key-123",
            "ANTHROPIC_API_KEY": "sk-ant-very-secret",
            "DATABASE_URL": "postgresql://app:db-password-xyz@db.internal:5432/app",
            "REDIS_URL": "redis://:redis-pass@kv:6379",
        }
    )
    caplog.set_level(logging.INFO)
    logging.getLogger("horologen.test").info("settings %s %r", settings, settings)
    shown = repr(settings) + str(settings) + caplog.text + settings.database_label
    for secret in ("super-secret-signing-key-123", "sk-ant-very-secret", "db-password-xyz", "redis-pass"):
        assert secret not in shown
    assert settings.database_label == "postgresql+psycopg://db.internal:5432/app"
    assert settings.secret_key.get() == "super-secret-signing-key-123"


def test_the_start_command_refuses_unsafe_production_settings() -> None:
    import os
    import subprocess

    from horologen.config import PROJECT_ROOT

    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(FLASK_ENV="production", DEBUG_AUTH_LINKS="0", PORT="1")
    result = subprocess.run(
        ["bash", str(PROJECT_ROOT / "scripts" / "serve.sh")], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "HoroloGen refuses to start: SECRET_KEY is not set" in result.stderr
    env.update(SECRET_KEY="x" * 32, DEBUG_AUTH_LINKS="1")
    result = subprocess.run(
        ["bash", str(PROJECT_ROOT / "scripts" / "serve.sh")], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1 and "DEBUG_AUTH_LINKS=1 is refused" in result.stderr


def test_pool_sizes_keep_all_processes_within_one_budget() -> None:
    from horologen.db import pool_sizes

    assert pool_sizes(20, 1) == (20, 0)  # the whole share kept once opened: no overflow churn
    assert pool_sizes(20, 5) == (4, 0)  # 5 workers × 4 = 20, not 5 × (10 + 20) = 150
    assert pool_sizes(20, 8) == (2, 0)  # never below 2 per process
    for connections in range(2, 120, 7):
        for processes in range(1, 9):
            kept, overflow = pool_sizes(connections, processes)
            assert kept >= 1 and overflow >= 0
            assert processes * (kept + overflow) <= max(connections, 2 * processes)


def test_backend_processes_follow_reflex_and_the_budget_is_validated() -> None:
    assert load_settings({}).backend_processes == 1
    assert load_settings({"GRANIAN_WORKERS": "5"}).backend_processes == 5
    assert load_settings({"REDIS_URL": "redis://127.0.0.1:6379/0"}).backend_processes >= 3
    assert load_settings({"HOROLOGEN_DB_CONNECTIONS": "40"}).db_connections == 40
    for bad in ("0", "1", "abc", "501"):
        with pytest.raises(ConfigError, match="HOROLOGEN_DB_CONNECTIONS"):
            load_settings({"HOROLOGEN_DB_CONNECTIONS": bad})


def test_a_process_never_opens_more_than_its_share(pg_database_url: str) -> None:
    import sqlalchemy
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    from horologen.db import make_engine

    engine = make_engine(normalise_database_url(pg_database_url), connections=12, processes=3)
    engine.pool._timeout = 0.5  # type: ignore[attr-defined]  # fail fast in the test
    held = []
    try:
        for _ in range(4):
            held.append(engine.connect())
        held[0].execute(sqlalchemy.text("select 1"))
        with pytest.raises(PoolTimeout):
            engine.connect()
    finally:
        for connection in held:
            connection.close()
        engine.dispose()
