"""Issue 17 (1): while one shop uploads a bomb and a 100k-row catalogue, the server keeps answering
everyone else. `/healthz` is polled every 0.1 s during both uploads; a request that gets no answer
within 5 s (a frozen event loop) fails the test. The latencies seen are printed (bench/RESULTS.md)."""

from __future__ import annotations

import statistics
import threading
import time
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.test_auth_and_search_flow import login
from tests.support.live_app import LiveApp
from tests.test_real_world_imports import with_sheet_xml, xlsx

ROWS = 100_000


class HealthPoller(threading.Thread):
    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.latencies, self.failures = url, [], []
        self.done = threading.Event()

    def run(self) -> None:
        with httpx.Client(timeout=5) as client:
            while not self.done.is_set():
                started = time.perf_counter()
                try:
                    status = client.get(self.url + "/healthz").status_code
                    if status != 200:
                        self.failures.append(f"status {status}")
                except httpx.HTTPError as exc:
                    self.failures.append(type(exc).__name__)
                self.latencies.append(time.perf_counter() - started)
                time.sleep(0.1)


def test_other_requests_are_answered_during_a_bomb_and_a_large_upload(
    live_app: LiveApp, page: Page, tmp_path: Path
) -> None:
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(
        with_sheet_xml(
            xlsx([["ブランド", "型番", "価格"], ["ROLEX", "1", 1]]),
            lambda xml: xml.replace('<dimension ref="A1:C2"/>', '<dimension ref="A1:XFD1048576"/>').replace(
                "</sheetData>", '<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
            ),
        )
    )
    large = tmp_path / "large.csv"
    lines = ["ブランド,型番,商品名,税込価格,ケース径"] + [
        f"BRAND{i % 50},REF-{i:06d},モデル{i},{100000 + i},40mm" for i in range(ROWS)
    ]
    large.write_text("\n".join(lines) + "\n", encoding="utf-8")

    login(page, live_app, "admin-a@example.com")
    page.goto(live_app.url + "/admin/upload")
    poller = HealthPoller(live_app.url)
    poller.start()
    try:
        page.set_input_files("input[type=file]", str(bomb))
        page.click("#upload-button")
        expect(page.get_by_role("alert")).to_contain_text("行数が多すぎます", timeout=60000)
        page.set_input_files("input[type=file]", str(large))
        page.click("#upload-button")
        expect(page.locator("#count-add")).to_contain_text(f"{ROWS:,}".replace(",", ""), timeout=180000)
    finally:
        poller.done.set()
        poller.join()
    latencies = sorted(poller.latencies)
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    median = statistics.median(latencies)
    print(
        f"\n/healthz during the uploads: {len(latencies)} requests, median {median * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms, failures {len(poller.failures)}"
    )
    assert len(latencies) >= 3  # the uploads took at least a few polls
    assert poller.failures == [], poller.failures
