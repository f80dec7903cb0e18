"""The production start command serves page, /healthz and the event websocket on one port."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, expect

from tests.support.live_app import LiveApp


def test_home_page_renders_in_chromium(live_app: LiveApp, page: Page) -> None:
    page.goto(live_app.url + "/")
    expect(page.get_by_role("heading", name="HoroloGen へようこそ")).to_be_visible()
    expect(page.get_by_role("button", name="ログイン")).to_be_visible()


def test_healthz_and_ping_on_the_same_port(live_app: LiveApp) -> None:
    health = httpx.get(live_app.url + "/healthz")
    assert health.status_code == 200 and health.json()["schema"] == "ok"
    assert httpx.get(live_app.url + "/ping").status_code == 200


def test_secrets_are_not_in_the_log(live_app: LiveApp) -> None:
    log = live_app.log()
    for secret in ("e2e-secret-key-not-for-production-use", "sk-ant-e2e-fake", "e2e-password-2026"):
        assert secret not in log
