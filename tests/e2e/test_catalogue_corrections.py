"""Issue 25 in Chromium: a re-uploaded catalogue corrects a piece, its approved article is 要更新;
the piece is sold and its article is taken off 楽天 by a withdrawal file.

A shop of its own (tenant, admin, 古物商 profile, created in the live database like
test_export_off_the_loop.py does), so the other browser tests see nothing of it. Upload
tests/data/shop_files/corr_a_v1.csv (four pieces under 管理番号), approve an article of piece
A-0012 (made directly in the database, approved, flags=[]), upload corr_a_v2.csv and apply every
change, see the article 要更新 on /admin/articles with the changed fields; mark A-0012 売約済み on
its product card, find the article 取り下げ要 and download and read back 楽天's item-delete.csv.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from horologen import config
from horologen.db import make_engine
from horologen.models import Article, MasterProduct, Tenant, User, utcnow
from horologen.services.articles.prompting import snapshot_of
from tests.e2e.test_auth_and_search_flow import login
from tests.support import factories as f
from tests.support.live_app import LiveApp

FILES = Path(__file__).resolve().parent.parent / "data" / "shop_files"
EMAIL, PASSWORD = "corrections-admin@example.com", "e2e-corrections-pass-2026"
TITLE = "ロレックス サブマリーナー デイト 126610LN（A-0012）"


def _engine(live_app: LiveApp):
    return make_engine(config.normalise_database_url(live_app.env["DATABASE_URL"]))


def _shop(live_app: LiveApp) -> None:
    engine = _engine(live_app)
    with Session(engine, expire_on_commit=False) as session:
        tenant = f.tenant(session, "Corrections e2e shop")
        f.user(session, tenant, "admin", EMAIL, password=PASSWORD)
        f.licensed(session, tenant, shop_name="訂正テスト時計店")
    engine.dispose()


def _approved_article(live_app: LiveApp) -> int:
    """An approved article of piece A-0012, written from the product as it is now."""
    engine = _engine(live_app)
    with Session(engine, expire_on_commit=False) as session:
        tenant = session.exec(select(Tenant).where(Tenant.name == "Corrections e2e shop")).one()
        product = session.exec(
            select(MasterProduct).where(MasterProduct.tenant_id == tenant.id, MasterProduct.stock_number == "A-0012")
        ).one()
        admin_id = session.exec(select(User.id).where(User.email == EMAIL)).one()
        article = Article(
            tenant_id=int(tenant.id or 0), user_id=int(admin_id), product_id=product.id,
            input_snapshot=snapshot_of(product), options={"channel": "rakuten"}, title=TITLE, catch_copy="海の名作",
            body="ケース径41mmの一本です。", status="done", review_status="approved", approved_by=admin_id,
            approved_at=utcnow(), flags=[],
        )  # fmt: skip
        session.add(article)
        session.commit()
        product_id = int(product.id or 0)
    engine.dispose()
    return product_id


def _upload(page: Page, live_app: LiveApp, name: str) -> None:
    page.goto(live_app.url + "/admin/upload")
    page.set_input_files("input[type=file]", str(FILES / name))
    page.click("#upload-button")


def _commit(page: Page) -> None:
    page.click("#commit-import")
    page.get_by_role("alertdialog").get_by_role("button", name="取り込む").click()


def test_a_correction_makes_the_article_stale_and_a_sale_withdraws_it(live_app: LiveApp, page: Page) -> None:
    _shop(live_app)
    login(page, live_app, EMAIL, password=PASSWORD)
    _upload(page, live_app, "corr_a_v1.csv")
    expect(page.locator("#count-add")).to_contain_text("4")
    expect(page.locator("#count-pieces")).to_contain_text("4")
    _commit(page)
    expect(page.get_by_role("status")).to_contain_text("追加 4 件")
    product_id = _approved_article(live_app)

    _upload(page, live_app, "corr_a_v2.csv")
    changes = page.locator("#product-changes")
    expect(changes).to_contain_text("A-0012（ROLEX 126610LN）")
    expect(changes).to_contain_text("状態ランク")
    expect(changes).to_contain_text("¥1,780,000")
    expect(changes).to_contain_text("空欄（既定では残します）")  # A-0031's 年式
    expect(page.locator("#missing-products")).to_have_count(0)
    page.click("#apply-all")
    _commit(page)
    expect(page.get_by_role("status")).to_contain_text("変更を反映 3 件")

    page.goto(live_app.url + "/admin/articles?stale=1")
    row = page.locator("#article-table tr", has_text=TITLE)
    expect(row).to_contain_text("要更新")
    expect(row).to_contain_text("状態ランク A→B")
    expect(row).to_contain_text("付属品 箱・保証書・余りコマ2→保証書のみ（箱なし）")

    page.goto(f"{live_app.url}/staff/products/{product_id}")
    expect(page.locator("#product-stock")).to_contain_text("A-0012")
    page.click("#mark-sold")
    page.get_by_role("alertdialog").get_by_role("button", name="売約済みにする").click()
    expect(page.locator("#product-sale")).to_have_text("売約済み")

    page.goto(live_app.url + "/admin/articles?withdraw=1")
    row = page.locator("#article-table tr", has_text=TITLE)
    expect(row).to_contain_text("取り下げ要（売約済み）")
    page.get_by_role("checkbox", name=f"選択: {TITLE}").click()
    page.select_option("#withdraw-format", "rakuten")
    with page.expect_download() as download_info:
        page.click("#withdraw-selected")
    download = download_info.value
    assert download.suggested_filename == "item-delete.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_bytes().decode("cp932"), newline="")))
    assert rows == [["商品管理番号（商品URL）"], ["a_0012"]]
    expect(page.locator("#article-table")).to_have_count(0)  # nothing is 取り下げ要 any more
    expect(page.locator("#export-history")).to_contain_text("取り下げ: 楽天市場")
