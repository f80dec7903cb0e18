"""In Chromium: a new shop's first day (lockout explained and undone, the one-time password inside its
dialog, a profile error beside 保存, bulk progress without a click, the smaller traps). Each test also
leaves screenshots of the changed page at 1366×768 and 390×844 in tests/e2e/screenshots/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from horologen import config
from horologen.config import normalise_database_url
from horologen.db import make_engine
from horologen.models import Article, MasterProduct, Tenant, User, utcnow
from horologen.services.accounts.passwords import hash_password
from tests.e2e.conftest import E2E_PASSWORD
from tests.e2e.test_layouts import SCREENSHOTS
from tests.fakes.anthropic_server import FakeAnthropic, FakeReply
from tests.support.live_app import LiveApp

SIZES = {"laptop": (1366, 768), "phone": (390, 844)}


def shots(page: Page, name: str) -> None:
    """Full-page screenshots at both sizes, then back to the laptop size."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)
        page.screenshot(path=str(SCREENSHOTS / f"first-day-{name}-{size}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})


@pytest.fixture()
def wide(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="ja-JP", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def sign_in(page: Page, app: LiveApp, email: str, password: str = E2E_PASSWORD, ok: bool = True) -> None:
    """`login`, made patient on a busy machine: a form filled before the page finished loading can
    be emptied by it, so the values are checked before submitting and a slip is tried again."""
    for _ in range(3):
        page.goto(app.url + "/login")
        page.wait_for_load_state("networkidle")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", password)
        page.wait_for_timeout(300)
        if page.input_value("input[name=email]") != email or page.input_value("input[name=password]") != password:
            continue
        with page.expect_navigation():
            page.keyboard.press("Enter")
        if "error=empty" in page.url:
            continue
        if ok:
            page.wait_for_url(lambda url: "/login" not in url)
        return
    raise AssertionError(f"could not submit the login form for {email}")


def database(live_app: LiveApp):
    return make_engine(normalise_database_url(live_app.env["DATABASE_URL"]))


def add_user(live_app: LiveApp, email: str, tenant: str = "Tenant B") -> None:
    engine = database(live_app)
    try:
        with Session(engine) as session:
            if session.exec(select(User).where(User.email == email)).first() is None:
                shop = session.exec(select(Tenant).where(Tenant.name == tenant)).one()
                session.add(User(tenant_id=int(shop.id or 0), email=email, display_name="ロック 確認",
                                 role="staff", password_hash=hash_password(E2E_PASSWORD)))  # fmt: skip
                session.commit()
    finally:
        engine.dispose()


def again(page: Page, password: str) -> None:
    """Another attempt on the login page after a refusal (the page kept the address)."""
    expect(page.locator("#email")).not_to_have_value("")
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_locked_account_is_explained_and_the_admin_unlocks_it(live_app: LiveApp, wide: Page, browser: Browser):
    email = "locked-e2e@example.com"
    add_user(live_app, email)
    sign_in(wide, live_app, email, "wrong-password-e2e", ok=False)
    for _ in range(config.LOGIN_LOCK_AFTER_FAILURES - 1):
        expect(wide.get_by_role("alert")).to_contain_text("メールアドレスまたはパスワードが正しくありません")
        again(wide, "wrong-password-e2e")  # as a person does: the address is kept, type the password again
    alert = wide.get_by_role("alert")
    expect(alert).to_contain_text("続けて失敗したため、このアドレスは 15 分ほどログインできない場合があります")
    expect(alert).to_contain_text("店舗管理者にロックの解除を依頼してください")
    expect(alert).to_contain_text(re.compile(r"\d\d:\d\d 以降に再度お試しいただけます"))
    expect(wide.locator("#email")).to_have_value(email)
    shots(wide, "login-locked")
    again(wide, E2E_PASSWORD)  # the right password: the account is locked
    expect(wide.get_by_role("alert")).to_contain_text("続けて失敗したため")

    admin_context = browser.new_context(locale="ja-JP", viewport={"width": 1366, "height": 768})
    admin = admin_context.new_page()
    admin.set_default_timeout(15000)
    try:
        sign_in(admin, live_app, "admin-b@example.com")
        admin.goto(live_app.url + "/admin/staff")
        row = admin.locator(f"tr[data-email='{email}']")
        expect(row).to_contain_text("ロック中")
        expect(row).to_contain_text(re.compile(r"\d\d:\d\d まで"))
        shots(admin, "staff-locked")
        row.get_by_role("button", name="ロックを解除").click()
        expect(admin.get_by_role("status")).to_contain_text(f"{email} のロックを解除しました")
        expect(row).not_to_contain_text("ロック中")
    finally:
        admin_context.close()
    sign_in(wide, live_app, email, E2E_PASSWORD)
    expect(wide).to_have_url(re.compile(r"/staff/search/?$"))


def test_the_one_time_password_is_in_its_dialog_and_copies(live_app: LiveApp, wide: Page, browser: Browser):
    wide.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_app.url)
    sign_in(wide, live_app, "platform-admin@example.com")
    wide.locator("[data-tenant='Tenant B']").get_by_role("button", name="設定").click()
    dialog = wide.get_by_role("dialog")
    dialog.get_by_placeholder("メールアドレス").fill("not-an-address")
    dialog.get_by_role("button", name="作成", exact=True).click()
    expect(dialog.get_by_role("alert")).to_contain_text("メールアドレス")  # the refusal is in the dialog too
    dialog.get_by_placeholder("メールアドレス").fill("first-admin-e2e@example.com")
    dialog.get_by_role("button", name="作成", exact=True).click()
    password = dialog.locator("#temporary-password")
    expect(password).to_be_visible()
    expect(password).to_be_in_viewport()
    expect(dialog).to_contain_text("このダイアログを閉じると二度と表示されません")
    # nothing lies over it: the element under its centre is the password itself
    assert wide.evaluate(
        """() => { const el = document.querySelector('#temporary-password'); const r = el.getBoundingClientRect();
                   return el.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)); }"""
    )
    temporary = password.inner_text().strip()
    dialog.get_by_role("button", name="仮パスワードをコピー").click()
    assert wide.evaluate("navigator.clipboard.readText()") == temporary
    shots(wide, "tenants-dialog-password")
    dialog.get_by_role("button", name="閉じる").click()
    expect(wide.locator("#temporary-password")).to_have_count(0)
    expect(wide.get_by_role("status")).to_contain_text("店舗管理者を作成しました")

    # the new admin's first login speaks of a new account, not of a reissued password
    context = browser.new_context(locale="ja-JP", viewport={"width": 1366, "height": 768})
    newcomer = context.new_page()
    newcomer.set_default_timeout(15000)
    try:
        sign_in(newcomer, live_app, "first-admin-e2e@example.com", temporary)
        expect(newcomer).to_have_url(re.compile(r"/password/?$"))
        expect(newcomer.locator("#password-forced")).to_contain_text("はじめてのログインです")
        expect(newcomer.locator("#password-forced")).not_to_contain_text("再発行")
        shots(newcomer, "password-first-login")
    finally:
        context.close()


def test_the_platform_sees_each_shops_month(live_app: LiveApp, wide: Page) -> None:
    """Issue 29 item 5: below the tenants, each shop's articles, tokens and estimated cost this month."""
    from horologen.timezones import quota_month

    engine = database(live_app)
    article_id = None
    try:
        with Session(engine) as session:
            shop = session.exec(select(Tenant).where(Tenant.name == "Tenant B")).one()
            staff = session.exec(select(User).where(User.tenant_id == shop.id)).first()
            assert staff is not None
            article = Article(tenant_id=int(shop.id or 0), user_id=int(staff.id or 0), status="done",
                              model="claude-sonnet-5-5", input_tokens=1_000, output_tokens=2_000_000,
                              quota_month=quota_month(utcnow()))  # fmt: skip
            session.add(article)
            session.commit()
            article_id = article.id
        sign_in(wide, live_app, "platform-admin@example.com")
        usage = wide.locator("#platform-usage")
        expect(usage).to_contain_text("今月の利用（概算）")
        expect(usage).to_contain_text("請求額ではありません")
        expect(usage.get_by_role("columnheader", name="費用（概算）")).to_be_visible()
        row = wide.locator("[data-usage-tenant='Tenant B']")
        expect(row).to_contain_text(re.compile(r"約 \d[\d,]{3,} 円"))  # 2M output tokens at $10: 3,000 yen and more
        expect(row).to_contain_text(re.compile(r"[\d,]+ / [\d,]{9,}"))  # tokens in / out: 2,000,000 and more
        expect(wide.locator("#platform-cost")).to_contain_text("円")
        shots(wide, "platform-usage")
    finally:
        if article_id is not None:
            with Session(engine) as session:
                session.delete(session.get(Article, article_id))
                session.commit()
        engine.dispose()


def test_a_profile_error_is_beside_save_and_its_field(live_app: LiveApp, wide: Page) -> None:
    sign_in(wide, live_app, "admin-a@example.com")
    wide.goto(live_app.url + "/admin/profile")
    wide.fill("#profile-kobutsu_commission", "東京都公安委員会")
    wide.fill("#profile-kobutsu_number", "12345")
    wide.click("#profile-save")
    expect(wide.locator("#profile-save-error")).to_contain_text("12 桁")
    expect(wide.locator("#profile-save-error")).to_be_in_viewport()
    expect(wide.locator("#profile-kobutsu_number-error")).to_contain_text("12 桁")
    expect(wide.locator("#profile-kobutsu_number")).to_have_attribute("aria-invalid", "true")
    expect(wide.locator("#profile-kobutsu_number")).to_have_value("12345")  # kept, to correct it
    shots(wide, "profile-error")
    wide.get_by_role("link", name="該当の欄へ移動").click()
    expect(wide.locator("#profile-kobutsu_number")).to_be_in_viewport()
    wide.wait_for_timeout(1000)
    expect(wide.locator("#profile-kobutsu_number")).to_have_value("12345")  # the jump reloads nothing
    expect(wide.locator("#profile-kobutsu_number-error")).to_contain_text("12 桁")


def add_products(live_app: LiveApp, brand: str, count: int) -> None:
    engine = database(live_app)
    try:
        with Session(engine) as session:
            shop = session.exec(select(Tenant).where(Tenant.name == "Tenant A")).one()
            for i in range(count):
                session.add(MasterProduct(tenant_id=int(shop.id or 0), brand=brand, brand_key=brand,
                                          reference=f"{brand[:2]}-{i:03d}", reference_key=f"{brand[:2]}{i:03d}",
                                          name=f"一括{i}", price_jpy=200_000 + i, price_tax="included"))  # fmt: skip
            session.commit()
    finally:
        engine.dispose()


def test_bulk_progress_follows_itself(live_app: LiveApp, wide: Page, fake_anthropic_server: FakeAnthropic) -> None:
    fake_anthropic_server.reset()
    fake_anthropic_server.batch_polls = 4  # a few seconds in progress
    add_products(live_app, "FIRSTDAY", 2)
    sign_in(wide, live_app, "admin-a@example.com")
    wide.goto(live_app.url + "/admin/bulk")
    wide.fill("#bulk-brand", "FIRSTDAY")
    wide.click("#bulk-preview")
    expect(wide.locator("#bulk-count")).to_contain_text("2 件")
    wide.click("#bulk-submit")
    confirm = wide.get_by_role("alertdialog")
    expect(confirm.locator("#bulk-confirm-products")).to_contain_text("FIRSTDAY FI-000")
    expect(confirm.locator("#bulk-confirm-products")).to_contain_text("FIRSTDAY FI-001")
    start = confirm.get_by_role("button", name="開始する")
    assert start.get_attribute("data-accent-color") != "red"
    shots(wide, "bulk-confirm")
    start.click()
    job = wide.locator(".bulk-job").first
    expect(job).to_contain_text("処理中", timeout=20000)
    bar = job.get_by_role("progressbar")
    expect(bar).to_have_attribute("aria-valuenow", "0")
    assert bar.locator("div").first.evaluate("el => el.getBoundingClientRect().width") == 0  # 0 of 2: empty
    expect(wide.locator("#bulk-auto")).to_be_visible()
    shots(wide, "bulk-processing")
    # no click on 「状態を更新」: the page follows the job by itself
    expect(job).to_contain_text("2 件完了・0 件失敗 / 2 件", timeout=40000)
    expect(job).to_contain_text("完了")
    expect(bar).to_have_attribute("aria-valuenow", "2")
    expect(wide.locator("#bulk-auto")).to_have_count(0)
    shots(wide, "bulk-done")


def test_a_cancel_pending_is_shown(live_app: LiveApp, wide: Page, fake_anthropic_server: FakeAnthropic) -> None:
    fake_anthropic_server.reset()
    fake_anthropic_server.batch_polls = 1000
    add_products(live_app, "CANCELDAY", 2)
    sign_in(wide, live_app, "admin-a@example.com")
    wide.goto(live_app.url + "/admin/bulk")
    wide.fill("#bulk-brand", "CANCELDAY")
    wide.click("#bulk-preview")
    wide.click("#bulk-submit")
    wide.get_by_role("alertdialog").get_by_role("button", name="開始する").click()
    job = wide.locator(".bulk-job").first
    expect(job).to_contain_text("処理中", timeout=20000)
    job.get_by_role("button", name="中止").click()
    wide.get_by_role("alertdialog").get_by_role("button", name="中止").click()
    expect(job.locator(".bulk-cancelling")).to_have_text("中止を依頼しました")
    expect(job).to_contain_text("中止", timeout=30000)
    expect(job.locator(".bulk-cancelling")).to_have_count(0, timeout=30000)  # the worker ended it; no click


def test_a_pdf_is_named_when_refused(live_app: LiveApp, wide: Page, tmp_path: Path) -> None:
    pdf = tmp_path / "在庫一覧.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    sign_in(wide, live_app, "admin-a@example.com")
    wide.goto(live_app.url + "/admin/upload")
    expect(wide.locator("#upload-button")).to_be_visible()
    wide.set_input_files("input[type=file]", str(pdf))
    expect(wide.get_by_role("alert")).to_contain_text("「在庫一覧.pdf」はPDF ファイルのため取り込めません")
    wide.click("#upload-button")
    expect(wide.get_by_role("alert")).to_contain_text("PDF ファイル")  # not 「ファイルを選んでください。」
    shots(wide, "upload-pdf")


def test_an_unknown_page_is_japanese_with_a_way_back(live_app: LiveApp, wide: Page) -> None:
    sign_in(wide, live_app, "admin-a@example.com")
    wide.goto(live_app.url + "/no-such-page")
    expect(wide.get_by_role("heading", name="ページが見つかりません")).to_be_visible()
    expect(wide.locator("html")).to_have_attribute("lang", "ja")
    shots(wide, "not-found")
    wide.click("#not-found-home")
    expect(wide).to_have_url(re.compile(r"/staff/search/?$"))


def test_flags_on_a_phone_and_an_empty_copy(live_app: LiveApp, browser: Browser, fake_anthropic_server) -> None:
    fake_anthropic_server.reset()
    fake_anthropic_server.queue(
        FakeReply(chunks=["# ROLEX 126610LN\n\n", "世界一の人気を誇る最高級の時計です。ケース径は43mmです。"])
    )
    context = browser.new_context(locale="ja-JP", viewport={"width": 390, "height": 844})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_app.url)
    page = context.new_page()
    page.set_default_timeout(20000)
    try:
        sign_in(page, live_app, "staff-a@example.com")
        page.fill("#reference-query", "126610LN")
        page.get_by_role("option").filter(has_text="126610LN").first.click()
        page.click("#generate-button")
        flags = page.locator(".review-flag")
        expect(flags.first).to_be_visible(timeout=30000)
        widths = flags.evaluate_all("els => els.map((el) => el.children[1].getBoundingClientRect().width)")
        assert widths and min(widths) > 200, widths  # the explanation takes the card's width, not ~90px
        page.locator("#grounding-flags").screenshot(path=str(SCREENSHOTS / "first-day-flags-phone.png"))
        for button in page.get_by_role("button", name=re.compile("^確認済みにする")).all():
            button.click()
        expect(page.locator("#review-gate")).to_have_count(0)
        # the article has no catch copy: its copy button refuses, and the clipboard keeps what it had
        empty = page.locator(".channel-field[data-field='catch_copy']")
        expect(empty.get_by_role("region")).to_have_text("")
        page.evaluate("navigator.clipboard.writeText('before')")
        empty.get_by_role("button", name=re.compile("^コピー")).click()
        expect(page.get_by_text("コピーする内容がありません")).to_be_visible()
        assert page.evaluate("navigator.clipboard.readText()") == "before"
        page.locator(".channel-field[data-field='title']").get_by_role("button", name=re.compile("^コピー")).click()
        expect(page.get_by_text("コピーしました")).to_be_visible()
        assert "126610LN" in page.evaluate("navigator.clipboard.readText()")
    finally:
        context.close()
