"""In Chromium: the shop admin fills in the shop profile, writes a 楽天 article and copies its HTML."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.test_auth_and_search_flow import login
from tests.fakes.anthropic_server import FakeAnthropic, FakeReply
from tests.support.live_app import LiveApp

ARTICLE = [
    "# ロレックス サブマリーナー デイト 126610LN\n",
    "> 海の名作を、未使用で。\n\n",
    "リード文です。\n\n## デザイン\n\n",
    "**黒**の文字盤が引き締まった印象です。\n",
]


def test_profile_then_rakuten_article_then_copy_html(
    live_app: LiveApp, page: Page, fake_anthropic_server: FakeAnthropic
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_app.url)
    login(page, live_app, "admin-a@example.com")
    page.goto(live_app.url + "/admin/profile")
    expect(page.get_by_label("店名", exact=True)).to_be_visible()
    page.get_by_label("店名", exact=True).fill("銀座クロノ")
    page.fill("#profile-kobutsu_name", "株式会社銀座クロノ")
    page.fill("#profile-kobutsu_commission", "東京都公安委員会")
    page.fill("#profile-kobutsu_number", "301234567890")
    page.fill("#profile-warranty", "当店にて1年間の動作保証をお付けします。")
    page.click("#profile-save")
    expect(page.locator("#profile-version")).to_contain_text(re.compile(r"現在の版: [1-9]"))
    expect(page.get_by_text("株式会社銀座クロノ　東京都公安委員会 古物商許可 第301234567890号")).to_be_visible()

    fake_anthropic_server.reset()
    fake_anthropic_server.queue(FakeReply(chunks=ARTICLE))
    page.goto(live_app.url + "/staff/search")
    page.fill("#reference-query", "126610LN")
    page.get_by_role("option").filter(has_text="126610LN").click()
    page.select_option("#opt-channel", "rakuten")
    page.click("#generate-button")
    expect(page.get_by_label("タイトル（商品名）")).to_have_value(
        "ロレックス サブマリーナー デイト 126610LN", timeout=20000
    )
    expect(page.get_by_label("キャッチコピー", exact=True)).to_have_value("海の名作を、未使用で。")
    sent = fake_anthropic_server.generation_requests()[-1].body
    assert "銀座クロノ" in sent["system"][0]["text"]
    assert "<channel>楽天市場</channel>" in sent["messages"][0]["content"]
    outputs = page.locator("#channel-outputs")
    expect(outputs).to_contain_text("PC用商品説明文")
    expect(outputs).to_contain_text("スマートフォン用商品説明文")
    expect(outputs).to_contain_text("/ 10,240 バイト")
    page.get_by_role("button", name="HTMLをコピー").click()
    expect(page.get_by_text("コピーしました").first).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "<h2>デザイン</h2>" in copied and "<strong>黒</strong>" in copied and "##" not in copied
    assert "<h2>商品情報</h2>" in copied and "1,980,000円（税込）" in copied
    assert "東京都公安委員会 古物商許可 第301234567890号" in copied and "当店にて1年間の動作保証" in copied
    page.get_by_role("button", name="テキストをコピー").click()
    text = page.evaluate("navigator.clipboard.readText()")
    assert "<" not in text and "**" not in text and "型番：126610LN" in text


def test_staff_cannot_open_the_profile_page(live_app: LiveApp, page: Page) -> None:
    login(page, live_app, "staff-a@example.com")
    page.goto(live_app.url + "/admin/profile")
    expect(page.get_by_text("この画面を表示する権限がありません。")).to_be_visible()
    expect(page.locator("#profile-save")).to_have_count(0)


def test_an_article_with_flags_cannot_be_copied_until_they_are_resolved(
    live_app: LiveApp, page: Page, fake_anthropic_server: FakeAnthropic
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_app.url)
    fake_anthropic_server.reset()
    fake_anthropic_server.queue(FakeReply(chunks=["# サブマリーナー 126610LN\n", "300m防水の最高峰モデルです。"]))
    fake_anthropic_server.queue_structured(
        FakeReply(
            chunks=[
                '{"claims": [{"sentence": "300m防水の最高峰モデルです。", "claim": "300m防水",'
                ' "status": "not_in_data", "field": ""}]}'
            ]
        )
    )
    login(page, live_app, "staff-a@example.com")
    page.fill("#reference-query", "126610LN")
    page.get_by_role("option").filter(has_text="126610LN").click()
    page.click("#generate-button")
    flags = page.locator("#grounding-flags")
    expect(flags).to_contain_text("最高峰", timeout=20000)
    expect(flags).to_contain_text("景品表示法")
    expect(flags).to_contain_text("300m")
    expect(page.locator("#review-gate")).to_be_visible()
    copy_text = page.get_by_role("button", name="テキストをコピー")
    expect(copy_text).to_be_disabled()
    expect(page.get_by_role("button", name="HTMLをコピー")).to_be_disabled()
    expect(page.locator("#claim-check")).to_contain_text("データにない")
    # Edit the superlative away; tick the rest after checking them.
    body = page.locator("#article-body")
    body.fill("300m防水のモデルです。")
    expect(flags).not_to_contain_text("最高峰")
    # 300m and 防水 side by side are one claim, one flag (issue 26).
    page.get_by_role("button", name="確認済みにする: 300m防水").click()
    expect(page.locator("#review-gate")).to_have_count(0)
    expect(copy_text).to_be_enabled()
    copy_text.click()
    assert "300m防水のモデルです。" in page.evaluate("navigator.clipboard.readText()")


BOLD_AND_TABLE = [
    "# ロレックス サブマリーナー デイト 126610LN\n",
    "> 海の名作\n\n",
    "**「サブマリーナー」**の名で知られるダイバーズです。**自動巻き。**日常使いに。\n\n",
    "| 項目 | 内容 |\n|---|---|\n| ケース径 | 41mm |\n",
]


def test_bold_next_to_japanese_and_a_table_read_right_when_copied(
    live_app: LiveApp, page: Page, fake_anthropic_server: FakeAnthropic
) -> None:
    """Issue 27: emphasis next to 「」 and 。 and a pipe table, copied from the page: <strong> and
    <table> in the HTML copy, no * or | in the text copy (the table as 「項目：内容」 lines)."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_app.url)
    fake_anthropic_server.reset()
    fake_anthropic_server.queue(FakeReply(chunks=BOLD_AND_TABLE))
    login(page, live_app, "staff-a@example.com")
    page.fill("#reference-query", "126610LN")
    page.get_by_role("option").filter(has_text="126610LN").click()
    page.select_option("#opt-channel", "own_site")
    page.click("#generate-button")
    expect(page.get_by_label("タイトル（商品名）")).to_have_value(
        "ロレックス サブマリーナー デイト 126610LN", timeout=20000
    )
    for button in page.get_by_role("button", name=re.compile("^確認済みにする: ")).all():
        button.click()  # the gate: whatever the checks flag here is ticked after reading
    page.get_by_role("button", name="HTMLをコピー").click()
    expect(page.get_by_text("コピーしました").first).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "<strong>「サブマリーナー」</strong>の名で" in copied and "<strong>自動巻き。</strong>日常" in copied
    assert "<table>" in copied and "<td>41mm</td>" in copied and "**" not in copied and "|" not in copied
    page.get_by_role("button", name="テキストをコピー").click()
    text = page.evaluate("navigator.clipboard.readText()")
    assert "「サブマリーナー」の名で知られる" in text and "自動巻き。日常使いに。" in text
    assert "*" not in text and "|" not in text and "ケース径：41mm" in text
