"""Shared fixtures: real PostgreSQL and SQLite databases, the fake Anthropic API, the live app."""

from __future__ import annotations

import os

# Reflex must never reach for the internet, even when only imported (REFLEX_NOTES.md).
os.environ.update(
    REFLEX_TELEMETRY_ENABLED="false",
    REFLEX_CHECK_LATEST_VERSION="false",
    REFLEX_HTTP_CLIENT_BIND_ADDRESS="0.0.0.0",  # noqa: S104 - skips the public-IP probe
    REFLEX_PERF_MODE="raise",
    HOROLOGEN_ENV="test",
)
for _name in ("DATABASE_URL", "FLASK_ENV", "SECRET_KEY", "ANTHROPIC_API_KEY", "DEBUG_AUTH_LINKS"):
    os.environ.pop(_name, None)

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlmodel import Session  # noqa: E402

from horologen import config, db  # noqa: E402
from horologen.db import make_engine  # noqa: E402
from tests.fakes.anthropic_server import FakeAnthropic  # noqa: E402
from tests.support import databases  # noqa: E402

BACKENDS = ("postgresql", "sqlite")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: sync Playwright leaves an event loop behind (REFLEX_NOTES.md). The tests
    that start servers of their own (the runbook's, the two instances) go very last: each start
    rebuilds the shared frontend (.web) for its own port, so a page the session's live app serves
    afterwards would point at a stopped server."""
    own_servers = ("/test_runbook.py", "/test_two_instances.py")

    def order(item: pytest.Item) -> tuple[bool, bool]:
        path = str(item.path).replace(os.sep, "/")
        return "/e2e/" in path, path.endswith(own_servers)

    items.sort(key=order)


@pytest.fixture(scope="session")
def pg_database_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, migrated to head, dropped at the end."""
    name, url = databases.create_pg_database()
    try:
        databases.migrate(url)
        yield url
    finally:
        databases.drop_pg_database(name)


@pytest.fixture(scope="session")
def sqlite_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = databases.sqlite_url(tmp_path_factory.mktemp("sqlite") / "horologen-test.db")
    databases.migrate(url)
    return url


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture()
def database_url(backend: str, request: pytest.FixtureRequest) -> str:
    fixture = "pg_database_url" if backend == "postgresql" else "sqlite_database_url"
    return str(request.getfixturevalue(fixture))


_engines: dict[str, Engine] = {}


@pytest.fixture()
def engine(database_url: str) -> Iterator[Engine]:
    """The engine of the test database; every table is emptied after each test."""
    if database_url not in _engines:
        _engines[database_url] = make_engine(config.normalise_database_url(database_url))
    eng = _engines[database_url]
    try:
        yield eng
    finally:
        databases.clear_all_tables(eng)


@pytest.fixture()
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture()
def app_database(database_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the app's own settings (DATABASE_URL) and engine at the test database."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()
    yield database_url
    db.get_engine().dispose()
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()


@pytest.fixture(scope="session")
def fake_anthropic_server() -> Iterator[FakeAnthropic]:
    server = FakeAnthropic().start()
    yield server
    server.stop()


@pytest.fixture()
def fake_anthropic(fake_anthropic_server: FakeAnthropic) -> Iterator[FakeAnthropic]:
    fake_anthropic_server.reset()
    yield fake_anthropic_server
    fake_anthropic_server.reset()


@pytest.fixture(scope="session")
def project_root() -> Path:
    return config.PROJECT_ROOT
