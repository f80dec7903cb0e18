# ruff: noqa: E501
"""Issue 28 (item 4): pages with their own address — a product on a phone lands at the top and
Back keeps the search; an article opens for review at its own URL with 承認する / 差し戻す first."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from horologen import config
from horologen.db import make_engine
from horologen.models import Article, MasterProduct, Tenant, User
from tests.e2e.test_auth_and_search_flow import login
from tests.support.live_app import LiveApp


def test_a_phone_tap_opens_the_product_at_the_top_and_back_keeps_the_search(
    live_app: LiveApp, browser: Browser
) -> None:
    context = browser.new_context(locale="ja-JP", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        login(page, live_app, "staff-a@example.com")
        page.goto(live_app.url + "/staff/search")
        page.fill("#reference-query", "REF001")
        page.get_by_role("option").filter(has_text="REF001").click()
        expect(page).to_have_url(re.compile(r"/staff/products/\d+\?q=REF001$"))
        expect(page.locator("#product-price-raw")).to_have_text("price_jpy=123456")  # runbook §3.5
        box = page.locator("#product-card").bounding_box()
        assert box is not None and box["y"] < 400, box  # on screen without scrolling
        shared = page.url  # a link a colleague can open
        page.go_back()
        expect(page.locator("#reference-query")).to_have_value("REF001")
        expect(page.get_by_role("option").filter(has_text="REF001")).to_be_visible()
        page.goto(shared)
        expect(page.locator("#product-reference")).to_have_text("REF001")
    finally:
        context.close()


def _submitted_article(live_app: LiveApp) -> tuple[int, str]:
    engine = make_engine(config.normalise_database_url(live_app.env["DATABASE_URL"]))
    with Session(engine, expire_on_commit=False) as session:
        tenant = session.exec(select(Tenant).where(Tenant.name == "Tenant A")).one()
        staff = session.exec(select(User).where(User.email == "staff-a@example.com")).one()
        product = session.exec(
            select(MasterProduct).where(MasterProduct.tenant_id == tenant.id, MasterProduct.reference == "REF001")
        ).one()
        article = Article(tenant_id=int(tenant.id or 0), user_id=int(staff.id or 0), product_id=product.id,
                          input_snapshot={"brand": "TESTBRAND", "reference": "REF001", "price_jpy": 123456, "specs": {}},
                          options={"channel": "own_site"}, title="TESTBRAND REF001 の記事", body="リード文です。",
                          status="done", review_status="submitted", flags=[])  # fmt: skip
        session.add(article)
        session.commit()
        article_id = int(article.id or 0)
    engine.dispose()
    return article_id, "TESTBRAND REF001 の記事"


def test_an_article_opens_for_review_at_its_own_address(live_app: LiveApp, page: Page) -> None:
    article_id, title = _submitted_article(live_app)
    login(page, live_app, "admin-a@example.com")
    page.goto(live_app.url + "/admin/articles")
    page.locator("#article-table").get_by_role("link", name=title).first.click()
    expect(page).to_have_url(re.compile(rf"/admin/articles/{article_id}$"))
    expect(page.locator("#review-product")).to_have_text("TESTBRAND REF001")
    expect(page.locator("#review-approve")).to_be_visible()
    expect(page.get_by_text("条件を変えて作り直す（今月の作成数を 1 件使います）")).to_be_visible()
    expect(page.locator("#generate-button")).to_be_hidden()  # re-generation is folded away
    page.fill("#reject-comment", "価格の表記を確認してください。")
    page.click("#review-reject")
    expect(page.locator("#review-status")).to_contain_text("差し戻し")
    expect(page.get_by_text("差し戻しの理由: 価格の表記を確認してください。")).to_be_visible()
    page.goto(live_app.url + "/admin/articles/99999999")
    expect(page.get_by_text("記事が見つかりません。")).to_be_visible()
