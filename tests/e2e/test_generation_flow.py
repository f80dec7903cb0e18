"""In Chromium: the article streams into the page chunk by chunk, then can be edited and saved."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.test_auth_and_search_flow import login
from tests.fakes.anthropic_server import FakeAnthropic, FakeReply
from tests.support.live_app import LiveApp

CHUNKS = ["# ROLEX 126610LN\n", "ケース径41mm。", "\n\n300m防水", "。価格は¥1,980,000です。"]


def open_product(page: Page, app: LiveApp) -> None:
    login(page, app, "staff-a@example.com")
    expect(page).to_have_url(re.compile(r"/staff/search/?$"))
    page.fill("#reference-query", "126610LN")
    page.get_by_role("option").filter(has_text="126610LN").click()
    expect(page.locator("#article-panel")).to_be_visible()


def test_article_streams_then_edits_and_flags(
    live_app: LiveApp, page: Page, fake_anthropic_server: FakeAnthropic
) -> None:
    fake_anthropic_server.reset()
    fake_anthropic_server.queue(FakeReply(chunks=CHUNKS, chunk_delay_s=0.6))
    open_product(page, live_app)
    quota_before = page.inner_text("#quota-label")
    page.fill("textarea[name=notes]", "中古A、箱・保証書あり")
    page.click("#generate-button")
    stream = page.locator("#stream-text")
    expect(stream).to_contain_text("ROLEX 126610LN")
    partial = stream.inner_text()
    assert "¥1,980,000" not in partial, "the first chunk arrived before the whole article"
    expect(page.locator("#article-body")).to_have_value(re.compile("300m防水"), timeout=20000)
    expect(page.locator("#article-title")).to_have_value("ROLEX 126610LN")
    expect(page.locator("#grounding-flags")).to_contain_text("要確認: 300")
    expect(page.locator("#grounding-review mark").first).to_have_text("300")
    expect(page.locator("#quota-label")).not_to_have_text(quota_before)
    body = fake_anthropic_server.requests[-1].body
    assert "中古A、箱・保証書あり" in body["messages"][0]["content"]
    page.fill("#article-body", "ケース径41mm。価格は¥1,980,000です。")
    page.get_by_role("button", name="編集を保存").click()
    expect(page.locator("#grounding-flags")).to_have_count(0)
    expect(page.get_by_role("link", name="ROLEX 126610LN").first).to_be_visible()
    # Later, from the staff member's recent articles, the saved edit comes back.
    page.goto(live_app.url + "/staff/search")
    page.locator("#recent-articles").get_by_role("link", name="ROLEX 126610LN").first.click()
    expect(page.locator("#article-body")).to_have_value("ケース径41mm。価格は¥1,980,000です。")
    expect(page.locator("#product-price-raw")).to_have_text("price_jpy=1980000")


def test_failed_generation_shows_an_error_id(
    live_app: LiveApp, page: Page, fake_anthropic_server: FakeAnthropic
) -> None:
    fake_anthropic_server.reset()
    fake_anthropic_server.queue(*[FakeReply(status=401)] * 3)
    open_product(page, live_app)
    page.click("#generate-button")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("API キーが無効")
    expect(alert).to_contain_text("エラーID")
    error_id = re.search(r"エラーID: ([0-9A-F-]+)", alert.inner_text()).group(1)
    assert error_id in live_app.log()
