"""Issue 29 in Chromium against the production server: a reference typed key by key shows its row
and no older answer replaces it; the login page is a form the browser can fill at once, with
JavaScript off too, and every login protection still answers. Timings: bench/search_ui.py."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Browser, Page, expect

from horologen import config
from horologen.components.layout import NOSCRIPT_TEXT
from tests.e2e.conftest import E2E_PASSWORD
from tests.e2e.test_auth_and_search_flow import login
from tests.support.live_app import LiveApp


def test_a_reference_typed_key_by_key_shows_its_row_and_keeps_it(live_app: LiveApp, page: Page) -> None:
    login(page, live_app, "staff-a@example.com")
    field = page.locator("#reference-query")
    field.click()
    page.keyboard.type("1266", delay=120)  # as staff type: every key is searched
    expect(page.get_by_role("option").filter(has_text="126610LV")).to_be_visible()
    page.keyboard.type("10LN", delay=0)  # then faster than any answer can come back
    expect(page.get_by_role("option")).to_have_count(1)
    expect(page.get_by_role("option")).to_contain_text("126610LN")
    page.wait_for_timeout(1500)  # no late answer to an older query replaces the list...
    expect(page.get_by_role("option")).to_have_count(1)
    expect(page.get_by_role("option")).to_contain_text("126610LN")
    expect(field).to_have_value("126610LN")  # ...or rewrites what was typed
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    expect(page.get_by_role("option")).to_have_count(2)  # 126610LN and 126610LV again
    page.get_by_role("option").filter(has_text="126610LV").click()  # a line is chosen by its place
    expect(page).to_have_url(re.compile(r"/staff/products/\d+\?q=126610$"))
    expect(page.locator("#product-reference")).to_have_text("126610LV")


def test_the_login_form_works_with_javascript_off(live_app: LiveApp, browser: Browser) -> None:
    context = browser.new_context(locale="ja-JP", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(live_app.url + "/login")
        page.fill("input[name=email]", "staff-b@example.com")
        page.fill("input[name=password]", "wrong-password-js-off")
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/login\?error=invalid$"))
        expect(page.get_by_role("alert")).to_contain_text("メールアドレスまたはパスワードが正しくありません")
        expect(page.locator("#email")).to_have_value("staff-b@example.com")  # kept for the next try
        expect(page.locator("#password")).to_be_focused()
        page.fill("input[name=password]", E2E_PASSWORD)
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/staff/search/?$"))
        # The next page is a Reflex page: with JavaScript off it says so instead of 読み込み中… alone.
        expect(page.locator("#noscript-notice")).to_be_visible()
        expect(page.locator("#noscript-notice")).to_have_text(NOSCRIPT_TEXT)
        for path in ("/admin/articles", "/staff/products/1", "/admin/articles/1"):  # prerendered and dynamic
            page.goto(live_app.url + path)
            expect(page.locator("#noscript-notice")).to_be_visible()
        session = [c for c in context.cookies(live_app.url) if c["name"] == config.SESSION_COOKIE]
        assert session and session[0]["httpOnly"] and session[0]["sameSite"] == "Lax", session
        page.goto(live_app.url + "/login")  # signed in: the page sends staff to their screen
        expect(page).to_have_url(re.compile(r"/staff/search/?$"))
    finally:
        context.close()


def test_a_new_tab_takes_the_address_at_once(live_app: LiveApp, browser: Browser) -> None:
    """Typed as soon as the field exists (it has the focus): nothing that loads later empties it."""
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(live_app.url + "/login", wait_until="commit")
        expect(page.locator("#email")).to_be_focused()
        page.keyboard.type("staff-a@example.com")
        page.keyboard.press("Tab")
        page.keyboard.type(E2E_PASSWORD)
        page.wait_for_timeout(500)
        expect(page.locator("#email")).to_have_value("staff-a@example.com")
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/staff/search/?$"))
        expect(page.get_by_role("heading", name="商品検索")).to_be_visible()
        expect(page.locator("#noscript-notice")).to_have_count(0)  # JavaScript on: <noscript> stays text
        expect(page.get_by_text(NOSCRIPT_TEXT)).to_be_hidden()
    finally:
        context.close()


def test_signing_out_and_in_again_starts_the_tab_afresh(live_app: LiveApp, page: Page) -> None:
    """The plain login page drops this tab's Reflex token, so whoever signs in next in the tab gets
    a new, empty page state (the Reflex login page resets it for the same reason)."""
    login(page, live_app, "staff-a@example.com")
    page.fill("#reference-query", "126610")
    expect(page.get_by_role("option")).to_have_count(2)
    before = page.evaluate("sessionStorage.getItem('token')")
    assert before
    page.get_by_role("button", name="ログアウト").click()
    expect(page.get_by_role("status")).to_contain_text("ログアウトしました")
    assert page.evaluate("sessionStorage.getItem('token')") is None
    login(page, live_app, "admin-a@example.com")
    expect(page).to_have_url(re.compile(r"/staff/search/?$"))
    expect(page.get_by_role("heading", name="商品検索")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('token')") not in (None, before)
    expect(page.locator("#reference-query")).to_have_value("")
    expect(page.get_by_role("option")).to_have_count(0)


def test_after_an_in_app_redirect_the_reflex_login_page_signs_in_the_same_way(live_app: LiveApp, page: Page) -> None:
    """A session that ends while a page is open sends the tab to /login without asking the server
    (a client-side route change): Reflex's own login page, the same form, posting the same way."""
    login(page, live_app, "staff-a@example.com")
    expect(page.locator("#reference-query")).to_be_visible()  # the page loaded while signed in
    cookie = next(c for c in page.context.cookies(live_app.url) if c["name"] == config.SESSION_COOKIE)
    httpx.post(live_app.url + "/logout", cookies={cookie["name"]: cookie["value"]})  # signed out elsewhere
    page.fill("#reference-query", "126610")
    expect(page).to_have_url(re.compile(r"/login/?$"))
    expect(page.locator("[data-is-root-theme]")).to_have_count(1)  # the Reflex page, not the plain one
    page.fill("input[name=email]", "staff-a@example.com")
    page.fill("input[name=password]", E2E_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/staff/search/?$"))
    expect(page.get_by_role("heading", name="商品検索")).to_be_visible()
