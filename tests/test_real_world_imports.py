"""Catalogue files as shops really export them, and searches as staff really type them (issue 16).

The handed files are in tests/data/cases/; each test also covers other cases of the same kind.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import Session, select

from horologen import config
from horologen.models import MasterProduct
from horologen.services.catalogue import brands, search
from horologen.services.catalogue import upload as catalogue_upload
from horologen.services.catalogue.files import CatalogueFileError, parse_catalogue, parse_price
from horologen.services.catalogue.normalise import clean_text, normalise_key
from tests.support import factories as f

CASES = Path(__file__).parent / "data" / "cases"


def case(name: str) -> bytes:
    return (CASES / name).read_bytes()


def rows_of(data: bytes, filename: str) -> list[tuple[str, str, int]]:
    return [(r.brand, r.reference, r.price_jpy) for r in parse_catalogue(data, filename).rows]


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet_xml(data: bytes, edit) -> bytes:
    """The same workbook with its first sheet's XML rewritten, as other exporters write it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = edit(content.decode()).encode()
            target.writestr(info.filename, content)
    return out.getvalue()


# 2. Excel float noise, and other number formats Excel and POS systems write
@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (1357400.0000000002, 1357400),
        (1979999.9999999998, 1980000),
        ("1357400.0000000002", 1357400),
        ("1,980,000.00", 1980000),
        ("¥2,100,000（税込）", 2100000),  # 7. price notes
        ("1,500,000円(税込)", 1500000),
        ("3,000,000-", 3000000),
        ("¥1,980,000-", 1980000),
        ("2,500,000円（税抜）", 2500000),
        ("198万円", 1980000),
        ("１９８万円", 1980000),
        ("\\5,280,000", 5280000),
    ],
)
def test_prices_as_shops_write_them(raw: object, value: int) -> None:
    assert parse_price(raw) == value


@pytest.mark.parametrize("raw", ["価格応談", "1980000.5", "-3,000,000", "ASK", "1.23456万", float("nan")])
def test_not_prices(raw: object) -> None:
    with pytest.raises(ValueError):
        parse_price(raw)


def test_float_noise_file() -> None:
    assert rows_of(case("c08_float_price.xlsx"), "c08_float_price.xlsx") == [
        ("ROLEX", "126610LN", 1357400),
        ("ROLEX", "126610LV", 1980000),
    ]


# 3. wrong sheet dimension: "A1" (rows lost) and "A1:XFD1048576" with one far cell (a bomb)
def test_wrong_dimension_reads_what_is_there() -> None:
    assert rows_of(case("c10_wrong_dimension.xlsx"), "c10.xlsx") == [
        ("ROLEX", "126610LN", 1980000),
        ("OMEGA", "310.30.42.50.01.001", 1100000),
    ]
    other = with_sheet_xml(
        xlsx([["ブランド", "型番", "価格"], ["SEIKO", "SBGA211", 935000], ["TUDOR", "79360N", 700000]]),
        lambda xml: xml.replace('<dimension ref="A1:C3"/>', '<dimension ref="B2"/>'),
    )
    assert [r[1] for r in rows_of(other, "other.xlsx")] == ["SBGA211", "79360N"]


def test_a_declared_million_rows_is_refused_quickly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "MAX_SCANNED_ROWS", 5_000)
    bomb = with_sheet_xml(
        xlsx([["ブランド", "型番", "価格"], ["ROLEX", "1", 1]]),
        lambda xml: xml.replace('<dimension ref="A1:C2"/>', '<dimension ref="A1:XFD1048576"/>').replace(
            "</sheetData>", '<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
        ),
    )
    assert len(bomb) < 10_000
    with pytest.raises(CatalogueFileError, match="行数が多すぎます"):
        parse_catalogue(bomb, "bomb.xlsx")


def test_inflated_size_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    data = xlsx([["ブランド", "型番", "価格"], *[["ROLEX", f"R{i}", 1000] for i in range(500)]])
    monkeypatch.setattr(config, "MAX_XLSX_INFLATED_BYTES", 20_000)
    with pytest.raises(CatalogueFileError, match="展開後"):
        parse_catalogue(data, "big.xlsx")


# 4. two-row headers: read the tax-included price, whichever order the sub-columns come in
def test_merged_two_row_header_takes_the_tax_included_price() -> None:
    parsed = parse_catalogue(case("c11_merged_header.xlsx"), "c11.xlsx")
    assert [(r.reference, r.price_jpy) for r in parsed.rows] == [("126610LN", 1980000)]
    swapped = xlsx(
        [
            ["ブランド", "型番", "価格", None, "状態"],
            [None, None, "税込", "税抜", None],
            ["OMEGA", "X1", 1100000, 1000000, "A"],
        ]
    )
    parsed = parse_catalogue(swapped, "swapped.xlsx")
    assert [(r.reference, r.price_jpy, r.specs.get("状態")) for r in parsed.rows] == [("X1", 1100000, "A")]


@pytest.mark.parametrize(
    "header",
    [
        "ブランド,型番,税抜価格,税込価格",
        "ブランド,型番,本体価格,価格（税込）",
        "ブランド,型番,価格(税別),販売価格(税込)",
        "ブランド,型番,税込価格,仕入価格",
    ],
)
def test_several_price_columns_take_the_tax_included_one(header: str) -> None:
    data = f"{header}\nROLEX,126610LN,1800000,1980000\n".encode()
    if header.endswith("仕入価格"):
        data = f"{header}\nROLEX,126610LN,1980000,1200000\n".encode()
    assert rows_of(data, "prices.csv") == [("ROLEX", "126610LN", 1980000)]


def test_a_data_row_after_the_header_is_not_taken_for_a_second_header() -> None:
    data = xlsx([["ブランド", "型番", "価格"], [None, None, "税込"], ["ROLEX", "A1", 1]])
    assert rows_of(data, "x.xlsx") == [("ROLEX", "A1", 1)]
    data = "ブランド,型番,価格\n,,1000\nROLEX,A2,5\n".encode()
    parsed = parse_catalogue(data)
    assert [r.reference for r in parsed.rows] == ["A2"] and parsed.errors[0].reason == "ブランドが空です"


# 5. delimiters and encodings Excel writes
def test_tab_delimited_text() -> None:
    assert rows_of(case("c06_excel_tab_cp932.txt"), "c06.txt") == [("ROLEX", "126610LN", 1980000)]
    utf16 = "ブランド\t型番\t価格\r\nOMEGA\t310.30.42.50.01.001\t1100000\r\n".encode("utf-16")
    assert rows_of(utf16, "unicode.txt") == [("OMEGA", "310.30.42.50.01.001", 1100000)]
    semicolon = b"Brand;Reference;Price\nROLEX;126610LN;1980000\n"
    assert rows_of(semicolon, "eu.csv") == [("ROLEX", "126610LN", 1980000)]


# 6. invisible characters wherever text enters
def test_invisible_characters_in_cells() -> None:
    parsed = parse_catalogue(case("c04_zwsp_nbsp.csv"), "c04.csv")
    assert [(r.brand, r.reference) for r in parsed.rows] == [
        ("ROLEX", "126610LN"),
        ("ROLEX", "126610LV"),
        ("ROLEX", "124060"),
        ("ROLEX", "116500LN"),
    ]
    assert [e.line for e in parsed.errors] == [3]  # 126610LN + U+200B is the same watch as line 2


@pytest.mark.parametrize(
    "mark", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u202a", "\x00"]
)
def test_every_invisible_kind_is_dropped(mark: str) -> None:
    assert normalise_key(f"126{mark}610LN") == "126610LN"
    assert clean_text(f"{mark}ROLEX{mark}") == "ROLEX"


# 7. price notes in a file
def test_price_notes_file() -> None:
    assert [p for _, _, p in rows_of(case("c03_price_notes.csv"), "c03.csv")] == [
        1980000,
        2100000,
        1500000,
        3000000,
        2500000,
    ]


@pytest.fixture()
def shop(session: Session):
    tenant = f.tenant(session, "Tenant A")
    admin = f.actor(f.user(session, tenant, "admin"))
    staff = f.actor(f.user(session, tenant, "staff"))
    return tenant, admin, staff


def upload(session: Session, admin, data: bytes, filename: str, update_prices: bool = False):
    preview = catalogue_upload.preview_upload(session=session, actor=admin, filename=filename, data=data)
    result = catalogue_upload.commit_upload(
        session=session, actor=admin, upload_id=preview.upload_id, update_prices=update_prices
    )
    return preview, result


# 1. katakana brands fold into the Latin ones: import, search and the brand list
def test_katakana_brands_fold_into_existing_products(session: Session, shop) -> None:
    tenant, admin, staff = shop
    latin = (
        "ブランド,型番,価格\nROLEX,126500LN,5000000\nPATEK PHILIPPE,5711/1A-010,18000000\n"
        "OMEGA,310.30.42.50.01.001,1000000\n"
    ).encode()
    upload(session, admin, latin, "latin.csv")
    preview, result = upload(session, admin, case("katakana_brands_cp932.csv"), "katakana.csv")
    assert preview.existing == 3 and result.skipped == 3
    assert result.added == 4  # 124060, SBGA211, WSSA0018, and M79360N-0001 (価格応談: no price)
    rows = session.exec(select(MasterProduct).where(MasterProduct.tenant_id == tenant.id)).all()
    assert sorted((p.brand_key, p.reference_key) for p in rows) == sorted(
        {(p.brand_key, p.reference_key) for p in rows}
    ), "no watch twice"
    by_ref = {p.reference: p for p in rows}
    assert by_ref["5711/1A-010"].price_jpy == 18000000  # never a second row with the other price
    assert by_ref["WSSA0018"].brand == "CARTIER" and by_ref["WSSA0018"].brand_key == "CARTIER"
    listed = {b.brand: b.count for b in brands.list_brands(session=session, actor=staff)}
    assert listed["ROLEX"] == 2 and listed["PATEK PHILIPPE"] == 1 and "ロレックス" not in listed
    for brand in ("ロレックス", "rolex", "ＲＯＬＥＸ", "\ufeffROLEX"):
        assert search.search_references(session=session, actor=staff, brand=brand).count == 2
    assert search.search_references(session=session, actor=staff, brand="パテック・フィリップ").count == 1


def test_shop_alias_folds_future_imports_and_stored_products(session: Session, shop) -> None:
    _, admin, staff = shop
    upload(session, admin, "ブランド,型番,価格\nロレ,116610LN,1\n".encode(), "a.csv")
    assert brands.add_brand_alias(session=session, actor=admin, alias="ロレ", brand="ロレックス") == 1
    assert search.search_references(session=session, actor=staff, brand="ROLEX").count == 1
    _, result = upload(session, admin, "ブランド,型番,価格\nROLEX,116610-LN,2\n".encode(), "b.csv")
    assert result.added == 0 and result.skipped == 1


# 8. the IME's prolonged sound mark and other dashes as a hyphen; invisible characters in queries
@pytest.mark.parametrize(
    "query",
    ["１２６６１０ーＬＮ", "126610ｰLN", "126610‐LN", "126610－LN", "126610—LN", "126610\u200bLN", "\ufeff126610ln"],
)
def test_queries_as_phones_and_imes_type_them(session: Session, shop, query: str) -> None:
    tenant, _, staff = shop
    f.product(session, tenant, "ROLEX", "126610LN")
    page = search.search_references(session=session, actor=staff, query=query)
    assert [p.reference for p in page.items] == ["126610LN"]


# 9. references written longer than the catalogue's: makers' prefixes and suffixes
@pytest.mark.parametrize(
    ("catalogue", "query"),
    [
        ("126610LN", "M126610LN-0001"),  # Rolex article number
        ("SBGA211", "SBGA211G"),  # Seiko regional suffix
        ("79360N", "M79360N-0001"),  # Tudor
        ("WSSA0018", "CRWSSA0018"),  # Cartier's CR prefix
        ("5711/1A-010", "5711/1A-010G"),
    ],
)
def test_longer_references_find_the_catalogue_one(session: Session, shop, catalogue: str, query: str) -> None:
    tenant, _, staff = shop
    f.product(session, tenant, "X", catalogue)
    f.product(session, tenant, "X", "A1")  # short references never match every long query
    page = search.search_references(session=session, actor=staff, query=query)
    assert [p.reference for p in page.items] == [catalogue]


def test_direct_matches_rank_above_a_contained_reference(session: Session, shop) -> None:
    tenant, _, staff = shop
    f.product(session, tenant, "ROLEX", "126610LN")
    f.product(session, tenant, "ROLEX", "M126610LN-0001")
    page = search.search_references(session=session, actor=staff, query="M126610LN-0001")
    assert [p.reference for p in page.items] == ["M126610LN-0001", "126610LN"]


# 10. the preview shows the catalogue's price beside the file's, and what an update would change
def test_preview_shows_current_prices_and_changes(session: Session, shop) -> None:
    tenant, admin, _ = shop
    f.product(session, tenant, "ROLEX", "126610LN", price_jpy=1_980_000)
    f.product(session, tenant, "OMEGA", "X1", price_jpy=500_000)
    data = "ブランド,型番,価格\nロレックス,126610-LN,1890000\nOMEGA,X1,500000\nSEIKO,S1,1\n".encode()
    preview = catalogue_upload.preview_upload(session=session, actor=admin, filename="p.csv", data=data)
    assert preview.existing == 2 and preview.to_add == 1 and preview.price_changes == 1
    assert {r.reference: preview.current_prices[r.line] for r in preview.sample_existing} == {
        "126610-LN": 1_980_000,
        "X1": 500_000,
    }


# 1. existing data: spellings stored before folding are reported and merged by the admin, audited
def test_duplicate_report_and_audited_merge(session: Session, shop) -> None:
    from horologen.models import Article, AuditLog
    from horologen.services.accounts.access import AccessDenied
    from horologen.services.catalogue import duplicates

    tenant, admin, staff = shop
    latin = f.product(session, tenant, "ROLEX", "126610LN", price_jpy=1_980_000)
    old = f.product(session, tenant, "ロレックス", "126610-LN", price_jpy=1_890_000)
    f.product(session, tenant, "OMEGA", "X1")
    staff_user = staff.user_id
    session.add(Article(tenant_id=tenant.id, user_id=staff_user, product_id=old.id, status="done", title="旧"))
    session.commit()
    groups = duplicates.find_duplicates(session=session, actor=admin)
    assert [(g.brand_key, g.reference_key, [p.id for p in g.products]) for g in groups] == [
        ("ROLEX", "126610LN", [latin.id, old.id])
    ]
    assert groups[0].products[1].articles == 1
    assert [s.spellings for s in duplicates.brand_spellings(session=session, actor=admin)] == [["ROLEX", "ロレックス"]]
    other_shop = f.actor(f.user(session, f.tenant(session, "Tenant B"), "admin"))
    for actor in (staff, other_shop):
        with pytest.raises(AccessDenied):
            duplicates.merge_duplicates(session=session, actor=actor, keep_id=latin.id)
    assert duplicates.merge_duplicates(session=session, actor=admin, keep_id=latin.id) == 1
    session.expire_all()
    assert session.get(MasterProduct, old.id) is None
    assert session.exec(select(Article)).one().product_id == latin.id
    entry = session.exec(select(AuditLog).where(AuditLog.action == "catalogue_merge")).one()
    assert entry.detail["removed"][0]["price_jpy"] == 1_890_000 and entry.user_id == admin.user_id
    assert duplicates.find_duplicates(session=session, actor=admin) == []


def test_the_invisible_class_is_every_format_and_control_character() -> None:
    import sys
    import unicodedata

    from horologen.services.catalogue.normalise import INVISIBLE

    for code in range(sys.maxunicode + 1):
        char = chr(code)
        invisible = unicodedata.category(char) in ("Cf", "Cc") and char not in "\t\n\r"
        assert bool(INVISIBLE.fullmatch(char)) == invisible, hex(code)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ロレックス 126610", ["126610LN", "126610LV"]),
        ("ROLEX 126610LV", ["126610LV"]),
        ("126610lv rolex", ["126610LV"]),
        ("ろれ", ["126610LN", "126610LV"]),  # the shop's own alias
        ("オメガ", ["X1"]),
        ("126610", ["126610LN", "126610LV"]),
    ],
)
def test_brand_words_typed_in_the_reference_box(session: Session, shop, query: str, expected: list[str]) -> None:
    tenant, admin, staff = shop
    for reference in ("126610LN", "126610LV"):
        f.product(session, tenant, "ROLEX", reference)
    f.product(session, tenant, "OMEGA", "X1")
    brands.add_brand_alias(session=session, actor=admin, alias="ろれ", brand="ROLEX")
    page = search.search_references(session=session, actor=staff, query=query)
    assert sorted(p.reference for p in page.items) == expected


def test_header_only_file_and_long_cells_are_clear() -> None:
    with pytest.raises(CatalogueFileError, match="データの行がありません"):
        parse_catalogue("ブランド,型番,価格\n".encode())
    parsed = parse_catalogue(("ブランド,型番,商品名,価格,備考\nROLEX,1,x,1," + "長" * 2001 + "\n").encode())
    assert parsed.errors[0].reason.startswith("E 列「備考」が長すぎます（2,000 文字まで）。その行は取り込みません")
    assert parsed.errors[0].column == "E"
    parsed = parse_catalogue(("ブランド,型番,商品名,価格\nROLEX,1," + "n" * 301 + ",1\n").encode())
    assert parsed.errors[0].reason == "商品名が長すぎます（300 文字まで）"
    with pytest.raises(CatalogueFileError, match="2 行目付近に長すぎるセル"):
        parse_catalogue(("ブランド,型番,価格\nROLEX,126610LN," + "9" * (200 * 1024) + "\n").encode())
