"""In Chromium (issue 15): a 5-product bulk job through /admin/bulk ends as 5 drafts on /admin/articles."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from horologen.config import normalise_database_url
from horologen.db import make_engine
from horologen.models import MasterProduct, Tenant
from tests.e2e.test_auth_and_search_flow import login
from tests.fakes.anthropic_server import FakeAnthropic
from tests.support.live_app import LiveApp


def add_products(database_url: str) -> None:
    engine = make_engine(normalise_database_url(database_url))
    try:
        with Session(engine) as session:
            tenant = session.exec(select(Tenant).where(Tenant.name == "Tenant B")).one()
            for i in range(5):
                session.add(
                    MasterProduct(
                        tenant_id=int(tenant.id or 0),
                        brand="BULKE2E",
                        brand_key="BULKE2E",
                        reference=f"BK-{i:03d}",
                        reference_key=f"BK{i:03d}",
                        name=f"一括テスト{i}",
                        price_jpy=100_000 + i,
                        price_tax="included",
                    )
                )
            session.commit()
    finally:
        engine.dispose()


def test_a_five_product_job_through_the_page(
    live_app: LiveApp, page: Page, fake_anthropic_server: FakeAnthropic
) -> None:
    fake_anthropic_server.reset()
    add_products(live_app.env["DATABASE_URL"])
    login(page, live_app, "admin-b@example.com")
    page.goto(live_app.url + "/admin/bulk")
    page.fill("#bulk-brand", "BULKE2E")
    page.click("#bulk-preview")
    expect(page.locator("#bulk-count")).to_contain_text("5 件")
    page.click("#bulk-submit")
    page.get_by_role("alertdialog").get_by_role("button", name="開始する").click()
    expect(page.get_by_text("5 件の一括作成を受け付けました").first).to_be_visible(timeout=20000)
    jobs = page.locator("#bulk-jobs")
    for _ in range(40):  # the worker polls every second inside the app
        page.click("#bulk-refresh")
        page.wait_for_timeout(1000)
        if "処理中" not in jobs.inner_text():
            break
    expect(jobs).to_contain_text("5 件完了・0 件失敗 / 5 件")
    page.goto(live_app.url + "/admin/articles")
    page.fill("#filter-brand", "BULKE2E")
    page.get_by_role("button", name="絞り込む").click()
    table = page.locator("#article-table")
    for i in range(5):
        expect(table).to_contain_text(f"BK-{i:03d} の販売記事")
    expect(table).to_contain_text("下書き")
