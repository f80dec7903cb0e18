"""In Chromium (issue 14): a shop admin approves two articles on /admin/articles and downloads the
楽天 file, read back in CP932 with the platform's headers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.test_auth_and_search_flow import login
from tests.fakes.anthropic_server import FakeAnthropic, FakeReply
from tests.support.live_app import LiveApp


def _licensed(live_app: LiveApp, tenant_name: str) -> None:
    """The shop saves its 古物商 display (as on /admin/profile), straight into the app's database."""
    from sqlmodel import Session, select

    from horologen import config
    from horologen.db import make_engine
    from horologen.models import Tenant
    from tests.support import factories as f

    engine = make_engine(config.normalise_database_url(live_app.env["DATABASE_URL"]))
    with Session(engine, expire_on_commit=False) as session:
        tenant = session.exec(select(Tenant).where(Tenant.name == tenant_name)).one()
        f.licensed(session, tenant)
    engine.dispose()


def generate(page: Page, reference: str, title: str) -> None:
    page.goto(page.url.split("/staff/")[0] + "/staff/search")  # a chosen product opens on its own page
    page.fill("#reference-query", reference)
    page.get_by_role("option").filter(has_text=reference).first.click()
    page.select_option("#opt-channel", "rakuten")
    page.click("#generate-button")
    expect(page.get_by_label("タイトル（商品名）")).to_have_value(title, timeout=20000)
    expect(page.locator("#review-status")).to_contain_text("下書き")


def test_approve_two_articles_and_download_the_rakuten_file(
    live_app: LiveApp, page: Page, fake_anthropic_server: FakeAnthropic
) -> None:
    fake_anthropic_server.reset()
    titles = {"126610LV": "ロレックス サブマリーナー 126610LV", "116500LN": "ロレックス デイトナ 116500LN"}
    fake_anthropic_server.queue(*[FakeReply(chunks=[f"# {t}\n> 名作\n\n", "リード文です。"]) for t in titles.values()])
    login(page, live_app, "admin-b@example.com")
    page.goto(live_app.url + "/staff/search")
    for reference, title in titles.items():
        generate(page, reference, title)
    page.goto(live_app.url + "/admin/articles")
    table = page.locator("#article-table")
    for title in titles.values():
        expect(table).to_contain_text(title)
        page.get_by_role("checkbox", name=f"選択: {title}").click()
    page.click("#approve-selected")
    expect(page.get_by_text("2 件を承認しました。").first).to_be_visible(timeout=20000)  # approval runs in a thread
    expect(table).to_contain_text("承認済み")
    for title in titles.values():  # the selection stays for the export that usually follows
        expect(page.get_by_role("checkbox", name=f"選択: {title}")).to_be_checked()
    page.select_option("#export-format", "rakuten")
    # Without the 古物商 display a mall file is refused, naming what to fill in (issue 28).
    page.click("#export-selected")
    expect(page.locator("#export-report")).to_contain_text("古物商の表示")
    _licensed(live_app, "Tenant B")
    with page.expect_download() as download_info:
        page.click("#export-selected")
    data = Path(download_info.value.path()).read_bytes()
    rows = list(csv.reader(io.StringIO(data.decode("cp932"), newline="")))
    assert rows[0][:3] == ["商品管理番号（商品URL）", "商品番号", "商品名"]
    names = {row[2] for row in rows[1:] if row[2]}
    assert names == set(titles.values())
    expect(table).to_contain_text("出力済み")
    expect(page.locator("#export-history")).to_contain_text("楽天市場")
    # An exported article is frozen: editing it makes version 2, with the change shown.
    table.get_by_role("link", name=titles["126610LV"]).first.click()
    expect(page.locator("#review-status")).to_contain_text("出力済み", timeout=20000)
    page.fill("#article-body", "リード文を書き直しました。")
    old_address = page.url
    page.get_by_role("button", name="編集を保存").click()
    expect(page.get_by_text("新しい版（版 2）").first).to_be_visible()
    expect(page.locator("#review-status")).to_contain_text("下書き")
    expect(page.locator("#version-diff")).to_contain_text("+ リード文を書き直しました。")
    expect(page.locator("#version-diff")).to_contain_text("- リード文です。")
    # The address now names version 2: a reload opens it, not the exported version 1.
    page.wait_for_function("url => window.location.href !== url", arg=old_address)
    page.reload()
    expect(page.locator("#review-status")).to_contain_text("下書き", timeout=20000)
    expect(page.locator("#review-status")).to_contain_text("版 2")
