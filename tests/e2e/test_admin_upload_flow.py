"""In Chromium: an admin uploads a Shift_JIS catalogue, sees the preview with row errors, commits."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.test_auth_and_search_flow import login
from tests.support.live_app import LiveApp

CSV = (
    "商品一覧（2026年11月）\n"
    "ブランド,型番,商品名,価格（税込）,ケース径\n"
    # Japanese Excel writes the yen sign as 0x5C in Shift_JIS, which reads back as a backslash.
    'ROLEX,126610LN,サブマリーナー,"\\1,990,000",41mm\n'
    'NOMOS,TANGENTE-139,タンジェント,"\\298,000",35mm\n'
    ",BAD-ROW,ブランドなし,100,\n"
)


def test_upload_preview_and_commit(live_app: LiveApp, page: Page, tmp_path: Path) -> None:
    file = tmp_path / "カタログ.csv"
    file.write_bytes(CSV.encode("cp932"))
    login(page, live_app, "admin-b@example.com")
    page.goto(live_app.url + "/admin/upload")
    page.set_input_files("input[type=file]", str(file))
    page.click("#upload-button")
    expect(page.locator("#count-add")).to_contain_text("1")
    expect(page.locator("#row-errors")).to_contain_text("ブランドが空です")
    expect(page.locator("#row-errors")).to_contain_text("5")  # the line number in the file
    page.click("#commit-import")
    page.get_by_role("alertdialog").get_by_role("button", name="取り込む").click()
    expect(page.get_by_role("status")).to_contain_text("追加 1 件、スキップ 1 件")
    page.goto(live_app.url + "/staff/search")
    page.fill("#reference-query", "tangente139")
    page.get_by_role("option").filter(has_text="TANGENTE-139").click()
    expect(page.locator("#product-price")).to_have_text("¥298,000")
    # The product has its own address, and Back returns to the search as it was (issue 28).
    expect(page).to_have_url(re.compile(r"/staff/products/\d+\?q=tangente139$"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"/staff/search/?(\?q=tangente139)?$"))
    expect(page.locator("#reference-query")).to_have_value("tangente139")
    expect(page.get_by_role("option").filter(has_text="TANGENTE-139")).to_be_visible()


def test_katakana_brands_fold_into_the_catalogue(live_app: LiveApp, page: Page) -> None:
    """Issue 16 (1, 10): ロレックス / パテック フィリップ rows match the Latin products already there,
    and the preview shows the catalogue's price beside the file's."""
    katakana = Path(__file__).resolve().parent.parent / "data" / "cases" / "katakana_brands_cp932.csv"
    login(page, live_app, "admin-b@example.com")
    page.goto(live_app.url + "/admin/upload")
    page.set_input_files("input[type=file]", str(katakana))
    page.click("#upload-button")
    expect(page.locator("#count-add")).to_contain_text("2")  # 126500LN and 124060 only
    existing = page.locator("#existing-rows")
    expect(existing).to_contain_text("5711/1A-010")
    expect(existing).to_contain_text("¥16,800,000 → ¥19,800,000")
    expect(existing).to_contain_text("変更なし")  # the Omega's price is the same
    # 3 prices, and the Tudor at 価格応談: ¥748,000 → no price (issue 25 item A; a row error before)
    expect(page.locator("#price-changes")).to_contain_text("4件")
    page.click("#commit-import")
    page.get_by_role("alertdialog").get_by_role("button", name="取り込む").click()
    expect(page.get_by_role("status")).to_contain_text("追加 2 件")
    for brand, reference in (("ロレックス", "126500"), ("ROLEX", "126500"), ("パテック", "5711")):
        response = page.request.get(f"{live_app.url}/staff/references?brand={brand}&q={reference}")
        assert response.json()["count"] == 1, brand


def test_an_upload_error_goes_away_when_another_file_is_chosen(live_app: LiveApp, page: Page, tmp_path: Path) -> None:
    """Issue 18: the error is about the file that caused it; choosing the next file clears it."""
    old_excel = tmp_path / "古い形式.xls"
    old_excel.write_bytes(b"\xd0\xcf\x11\xe0 not really a workbook")
    good = tmp_path / "catalogue.csv"
    good.write_bytes(CSV.encode("cp932"))
    login(page, live_app, "admin-b@example.com")
    page.goto(live_app.url + "/admin/upload")
    page.set_input_files("input[type=file]", str(old_excel))
    page.click("#upload-button")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(".xlsx として保存し直してください")
    page.set_input_files("input[type=file]", str(good))
    expect(alert).to_have_count(0)
    expect(page.get_by_text("catalogue.csv")).to_be_visible()  # the chosen file, ready to upload


def test_nothing_to_import_cannot_be_committed_and_old_errors_do_not_come_back(
    live_app: LiveApp, page: Page, tmp_path: Path
) -> None:
    only_errors = tmp_path / "errors_only.csv"
    only_errors.write_bytes("ブランド,型番,商品名,価格\n,BAD-ROW,ブランドなし,100\n".encode())
    old_excel = tmp_path / "old.xls"
    old_excel.write_bytes(b"\xd0\xcf\x11\xe0 not really a workbook")
    login(page, live_app, "admin-b@example.com")
    page.goto(live_app.url + "/admin/upload")
    page.set_input_files("input[type=file]", str(only_errors))
    page.click("#upload-button")
    expect(page.locator("#count-add")).to_contain_text("0")
    expect(page.locator("#commit-import")).to_be_disabled()
    expect(page.locator("#nothing-to-import")).to_contain_text("取り込む内容がありません")
    page.get_by_role("button", name="取り消す").click()
    page.set_input_files("input[type=file]", str(old_excel))
    page.click("#upload-button")
    expect(page.get_by_role("alert")).to_contain_text(".xlsx")
    page.goto(live_app.url + "/admin/staff")
    page.goto(live_app.url + "/admin/upload")
    expect(page.get_by_role("heading", name="カタログ取込", exact=True)).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
