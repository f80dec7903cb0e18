"""GET /healthz: 200 at head with the database reachable, 503 otherwise, nothing secret."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from horologen import api, config, db
from tests.support import databases


def client() -> TestClient:
    return TestClient(Starlette(routes=api.routes))


def use_database(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_settings():
    yield
    db.get_engine.cache_clear()
    config.get_settings.cache_clear()


def test_healthy_at_head(app_database: str) -> None:
    response = client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["schema"] == "ok"
    assert body["current_revision"] == body["head_revision"]
    assert "password" not in response.text and "postgres@" not in response.text


def test_unavailable_when_schema_is_behind(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    use_database(monkeypatch, databases.sqlite_url(tmp_path / "empty.db"))
    response = client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["schema"] == "behind"


def test_unavailable_when_database_unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    use_database(monkeypatch, "postgresql://nobody:secret-pw@127.0.0.1:1/none?connect_timeout=2")
    response = client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert "secret-pw" not in response.text
