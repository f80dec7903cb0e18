"""Issue 23 (1): an export never freezes the server for other shops, and its file comes from an
authenticated URL, not through the websocket.

200 approved articles (the page's 「すべて選択」) are exported as CSV while /healthz is polled. On
the old code the handler ran on the event loop: no /healthz answer could arrive between the click
and the file, and the file was a `data:` URL pushed through the websocket. Here both must hold:
/healthz answers keep arriving while the export runs, and the file is downloaded from
/admin/exports/<id>/file. The latencies are printed (bench/RESULTS.md has the benchmark)."""

from __future__ import annotations

import csv
import io
import threading
import time
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect
from sqlmodel import Session

from horologen import config
from horologen.db import make_engine
from horologen.models import Article, utcnow
from horologen.services.articles.prompting import product_snapshot
from tests.e2e.test_auth_and_search_flow import login
from tests.support import factories as f
from tests.support.live_app import LiveApp

ARTICLES = 200


def _shop_with_approved_articles(database_url: str) -> str:
    """A shop of its own (so the other browser tests see nothing of it) with ARTICLES approved."""
    engine = make_engine(config.normalise_database_url(database_url))
    with Session(engine, expire_on_commit=False) as session:
        tenant = f.tenant(session, "Export load shop")
        admin = f.user(session, tenant, "admin", "export-load-admin@example.com", password="e2e-export-pass-2026")
        product = f.product(session, tenant, "ROLEX", "126610LN", price_jpy=1_980_000, name="サブマリーナー",
                            specs={"ケース径": "41mm"}, price_tax="included")  # fmt: skip
        snapshot = product_snapshot(product.brand, product.reference, product.name, product.price_jpy,
                                    product.specs, product.price_tax)  # fmt: skip
        now = utcnow()
        for number in range(ARTICLES):
            session.add(Article(
                tenant_id=int(tenant.id or 0), user_id=int(admin.id or 0), product_id=product.id,
                input_snapshot=snapshot, options={"channel": "own_site"}, title=f"サブマリーナー 記事 {number:03d}",
                catch_copy="海の名作", body="ケース径41mmの一本です。\n\n" + "落ち着いた黒の文字盤。" * 40,
                status="done", review_status="approved", approved_by=admin.id, approved_at=now, flags=[],
            ))  # fmt: skip
        session.commit()
    engine.dispose()
    return admin.email


class HealthPoller(threading.Thread):
    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.answers, self.failures = url, [], []  # answers: (sent, answered) perf_counter
        self.done = threading.Event()

    def run(self) -> None:
        with httpx.Client(timeout=60) as client:
            while not self.done.is_set():
                sent = time.perf_counter()
                try:
                    if client.get(self.url + "/healthz").status_code != 200:
                        self.failures.append("status")
                except httpx.HTTPError as exc:
                    self.failures.append(type(exc).__name__)
                self.answers.append((sent, time.perf_counter()))
                time.sleep(0.05)


def test_an_export_leaves_the_server_answering_and_downloads_by_url(live_app: LiveApp, page: Page) -> None:
    email = _shop_with_approved_articles(live_app.env["DATABASE_URL"])
    login(page, live_app, email, password="e2e-export-pass-2026")
    page.goto(live_app.url + "/admin/articles")
    expect(page.locator("#article-table")).to_contain_text("サブマリーナー 記事 199", timeout=30000)
    page.get_by_role("checkbox", name="すべて選択").click()
    page.select_option("#export-format", "csv")
    poller = HealthPoller(live_app.url)
    poller.start()
    try:
        time.sleep(0.3)
        with page.expect_download(timeout=120000) as download_info:
            clicked = time.perf_counter()
            page.click("#export-selected")
        arrived = time.perf_counter()
    finally:
        poller.done.set()
        poller.join()
    download = download_info.value
    assert download.url.startswith(live_app.url + "/admin/exports/"), download.url[:80]
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_bytes().decode("utf-8-sig"), newline="")))
    assert len(rows) == 1 + ARTICLES and rows[0][0] == "記事ID"
    during = [(s, a) for s, a in poller.answers if clicked <= s and a < arrived]
    latencies = sorted(a - s for s, a in poller.answers if clicked <= s <= arrived)
    print(
        f"\nexport of {ARTICLES}: {arrived - clicked:.2f} s to the file; /healthz answered {len(during)} times "
        f"meanwhile, max {max(latencies, default=0) * 1000:.0f} ms"
    )
    assert not poller.failures
    assert during, "no /healthz answer while the export ran: the event loop was blocked"
    # The file is the shop's own: another browser without the session gets nothing.
    assert httpx.get(download.url, timeout=10).status_code == 401
    expect(page.locator("#article-table")).to_contain_text("出力済み")
    # 「もう一度ダウンロード」 in the export history downloads the same file again.
    with page.expect_download(timeout=30000) as again_info:
        page.locator(".export-download").first.click()
    again = again_info.value
    assert again.url == download.url and Path(again.path()).read_bytes() == Path(download.path()).read_bytes()
