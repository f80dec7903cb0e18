"""Reading catalogue exports: encodings, Japanese headers, prices, broken rows with line numbers."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from horologen.config import PROJECT_ROOT
from horologen.services.catalogue.files import CatalogueFileError, parse_catalogue, parse_price

SAMPLE = (PROJECT_ROOT / "horologen" / "demo" / "sample_catalogue.csv").read_bytes()


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("¥1,980,000", 1980000),
        ("1234000円", 1234000),
        ("１，２３４，０００", 1234000),
        ("￥98,000 税込", 98000),
        ("\\1,650,000", 1650000),
        (123456, 123456),
        (123456.0, 123456),
    ],
)
def test_prices(raw: object, value: int) -> None:
    assert parse_price(raw) == value


@pytest.mark.parametrize("raw", ["ASK", "12.5", "-5", "", True])
def test_bad_prices(raw: object) -> None:
    with pytest.raises(ValueError):
        parse_price(raw)


def test_sample_catalogue_utf8_bom_and_cp932_read_the_same() -> None:
    text = SAMPLE.decode("utf-8")
    results = [
        parse_catalogue(data) for data in (SAMPLE, b"\xef\xbb\xbf" + SAMPLE, text.replace("¥", "\\").encode("cp932"))
    ]
    for parsed in results:
        assert len(parsed.rows) == 16 and parsed.errors == []
    first = results[2].rows[0]
    assert (first.brand, first.reference, first.name, first.price_jpy) == (
        "ROLEX",
        "126610LN",
        "サブマリーナー デイト",
        1980000,
    )
    assert first.specs["ケース径"] == "41mm" and first.specs["付属品"] == "箱・保証書"


def test_broken_rows_are_reported_with_line_numbers() -> None:
    data = (
        b"brand,reference,price_jpy,name\n"
        b"ROLEX,126610LN,1980000,Sub\n"
        b",NOBRAND,100,x\n"
        b"OMEGA,,100,x\n"
        b"OMEGA,311.30,1.98O.000,x\n"  # a letter O: not a price (ASK is no price, imported)
        b"ROLEX,126610LN,1990000,dup\n"
        b"\n"
        b"TUDOR,79360N,748000\n"
    )
    parsed = parse_catalogue(data)
    assert [r.reference for r in parsed.rows] == ["126610LN", "79360N"]
    assert [(e.line, e.reason[:4]) for e in parsed.errors] == [
        (3, "ブランド"),
        (4, "型番が空"),
        (5, "価格を読"),
        (6, "2 行目"),
    ]


def test_xlsx() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ブランド", "型番", "税込価格", "ケース径"])
    sheet.append(["OMEGA", "310.30.42.50.01.001", 1012000, "42mm"])
    sheet.append([None, None, None, None])
    sheet.append(["SEIKO", "SBDC101", "¥98,000", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = parse_catalogue(buffer.getvalue(), "export.xlsx")
    assert [(r.reference, r.price_jpy) for r in parsed.rows] == [
        ("310.30.42.50.01.001", 1012000),
        ("SBDC101", 98000),
    ]
    assert parsed.rows[0].specs == {"ケース径": "42mm"}


def test_missing_columns_and_undecodable_files_are_clear() -> None:
    with pytest.raises(CatalogueFileError, match="型番"):
        parse_catalogue("ブランド,価格\nROLEX,1\n".encode())
    with pytest.raises(CatalogueFileError, match="文字コード"):
        parse_catalogue(b"\xff\xfe\x00\x81\x00")


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ("ブランド,型番,価格（税込）", "price_jpy"),
        ("ブランド,型番,税込価格(円)", "price_jpy"),
        ("　ブランド　, Ref No. ,販売価格【税込】", "price_jpy"),
        ("Brand,Reference,Price", "price_jpy"),
    ],
)
def test_header_variants_map(headers: str, expected: str) -> None:
    parsed = parse_catalogue(f"{headers}\nROLEX,126610LN,1980000\n".encode())
    assert [(r.brand, r.reference, r.price_jpy) for r in parsed.rows] == [("ROLEX", "126610LN", 1980000)]


def test_cost_price_is_never_taken_for_the_selling_price() -> None:
    with pytest.raises(CatalogueFileError, match="価格"):
        parse_catalogue("ブランド,型番,仕入価格\nROLEX,126610LN,1500000\n".encode())
    parsed = parse_catalogue("ブランド,型番,仕入価格,税込価格\nROLEX,126610LN,1500000,1980000\n".encode())
    row = parsed.rows[0]
    assert row.price_jpy == 1980000 and row.specs == {}  # a cost column is never imported
    assert parsed.private_columns == ["仕入価格"]


def test_awkward_cells() -> None:
    data = (
        "ブランド,型番,商品名,税込価格,備考\n"
        'ROLEX,"126610LN",サブマリーナー,"1,980,000 円","箱・保証書\n（2023年）"\n'
        "  rolex  ,１２６６１０ＬＶ,グリーン,2380000.0,\n"
    ).encode()
    parsed = parse_catalogue(data)
    assert [(r.brand, r.reference, r.price_jpy) for r in parsed.rows] == [
        ("ROLEX", "126610LN", 1980000),
        ("rolex", "126610LV", 2380000),
    ]
    assert parsed.rows[0].specs["備考"] == "箱・保証書 （2023年）"  # Japanese punctuation kept


def test_header_found_below_a_title_row() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["商品一覧 2026年11月"])
    sheet.append([])
    sheet.append(["ブランド", "型番", "税込価格"])
    sheet.append(["OMEGA", "310.30.42.50.01.001", 1012000])
    sheet.append(["", "NOBRAND", 5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = parse_catalogue(buffer.getvalue(), "export.xlsx")
    assert [(r.line, r.reference) for r in parsed.rows] == [(4, "310.30.42.50.01.001")]
    assert [(e.line, e.reason) for e in parsed.errors] == [(5, "ブランドが空です")]


def test_catalogue_sheet_found_after_a_cover_sheet() -> None:
    workbook = Workbook()
    cover = workbook.active
    cover.title = "表紙"
    cover.append(["2026年11月 在庫一覧"])
    data_sheet = workbook.create_sheet("在庫")
    data_sheet.append(["ブランド", "型番", "税込価格"])
    data_sheet.append(["SEIKO", "SBDC101", 98000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = parse_catalogue(buffer.getvalue(), "book.xlsx")
    assert [(r.brand, r.reference) for r in parsed.rows] == [("SEIKO", "SBDC101")]
