"""Browser fixtures: the real app in production mode on PostgreSQL, driven by Debian Chromium."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from horologen.config import PROJECT_ROOT
from tests.fakes.anthropic_server import FakeAnthropic
from tests.support import databases
from tests.support.live_app import LiveApp, start_live_app

CHROMIUM = os.environ.get("HOROLOGEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
E2E_PASSWORD = "e2e-password-2026"


@pytest.fixture(scope="session")
def live_app_env(fake_anthropic_server: FakeAnthropic) -> Iterator[dict[str, str]]:
    """A fresh PostgreSQL database, migrated and seeded by the runbook's own commands."""
    name, url = databases.create_pg_database("horologen_e2e")
    env = {
        "DATABASE_URL": url,
        "FLASK_ENV": "production",
        "HOROLOGEN_ENV": "production",
        "SECRET_KEY": "e2e-secret-key-not-for-production-use",
        "DEBUG_AUTH_LINKS": "0",
        "ANTHROPIC_API_KEY": "sk-ant-e2e-fake",
        "ANTHROPIC_BASE_URL": fake_anthropic_server.url,
        "HOROLOGEN_PLAN": "limited",
        "HOROLOGEN_MONTHLY_LIMIT": "30",
        # the bulk worker polls inside the app, quickly, so a browser test sees its results
        "HOROLOGEN_WORKER_IN_APP": "1",
        "HOROLOGEN_WORKER_INTERVAL_S": "1",
        "HOROLOGEN_SEED_PASSWORD": E2E_PASSWORD,
    }
    run_env = {**os.environ, **env}
    try:
        for command in (
            [sys.executable, "-m", "alembic", "upgrade", "head"],
            [sys.executable, "scripts/seed_demo.py"],
        ):
            subprocess.run(command, cwd=PROJECT_ROOT, env=run_env, check=True, capture_output=True)
        yield env
    finally:
        databases.drop_pg_database(name)


@pytest.fixture(scope="session")
def live_app(live_app_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    app = start_live_app(live_app_env, tmp_path_factory.mktemp("live") / "app.log")
    try:
        yield app
    finally:
        app.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
