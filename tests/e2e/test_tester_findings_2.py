"""The second tester's findings seen over real HTTP on the production command: every answer carries
`vary: Origin` once, and /platform leads the platform admin to /platform/tenants while staff and a
shop admin are still refused there."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.test_auth_and_search_flow import login
from tests.support.live_app import LiveApp


def test_every_answer_varies_on_origin_once(live_app: LiveApp) -> None:
    paths = ("/healthz", "/staff/references", "/login", "/staff/search/", "/ping")
    for path in paths:
        for headers in ({}, {"origin": live_app.url}, {"origin": "https://evil.example"}):
            answer = httpx.get(live_app.url + path, headers=headers)
            vary = [token.strip().lower() for value in answer.headers.get_list("vary") for token in value.split(",")]
            assert vary.count("origin") == 1, (path, headers, answer.headers.get_list("vary"))
    allowed = httpx.get(live_app.url + "/staff/references", headers={"origin": live_app.url})
    assert allowed.headers["access-control-allow-origin"] == live_app.url  # CORS still answers
    foreign = httpx.get(live_app.url + "/staff/references", headers={"origin": "https://evil.example"})
    assert "access-control-allow-origin" not in foreign.headers


def test_platform_leads_to_the_tenants_page_and_refuses_the_shops(live_app: LiveApp, page: Page) -> None:
    login(page, live_app, "platform-admin@example.com")
    page.goto(live_app.url + "/platform")
    expect(page).to_have_url(re.compile(r"/platform/tenants/?$"))
    expect(page.get_by_role("heading", name="テナント管理")).to_be_visible()
    for email in ("staff-a@example.com", "admin-a@example.com"):
        page.context.clear_cookies()
        login(page, live_app, email)
        page.goto(live_app.url + "/platform")
        expect(page.get_by_role("alert")).to_contain_text("権限がありません")
        expect(page.locator("text=Tenant B")).to_have_count(0)
