"""Every page, as each role, at laptop, tablet and phone size: nothing overflows sideways, axe-core
finds no serious accessibility violation, and a full-page screenshot lands in tests/e2e/screenshots/
(ignored by git) for a person to look at.

Sizes from issue 18: 1366×768 (the shop's laptop), 768×1024 (a tablet upright), 390×844 (a phone).
The accessibility engine is axe-core (npm, installed by `make test`), injected into each page and
run with its default WCAG 2 A/AA rules; "serious" and "critical" violations fail the test.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, create_engine, select

from horologen.config import PROJECT_ROOT
from horologen.models import MasterProduct, Tenant
from tests.e2e.test_auth_and_search_flow import login
from tests.fakes.anthropic_server import FakeAnthropic, FakeReply
from tests.support import factories
from tests.support.live_app import LiveApp

SAMPLE_CATALOGUE = PROJECT_ROOT / "horologen" / "demo" / "sample_catalogue.csv"
AXE_JS = PROJECT_ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(os.environ.get("HOROLOGEN_SCREENSHOTS", PROJECT_ROOT / "tests" / "e2e" / "screenshots"))
VIEWPORTS = {"laptop": (1366, 768), "tablet": (768, 1024), "phone": (390, 844)}
FAILING_IMPACTS = {"serious", "critical"}
LOADING_TEXT = "読み込み中…"

# role -> (email or None for signed out, [(page name, path, heading)])
ROLE_PAGES: dict[str, tuple[str | None, list[tuple[str, str, str]]]] = {
    "signed-out": (None, [("login", "/login", "ログイン")]),
    "staff": (
        "staff-a@example.com",
        [("search", "/staff/search", "商品検索"), ("password", "/password", "パスワード変更")],
    ),
    "admin": (
        "admin-a@example.com",
        [
            ("search", "/staff/search", "商品検索"),
            ("articles", "/admin/articles", "記事の管理"),
            ("bulk", "/admin/bulk", "一括作成"),
            ("staff", "/admin/staff", "スタッフ管理"),
            ("upload", "/admin/upload", "カタログ取込"),
            ("usage", "/admin/usage", "利用状況"),
            ("profile", "/admin/profile", "店舗プロフィール"),
        ],
    ),
    "platform-admin": (
        "platform-admin@example.com",
        [("tenants", "/platform/tenants", "テナント管理")],
    ),
}

# Anything that sticks out of the window, or out of a box that clips or scrolls it, unless that box
# is one of ours meant to scroll sideways (.hg-scroll tables): a clipped ログアウト,
# a select cut off by its card or a page that scrolls sideways all fail.
OVERFLOW_JS = r"""
() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  if (document.documentElement.scrollWidth > width + 1) {
    found.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${width}px window`);
  }
  const clipper = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return p;
    }
    return null;
  };
  const meantToScroll = (box) => box.matches('.hg-scroll .rt-ScrollAreaViewport');
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1 || getComputedStyle(el).visibility === 'hidden') continue;
    const box = clipper(el);
    let right = width, left = 0;
    if (box) {
      if (meantToScroll(box)) continue;
      const b = box.getBoundingClientRect();
      if (b.width <= 1 || b.height <= 1) continue;  // visually hidden for screen readers only
      right = Math.min(right, b.right);
      left = Math.max(left, b.left);
    }
    if (r.right <= right + 1 && r.left >= left - 1) continue;
    const text = (el.innerText || el.value || '').trim().slice(0, 30);
    const where = `${Math.round(r.left)}..${Math.round(r.right)}px in ${Math.round(left)}..${Math.round(right)}px`;
    found.push(`<${el.tagName.toLowerCase()} id="${el.id}" class="${el.className}"> ${where}: ${text}`);
    if (found.length > 10) break;
  }
  // Text squeezed into a column so narrow that a line holds one or two characters (状/態, スタッ/フ).
  for (const el of document.body.querySelectorAll('p, span, td, th, a, button, label, h1, h2, h3, h4')) {
    if (el.children.length) continue;
    const text = (el.innerText || '').replace(/\s+/g, '');
    const r = el.getBoundingClientRect();
    if (text.length < 2 || r.width === 0) continue;
    const range = document.createRange();
    range.selectNodeContents(el);
    const lines = new Set([...range.getClientRects()].map((q) => Math.round(q.top))).size;
    if (lines >= 2 && text.length / lines <= 2.5) {
      found.push(`squeezed <${el.tagName.toLowerCase()}> ${lines} lines: ${text.slice(0, 30)}`);
    }
  }
  return found.slice(0, 12);
}
"""

AXE_RUN_JS = """
async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' ' + (n.any[0] ? n.any[0].message : '')),
  }));
}
"""


@pytest.fixture(scope="module")
def saved_article(live_app: LiveApp, browser: Browser, fake_anthropic_server: FakeAnthropic) -> Iterator[None]:
    """One article by staff A, so the search page's editor and the admin lists have content."""
    fake_anthropic_server.reset()
    fake_anthropic_server.queue(FakeReply(chunks=["# ROLEX 126610LN\n", "ケース径41mm。価格は¥1,980,000です。"]))
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    page.set_default_timeout(15000)
    login(page, live_app, "staff-a@example.com")
    page.fill("#reference-query", "126610LN")
    page.get_by_role("option").filter(has_text="126610LN").click()
    page.click("#generate-button")
    expect(page.locator("#article-body")).to_have_value(re.compile("ケース径41mm"), timeout=20000)
    context.close()
    yield


LONG_BRAND = "MAISON-" + "HORLOGERIE" * 9  # 97 characters, no space: the upload accepts up to 100
LONG_REFERENCE = "126" + "A1B2C3D4E5" * 9  # 93 characters


@pytest.fixture(scope="module")
def long_named_product(live_app_env: dict[str, str]) -> Iterator[None]:
    """Awkward but valid catalogue data in shop A, so a long unbroken name is on the pages checked."""
    engine = create_engine(live_app_env["DATABASE_URL"])
    with Session(engine) as session:
        shop = session.exec(select(Tenant).where(Tenant.name == "Tenant A")).one()
        row = factories.product(session, shop, LONG_BRAND, LONG_REFERENCE, name="名前" * 30, price_jpy=98_000_000)
        product_id = row.id
    try:
        yield
    finally:
        with Session(engine) as session:
            session.delete(session.get(MasterProduct, product_id))
            session.commit()
        engine.dispose()


def _settle(page: Page, heading: str) -> None:
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.get_by_text(LOADING_TEXT, exact=True)).to_have_count(0)
    page.wait_for_timeout(400)  # let late layout (fonts, toasts) settle before measuring


def _fill_search(page: Page, role: str) -> None:
    """The search page in use: a list of matches, then one watch open on its own page
    (/staff/products/<id>; staff A: with its article)."""
    page.fill("#reference-query", "126")
    expect(page.get_by_role("option").first).to_be_visible()
    if role == "staff":
        page.locator("#recent-articles").get_by_role("link").first.click()
        expect(page.locator("#article-body")).to_be_visible()
    else:
        page.get_by_role("option").filter(has_text=LONG_REFERENCE).click()
        expect(page.locator("#product-reference")).to_have_text(LONG_REFERENCE)


def _upload_preview(page: Page) -> None:
    """The catalogue page in use: the shared sample catalogue's preview (taken back afterwards)."""
    page.set_input_files("input[type=file]", str(SAMPLE_CATALOGUE))
    page.click("#upload-button")
    expect(page.locator("#count-add")).to_be_visible(timeout=30000)


def _tenant_dialog(page: Page) -> None:
    """The platform admin's settings dialog for Tenant A."""
    page.locator("[data-tenant='Tenant A']").get_by_role("button", name="設定").click()
    expect(page.get_by_role("dialog")).to_be_visible()


def _article_review(page: Page) -> None:
    """An article opened from 記事の管理: its own page for review (/admin/articles/<id>)."""
    page.locator("#article-table").get_by_role("link").first.click()
    expect(page.locator("#review-product")).to_be_visible()


# page name -> (what a user does there, the screenshot's suffix); nothing is saved by any
IN_USE = {
    "upload": (_upload_preview, "preview"),
    "tenants": (_tenant_dialog, "dialog"),
    "articles": (_article_review, "review"),
}


def _check(page: Page, shot: Path) -> list[str]:
    problems = [f"overflow: {item}" for item in page.evaluate(OVERFLOW_JS)]
    page.add_script_tag(path=str(AXE_JS))
    for violation in page.evaluate(AXE_RUN_JS):
        if violation["impact"] in FAILING_IMPACTS:
            problems.append(f"axe {violation['impact']} {violation['id']}: {violation['help']} {violation['nodes']}")
    page.screenshot(path=str(shot), full_page=True)
    return problems


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("role", list(ROLE_PAGES))
def test_every_page_fits_and_passes_axe(
    live_app: LiveApp, browser: Browser, saved_article: None, long_named_product: None, role: str, viewport: str
) -> None:
    assert AXE_JS.is_file(), "axe-core is missing: run `make test` (it installs it under .tools/)"
    width, height = VIEWPORTS[viewport]
    # bypass_csp: our Content-Security-Policy would (rightly) refuse the injected axe-core script
    context = browser.new_context(locale="ja-JP", viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    email, pages = ROLE_PAGES[role]
    problems: dict[str, list[str]] = {}
    try:
        if email is not None:
            login(page, live_app, email)
        for name, path, heading in pages:
            page.goto(live_app.url + path)
            _settle(page, heading)
            if name == "search":
                _fill_search(page, role)
            found = _check(page, SCREENSHOTS / f"{role}-{name}-{viewport}.png")
            if name in IN_USE:
                act, suffix = IN_USE[name]
                act(page)
                page.wait_for_timeout(400)
                found += _check(page, SCREENSHOTS / f"{role}-{name}-{suffix}-{viewport}.png")
                page.keyboard.press("Escape")
            if found:
                problems[path] = found
    finally:
        context.close()
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_the_phone_menu_navigates_and_signs_out(live_app: LiveApp, browser: Browser) -> None:
    """On a phone the header is HoroloGen and a メニュー button; its links and ログアウト work."""
    width, height = VIEWPORTS["phone"]
    context = browser.new_context(locale="ja-JP", viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        login(page, live_app, "admin-a@example.com")
        expect(page.get_by_role("link", name="スタッフ管理")).to_have_count(0)  # folded away
        page.click("#nav-menu")
        page.get_by_role("dialog").get_by_role("link", name="スタッフ管理").click()
        expect(page).to_have_url(re.compile(r"/admin/staff/?$"))
        expect(page.get_by_role("heading", name="スタッフ管理", exact=True)).to_be_visible()
        page.click("#nav-menu")
        page.get_by_role("dialog").get_by_role("button", name="ログアウト").click()
        expect(page).to_have_url(re.compile(r"/login/?\?logged_out=1$"))
        expect(page.get_by_role("status")).to_contain_text("ログアウトしました")
    finally:
        context.close()
