"""In Chromium against the production server: runbook §3 checks 1–7, literally where it can be."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import httpx
from playwright.sync_api import Page, expect

from horologen.config import PROJECT_ROOT
from tests.e2e.conftest import E2E_PASSWORD
from tests.support.live_app import LiveApp


def login(page: Page, app: LiveApp, email: str, password: str = E2E_PASSWORD, ok: bool = True) -> None:
    page.goto(app.url + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.keyboard.press("Enter")  # submit on Enter, as a password manager user would
    if ok:
        page.wait_for_url(lambda url: "/login" not in url)


def test_platform_admin_logs_in(live_app: LiveApp, page: Page) -> None:
    login(page, live_app, "platform-admin@example.com")
    expect(page).to_have_url(re.compile(r"/platform/tenants/?$"))
    expect(page.get_by_role("heading", name="テナント管理")).to_be_visible()


def test_wrong_password_shows_a_clear_message(live_app: LiveApp, page: Page) -> None:
    login(page, live_app, "staff-a@example.com", "wrong-password-x", ok=False)
    expect(page.get_by_role("alert")).to_contain_text("メールアドレスまたはパスワードが正しくありません")


def test_an_empty_login_field_is_answered_in_japanese(live_app: LiveApp, page: Page) -> None:
    """Issue 18: no browser bubble (whatever its language); the page says what is missing and keeps
    the address typed, and an empty password does not count towards a lock-out."""
    login(page, live_app, "staff-b@example.com", "", ok=False)
    expect(page.get_by_role("alert")).to_contain_text("メールアドレスとパスワードを入力してください")
    expect(page.locator("input[name=email]")).to_have_value("staff-b@example.com")


def test_staff_logs_in_searches_and_sees_the_price(live_app: LiveApp, page: Page) -> None:
    login(page, live_app, "staff-a@example.com")
    expect(page).to_have_url(re.compile(r"/staff/search/?$"))
    # Runbook §3.3 and §3.4 with the browser's own cookie: count 1, ten reloads all 200.
    for _ in range(10):
        response = page.goto(live_app.url + "/staff/references?brand=TESTBRAND")
        assert response is not None and response.status == 200
    assert '"count":1' in page.inner_text("body").replace(" ", "")
    # Runbook §3.5: choosing REF001 shows price_jpy=123456.
    page.goto(live_app.url + "/staff/search")
    page.fill("#reference-query", "ref001")
    page.get_by_role("option").filter(has_text="REF001").click()
    expect(page.locator("#product-price-raw")).to_have_text("price_jpy=123456")
    expect(page.locator("#product-price")).to_have_text("¥123,456")


def test_keyboard_selection(live_app: LiveApp, page: Page) -> None:
    login(page, live_app, "staff-a@example.com")
    expect(page).to_have_url(re.compile(r"/staff/search/?$"))
    page.fill("#reference-query", "１２６６１０")
    expect(page.get_by_role("option")).to_have_count(2)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#product-reference")).to_have_text("126610LV")


def test_staff_is_refused_on_admin_upload(live_app: LiveApp, page: Page) -> None:
    login(page, live_app, "staff-a@example.com")
    expect(page).to_have_url(re.compile(r"/staff/search/?$"))
    page.goto(live_app.url + "/admin/upload")
    expect(page.get_by_role("alert")).to_contain_text("権限がありません")
    page.goto(live_app.url + "/admin/staff")
    expect(page.get_by_role("alert")).to_contain_text("権限がありません")
    expect(page.locator("text=staff-b@example.com")).to_have_count(0)


def test_api_without_login_is_json_401(live_app: LiveApp) -> None:
    response = httpx.get(live_app.url + "/staff/references?brand=TESTBRAND")
    assert response.status_code == 401 and response.headers["content-type"].startswith("application/json")


def test_admin_reset_forces_a_password_change(live_app: LiveApp, page: Page, browser) -> None:
    """Runbook §3.7: admin resets staff-a → staff-a logs in → /password → changes → /staff/search."""
    login(page, live_app, "admin-a@example.com")
    page.goto(live_app.url + "/admin/staff")
    row = page.locator("tr[data-email='staff-a@example.com']")
    row.get_by_role("button", name="パスワード再発行").click()
    page.get_by_role("alertdialog").get_by_role("button", name="実行").click()
    temporary = page.locator("#temporary-password")
    expect(temporary).to_be_visible()
    temp_password = temporary.inner_text().strip()
    assert len(temp_password) >= 10

    staff_context = browser.new_context(locale="ja-JP")
    staff = staff_context.new_page()
    try:
        login(staff, live_app, "staff-a@example.com", temp_password)
        expect(staff).to_have_url(re.compile(r"/password/?$"))
        staff.goto(live_app.url + "/staff/search")  # nothing else works until it is changed
        expect(staff).to_have_url(re.compile(r"/password/?$"))
        staff.fill("input[name=password]", temp_password)
        staff.fill("input[name=new_password]", E2E_PASSWORD + "-new")
        staff.fill("input[name=new_password_confirm]", E2E_PASSWORD + "-new")
        staff.get_by_role("button", name="変更する").click()
        expect(staff).to_have_url(re.compile(r"/staff/search/?$"))
        expect(staff.get_by_role("heading", name="商品検索")).to_be_visible()
    finally:
        staff_context.close()
    # Put the demo password back for the other tests (seed_dev, asked explicitly to reset it).
    subprocess.run(
        [sys.executable, "scripts/seed_dev.py", "--reset-passwords"],
        cwd=PROJECT_ROOT,
        env={**os.environ, **live_app.env},
        check=True,
        capture_output=True,
    )


def test_a_failed_login_keeps_the_email_and_pages_are_japanese(live_app: LiveApp, page: Page) -> None:
    login(page, live_app, "staff-a@example.com", "wrong-password-x", ok=False)
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("#email")).to_have_value("staff-a@example.com")
    assert "staff-a" not in page.url  # never in the URL (or any access log)
    assert page.evaluate("document.documentElement.lang") == "ja"


def test_staff_form_answers_a_wrong_address_in_japanese_and_the_password_can_be_copied(
    live_app: LiveApp, page: Page
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_app.url)
    login(page, live_app, "admin-b@example.com")
    page.goto(live_app.url + "/admin/staff")
    page.get_by_role("button", name="追加").click()
    expect(page.get_by_role("alert")).to_contain_text("メールアドレスを入力してください")
    page.get_by_label("メールアドレス").fill("not-an-address")
    page.get_by_label("表示名").fill("新人 スタッフ")
    page.get_by_role("button", name="追加").click()
    expect(page.get_by_role("alert")).to_contain_text("メールアドレスの形式が正しくありません")
    expect(page.get_by_label("メールアドレス")).to_have_value("not-an-address")  # kept, to correct it
    page.get_by_label("メールアドレス").fill("new-staff-b@example.com")
    page.get_by_role("button", name="追加").click()
    password = page.locator("#temporary-password")
    expect(password).to_be_visible()
    expect(page.get_by_label("メールアドレス")).to_have_value("")  # emptied for the next one
    expect(page.get_by_label("表示名")).to_have_value("")
    page.get_by_role("button", name="仮パスワードをコピー").click()
    assert page.evaluate("navigator.clipboard.readText()") == password.inner_text().strip()


def test_logout_from_the_header_signs_out(live_app: LiveApp, page: Page) -> None:
    login(page, live_app, "staff-a@example.com")
    page.get_by_role("button", name="ログアウト").click()
    expect(page).to_have_url(re.compile(r"/login/?\?logged_out=1$"))
    expect(page.get_by_role("status")).to_contain_text("ログアウトしました")
    page.goto(live_app.url + "/staff/search")
    expect(page).to_have_url(re.compile(r"/login"))  # the session is gone, not just the page
