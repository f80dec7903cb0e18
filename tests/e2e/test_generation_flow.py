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
    fake_anthropic_server.queue(FakeReply(chunks=CHUNKS, chunk_delay_s=0.6, thinking=["SECRET-THOUGHT"]))
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
    expect(page.locator("#grounding-flags")).to_contain_text("300m")
    expect(page.locator("#grounding-review mark").first).to_have_text("300m防水")  # one claim, one flag
    expect(page.locator("#review-gate")).to_be_visible()
    expect(page.get_by_role("button", name="テキストをコピー")).to_be_disabled()
    expect(page.locator("#quota-label")).not_to_have_text(quota_before)
    body = fake_anthropic_server.generation_requests()[-1].body
    assert "中古A、箱・保証書あり" in body["messages"][0]["content"]
    assert body["model"] == "claude-sonnet-5-5"  # the default model id, not a test override
    assert "SECRET-THOUGHT" not in page.content()
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


def test_truncated_answer_stays_as_an_editable_draft(
    live_app: LiveApp, page: Page, fake_anthropic_server: FakeAnthropic
) -> None:
    fake_anthropic_server.reset()
    fake_anthropic_server.queue(FakeReply(chunks=["# 打ち切りテスト\n", "途中までの本文"], stop_reason="max_tokens"))
    open_product(page, live_app)
    quota_before = page.inner_text("#quota-label")
    page.click("#generate-button")
    expect(page.locator("#article-body")).to_have_value("途中までの本文", timeout=20000)
    expect(page.get_by_text("途中までしか作成されませんでした")).to_be_visible()
    expect(page.locator("#quota-label")).to_have_text(quota_before)
    page.fill("#article-body", "途中までの本文に書き足しました。")
    page.get_by_role("button", name="編集を保存").click()
    expect(page.get_by_text("保存しました。").first).to_be_visible()


def test_platform_admin_checks_the_model(live_app: LiveApp, page: Page, fake_anthropic_server: FakeAnthropic) -> None:
    fake_anthropic_server.reset()
    login(page, live_app, "platform-admin@example.com")
    expect(page.get_by_text("claude-sonnet-5-5（effort: medium）")).to_be_visible()
    page.click("#model-check")
    expect(page.get_by_text("応答あり")).to_be_visible()
    assert fake_anthropic_server.generation_requests()[-1].body["model"] == "claude-sonnet-5-5"


def test_a_stopped_article_can_be_kept_as_a_draft(
    live_app: LiveApp, page: Page, fake_anthropic_server: FakeAnthropic
) -> None:
    fake_anthropic_server.reset()
    fake_anthropic_server.queue(
        FakeReply(chunks=["# 中止テスト 126610LN\n", "途中までの本文", "。続き" * 30], chunk_delay_s=0.8)
    )
    open_product(page, live_app)
    page.click("#generate-button")
    expect(page.locator("#stream-text")).to_contain_text("途中までの本文", timeout=20000)
    page.get_by_role("button", name="中止").click()
    expect(page.locator("#stream-label")).to_have_text("中止した下書き（まだ保存されていません）", timeout=20000)
    page.click("#keep-partial")
    expect(page.get_by_label("タイトル（商品名）")).to_have_value("中止テスト 126610LN")
    expect(page.locator("#article-body")).to_have_value(re.compile("^途中までの本文"))
