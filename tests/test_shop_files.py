"""Shop catalogue files as the shop sees them (issue 25 item 5): every case of
tests/data/shop_files/cases.json through parse_catalogue, one test per case and aspect, and the
letter-O references through search.

The cases were written from public sources by someone who did not read the importer; their
expectations are never edited here. Stock numbers and pieces, sold and reserved states and prices
that are not prices (issue 25 items A and C) are built, so their aspects pass without marks; the
change reports of the corr_* pairs are also checked through the upload preview on both databases in
test_catalogue_corrections.py. Where this code follows the issue against cases.json (hidden rows are
read and counted), and where an expectation belongs to no item of this brief (a footnote row under
the table), the aspect stays xfail(strict=True) and the mark says why.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlmodel import Session, select

from horologen.models import MasterProduct
from horologen.services.catalogue import search
from horologen.services.catalogue import upload as catalogue_upload
from horologen.services.catalogue.cell_text import shown_text
from horologen.services.catalogue.encodings import decode_text
from horologen.services.catalogue.files import CatalogueFileError, CatalogueRow, ParsedCatalogue, parse_catalogue
from tests.support import factories as f

FOLDER = Path(__file__).parent / "data" / "shop_files"
SPEC = json.loads((FOLDER / "cases.json").read_text(encoding="utf-8"))
CASES = {case["file"]: case for case in SPEC["cases"]}
ALIASES = {key: set(spellings) for key, spellings in SPEC["spec_key_aliases"].items()}
STOCK_HEADERS = ("管理番号", "在庫番号", "商品管理番号", "SKU", "Stock No.")  # where stock numbers sit today

HIDDEN_ROWS = "issue 25 item 5 reads hidden rows and counts them; cases.json skips them (disagreement)"
FOOTNOTE = "not in issue 25 item 5: a footnote row under the table is still a row error (cases.json: not one)"
EXPECTED_FAILURES: dict[tuple[str, str], str] = {
    ("sheets_hidden_rows.xlsx", "counts"): HIDDEN_ROWS,
    ("sheets_hidden_rows.xlsx", "not_imported"): HIDDEN_ROWS,
    ("hdr_title_row.xlsx", "counts"): FOOTNOTE,
    ("hdr_title_row.xlsx", "errors"): FOOTNOTE,
}


def _aspects(case: dict[str, Any]) -> list[str]:
    expect = case["expect"]
    wanted = {
        "counts": True,
        "products": bool(expect.get("products")),
        "stock": any(p.get("stock_number") for p in expect.get("products", [])),
        "errors": "errors" in expect,
        "warnings": bool(expect.get("warnings") or expect.get("problems")),
        "sheets": "skipped_sheets" in expect or "hidden_rows" in expect,
        "not_imported": bool(expect.get("must_not_import_stock")),
        "leaks": bool(expect.get("must_not_contain_values")),
        "changes": "changes_vs" in expect,
    }
    return [aspect for aspect, present in wanted.items() if present]


def _params() -> list[Any]:
    params = []
    for file, case in CASES.items():
        for aspect in _aspects(case):
            reason = EXPECTED_FAILURES.get((file, aspect))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(pytest.param(file, aspect, id=f"{file}-{aspect}", marks=marks))
    return params


def test_every_expected_failure_names_a_real_case_and_aspect() -> None:
    for file, aspect in EXPECTED_FAILURES:
        assert aspect in _aspects(CASES[file]), (file, aspect)


def parse(file: str) -> ParsedCatalogue | CatalogueFileError:
    try:
        return parse_catalogue((FOLDER / file).read_bytes(), file)
    except CatalogueFileError as exc:
        return exc


def stock_of(row: CatalogueRow) -> str | None:
    """The row's stock number: its own field once pieces are built, else the stock column's spec."""
    own = getattr(row, "stock_number", None)
    return own or next((row.specs[h] for h in STOCK_HEADERS if h in row.specs), None)


def find(parsed: ParsedCatalogue, product: dict[str, Any]) -> list[CatalogueRow]:
    if product.get("stock_number"):
        return [row for row in parsed.rows if stock_of(row) == product["stock_number"]]
    return [row for row in parsed.rows if row.brand == product["brand"] and same_reference(row, product)]


def same_reference(row: CatalogueRow, product: dict[str, Any]) -> bool:
    if product.get("reference_compare") == "case-insensitive":
        return row.reference.upper() == product["reference"].upper()
    return row.reference == product["reference"]


def spec_value(row: CatalogueRow, key: str) -> str | None:
    spellings = next((group for group in ALIASES.values() if key in group), {key})
    return next((row.specs[k] for k in row.specs if k in spellings and row.specs[k]), None)


def check_product(row: CatalogueRow, product: dict[str, Any]) -> None:
    assert row.brand == product["brand"] and same_reference(row, product)
    assert row.name == product["name"]
    assert (row.price_state, row.price_jpy) == (product["price_state"], product["price_jpy"]), "price / price_state"
    for key, value in product.get("specs", {}).items():
        assert spec_value(row, key) == value, key
    for value in product.get("spec_values_include", []):
        assert value in row.specs.values(), value


def names_place(problem: Any, expected: dict[str, Any]) -> bool:
    """A reported problem (RowError, or the refusal's message) names the expected line(s),
    column(s) and quoted strings."""
    message = str(problem) if isinstance(problem, Exception) else problem.reason
    lines = expected.get("lines") or [expected["line"]]
    columns = expected.get("columns") or ([expected["column"]] if expected.get("column") else [])
    if isinstance(problem, Exception):
        line_ok = f"{lines[0]} 行目" in message
    else:
        line_ok = problem.line in lines or all(f"{n} 行目" in message for n in lines)
    given = set(getattr(problem, "column", "").split(","))
    columns_ok = all(c in given or f"{c} 列" in message for c in columns)
    return line_ok and columns_ok and all(text in message for text in expected.get("contains", []))


def all_text(row: CatalogueRow) -> list[str]:
    return [row.brand, row.reference, row.name, *row.specs, *row.specs.values()]


@pytest.mark.parametrize(("file", "aspect"), _params())
def test_shop_file(file: str, aspect: str) -> None:
    case = CASES[file]
    expect = case["expect"]
    parsed = parse(file)
    if isinstance(parsed, CatalogueFileError):  # refused: only a case that expects nothing imported
        assert expect["product_count"] == 0 and aspect in ("counts", "errors"), str(parsed)
        if aspect == "errors":
            assert all(names_place(parsed, error) for error in expect["errors"]), str(parsed)
        return
    if aspect == "counts":
        assert len(parsed.rows) == expect["product_count"]
        if "rows_read" in expect:
            assert len(parsed.rows) + len(parsed.errors) == expect["rows_read"]
        if "header_row" in expect:
            assert min(r.line for r in [*parsed.rows, *parsed.errors]) == expect["header_row"] + 1
    elif aspect == "products":
        for product in expect["products"]:
            found = find(parsed, product)
            assert len(found) == 1, product
            check_product(found[0], product)
    elif aspect == "stock":
        stocks = [stock_of(row) for row in parsed.rows]
        for product in expect["products"]:
            if product.get("stock_number"):
                assert stocks.count(product["stock_number"]) == 1, product["stock_number"]
    elif aspect == "errors":
        assert {e.line for e in parsed.errors} == {n for e in expect["errors"] for n in e.get("lines") or [e["line"]]}
        for error in expect["errors"]:
            assert any(names_place(e, error) for e in parsed.errors), error
    elif aspect == "warnings":
        for warning in [*expect.get("warnings", []), *expect.get("problems", [])]:
            assert any(names_place(p, warning) for p in [*parsed.warnings, *parsed.errors]), warning
    elif aspect == "sheets":
        assert parsed.skipped_sheets == expect.get("skipped_sheets", [])
        assert expect.get("sheet_read") not in parsed.skipped_sheets
        assert parsed.hidden_rows == expect.get("hidden_rows", 0)
    elif aspect == "not_imported":
        assert not {stock_of(row) for row in parsed.rows} & set(expect["must_not_import_stock"])
    elif aspect == "leaks":
        for value in expect["must_not_contain_values"]:
            for row in parsed.rows:
                assert row.price_jpy != value and not any(str(value) in text for text in all_text(row)), (value, row)
    elif aspect == "changes":
        check_changes(expect, parsed)


def _fields(row: CatalogueRow) -> dict[str, object]:
    fields: dict[str, object] = {"brand": row.brand, "reference": row.reference, "name": row.name}
    fields |= {"price_jpy": row.price_jpy, "price_state": row.price_state}
    return fields | {k: v for k, v in row.specs.items() if k not in STOCK_HEADERS}


def check_changes(expect: dict[str, Any], parsed: ParsedCatalogue) -> None:
    """The re-upload against the first file, compared on the parsed values the way a change report
    must (a full-width Ａ, `858,000` against 858000 or a trailing space is no change)."""
    before = parse(expect["changes_vs"])
    assert isinstance(before, ParsedCatalogue)

    def keyed(rows: list[CatalogueRow]) -> dict[str, dict[str, object]]:
        by_stock = expect["change_key"] == "stock_number"
        return {(stock_of(r) if by_stock else f"{r.brand}|{r.reference}") or "": _fields(r) for r in rows}

    old, new = keyed(before.rows), keyed(parsed.rows)
    assert sorted(set(new) - set(old)) == sorted(expect["added"])
    assert sorted(set(old) - set(new)) == sorted(expect["removed"])
    for key in set(old) & set(new):
        changed = {
            field: [old[key].get(field), new[key].get(field)]
            for field in set(old[key]) | set(new[key])
            if old[key].get(field) != new[key].get(field)
        }
        assert changed == expect["changed_fields"].get(key, {}), key
    assert all(key in old and key in new for key in expect["unchanged"])


# ---------------------------------------------------------------- the rules behind the cases, directly


def test_hidden_rows_are_read_and_counted() -> None:
    """Issue 25 item 5: what is in the file is imported; the preview says how many rows were hidden."""
    parsed = parse("sheets_hidden_rows.xlsx")
    assert isinstance(parsed, ParsedCatalogue)
    assert [r.line for r in parsed.rows] == [2, 3, 4, 5, 6] and parsed.hidden_rows == 2
    assert parsed.private_columns == ["仕入値"]  # the hidden cost column is a cost column: never imported


def book(*sheets: tuple[str, str, list[list[object]]], active: int = 0) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, state, rows in sheets:
        sheet = workbook.create_sheet(title)
        sheet.sheet_state = state
        for row in rows:
            sheet.append(row)
    workbook.active = active
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


CATALOGUE = [["ブランド", "型番", "価格"], ["ROLEX", "126610LN", 1980000]]


def test_a_formula_saved_without_its_result_is_named_not_read_as_a_blank_price() -> None:
    """A workbook written by a program (openpyxl here) keeps formulas and no results: the row says
    to open and save it in Excel, not that the price is empty; a computed cell Excel saved is read."""
    rows = [
        ["ブランド", "型番", "価格", "原価"],
        ["ROLEX", "126610LN", "=D2*1.1", 1800000],
        ["OMEGA", "310.30.42.50.01.001", 880000, 800000],
        ['=UPPER("cartier")', "WSSA0018", 1050000, 900000],
    ]
    parsed = parse_catalogue(book(("在庫", "visible", rows)), "catalogue.xlsx")
    assert [r.reference for r in parsed.rows] == ["310.30.42.50.01.001"]
    assert [(e.line, e.column) for e in parsed.errors] == [(2, "C"), (4, "A")]
    assert parsed.errors[0].reason.startswith("価格のセルは数式で、計算結果が保存されていません")
    assert parsed.errors[1].reason.startswith("ブランドのセルは数式で")
    # The same workbook as Excel saves it: the formula beside its result, read as the result.
    with zipfile.ZipFile(io.BytesIO(book(("在庫", "visible", rows)))) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = next(name for name in parts if name.startswith("xl/worksheets/sheet"))
    parts[sheet] = parts[sheet].replace(b"<f>D2*1.1</f><v />", b"<f>D2*1.1</f><v>1980000</v>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in parts.items():
            target.writestr(name, content)
    saved = parse_catalogue(out.getvalue(), "catalogue.xlsx")
    assert [(r.reference, r.price_jpy) for r in saved.rows] == [("126610LN", 1980000), ("310.30.42.50.01.001", 880000)]


def test_a_hidden_active_sheet_gives_way_to_the_first_visible_catalogue() -> None:
    old = ("旧", "hidden", [["ブランド", "型番", "価格"], ["ROLEX", "116610LN", 1]])
    data = book(old, ("表紙", "visible", [["在庫一覧"]]), ("在庫", "visible", CATALOGUE), active=0)
    parsed = parse_catalogue(data, "book.xlsx")
    assert [r.reference for r in parsed.rows] == ["126610LN"] and parsed.skipped_sheets == ["旧", "表紙"]


def test_a_workbook_with_every_sheet_hidden_is_refused_clearly() -> None:
    data = book(("在庫", "visible", CATALOGUE))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml")
    xml = xml.replace(b'state="visible"', b'state="hidden"')
    with pytest.raises(CatalogueFileError, match="表示されているシート"):
        parse_catalogue(rezip(data, {"xl/workbook.xml": xml}), "book.xlsx")


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
    return out.getvalue()


def test_a_doctype_or_an_entity_bomb_in_the_sheet_xml_is_refused() -> None:
    data = book(("在庫", "visible", CATALOGUE))
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    small = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + sheet
    entities = "".join(f'<!ENTITY {chr(98 + i)} "{f"&{chr(97 + i)};" * 10}">' for i in range(8))
    bomb = f'<!DOCTYPE x [<!ENTITY a "{"a" * 100}">{entities}]>'.encode() + sheet.replace(b"ROLEX", b"&i;")
    for xml in (small, bomb):
        with pytest.raises(CatalogueFileError, match="XLSX"):
            parse_catalogue(rezip(data, {"xl/worksheets/sheet1.xml": xml}), "book.xlsx")


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (3570.5, "0.00", "3570.50"),
        (12, "000000", "000012"),
        (14060.0, "General", "14060"),
        (14060.0, "0", "14060"),
        (1980000, "#,##0", "1,980,000"),
        (1980000.0, '"¥"#,##0', "¥1,980,000"),
        (12, "@", "12"),
        (40.5, '0.0"mm"', "40.5mm"),
        (3570.505, "0.00", "3570.51"),  # half away from zero, as Excel rounds
        (-5, "0;(0)", "(5)"),
        (0.15, "0%", "15%"),
        (5, "[$¥-411]#,##0", "¥5"),
        (1980000, "#,##0,", "1980000"),  # scaling: not rendered, General instead (never a wrong number)
        (1357400.0000000002, "General", "1357400"),
    ],
)
def test_numbers_read_as_excel_shows_them(value: object, number_format: str, shown: str) -> None:
    assert shown_text(value, number_format) == shown


def test_a_number_typed_reference_keeps_its_shown_text_and_the_price_its_value() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ブランド", "型番", "価格", "管理番号"])
    sheet.append(["OMEGA", 3570.5, 680000, 12])
    sheet["B2"].number_format, sheet["C2"].number_format, sheet["D2"].number_format = "0.00", "#,##0,", "000000"
    out = io.BytesIO()
    workbook.save(out)
    row = parse_catalogue(out.getvalue(), "n.xlsx").rows[0]
    assert (row.reference, row.price_jpy, row.stock_number) == ("3570.50", 680000, "000012")


def test_decoding_without_a_bom() -> None:
    stray = "ブランド,型番,価格\nOMEGA,210.30,598000\n".encode().replace(b"598000", b"5\xd798000")
    assert (decode_text(stray).encoding, decode_text(stray).replaced) == ("utf-8", 1)
    cp932 = "ブランド,型番,商品名,価格\nROLEX,126710BLRO,①箱 髙島屋 +1～+3秒,1\n".encode("cp932")
    assert decode_text(cp932).encoding == "cp932" and "①箱 髙島屋 +1～+3秒" in decode_text(cp932).text
    utf16 = "ブランド\t型番\t価格\r\nOMEGA\t310.30.42.50.01.001\t1100000\r\n".encode("utf-16-le")
    assert decode_text(utf16).encoding == "utf_16_le"


def test_a_stray_byte_is_named_by_line_and_column_and_never_keys_a_watch() -> None:
    """Before, a BOM file with one bad byte was a UnicodeDecodeError (a 500): now the cell is named."""
    bom = b"\xef\xbb\xbf" + "ブランド,型番,商品名,価格\n".encode()
    parsed = parse_catalogue(bom + b"ROLEX,126610LN,Sub\xd7,1\nROLEX,12\xd76,x,1\n")
    assert [(w.line, w.column) for w in parsed.warnings] == [(2, "C")] and parsed.rows[0].name == "Sub\ufffd"
    assert [(e.line, e.column) for e in parsed.errors] == [(3, "B")]  # a broken reference is no watch
    assert "2 行目 C 列" in parsed.warnings[0].reason


def test_duplicate_headers() -> None:
    with pytest.raises(CatalogueFileError, match="「ブランド」の列が 2 つあります（A 列と D 列）"):
        parse_catalogue("ブランド,型番,価格,ブランド\nROLEX,1,1,OMEGA\n".encode())
    with pytest.raises(CatalogueFileError, match="「価格」の列が 2 つ"):
        parse_catalogue("ブランド,型番,価格,価格\nROLEX,1,1,2\n".encode())
    with pytest.raises(CatalogueFileError, match="「付属品」の列が 2 つ"):
        parse_catalogue("ブランド,型番,価格,付属品,ＡＣＣ,付属品\nROLEX,1,1,箱,x,保証書\n".encode())
    parsed = parse_catalogue("ブランド,型番,価格,メモ,メモ,メモ(2),メモ\nROLEX,1,1,a,b,c,d\n".encode())
    assert parsed.rows[0].specs == {"メモ": "a", "メモ(3)": "b", "メモ(2)": "c", "メモ(4)": "d"}
    assert [(w.line, w.column) for w in parsed.warnings] == [(1, "D,E,G")]
    assert "D 列・E 列・G 列" in parsed.warnings[0].reason
    # two price columns of different tax bases are not duplicates: the tax-included one is the price
    assert parse_catalogue("ブランド,型番,税抜価格,税込価格\nROLEX,1,1000,1100\n".encode()).rows[0].price_jpy == 1100


def test_display_text_keeps_the_shops_characters() -> None:
    data = "ブランド,型番,商品名,価格,備考\nＲＯＬＥＸ,１２６６１０ＬＮ,ｻﾌﾞ ①箱 ㈱,1,40㎜ +1～+3秒\n".encode()
    row = parse_catalogue(data).rows[0]
    assert (row.brand, row.reference, row.name) == ("ROLEX", "126610LN", "サブ ①箱 ㈱")
    assert row.specs["備考"] == "40㎜ +1～+3秒"  # and the key still folds: normalise_key is NFKC


# ---------------------------------------------------------------- letter O against digit 0 in search


@pytest.fixture()
def letter_o_shop(session: Session):
    tenant = f.tenant(session, "Tenant A")
    admin = f.actor(f.user(session, tenant, "admin"))
    staff = f.actor(f.user(session, tenant, "staff"))
    data = (FOLDER / "ref_letter_o.csv").read_bytes()
    preview = catalogue_upload.preview_upload(session=session, actor=admin, filename="ref_letter_o.csv", data=data)
    catalogue_upload.commit_upload(session=session, actor=admin, upload_id=preview.upload_id)
    f.product(session, f.tenant(session, "Tenant B"), "AUDEMARS PIGUET", "15500ST.OO.1220ST.01")  # never seen by A
    return tenant, staff


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("15500ST.00.1220ST.01", ["15500ST.00.1220ST.01", "15500ST.OO.1220ST.01"]),  # as typed first
        ("15500ST.OO.1220ST.01", ["15500ST.OO.1220ST.01", "15500ST.00.1220ST.01"]),
        ("15500st.oo.1220st.01", ["15500ST.OO.1220ST.01", "15500ST.00.1220ST.01"]),
        ("15202ST.00", ["15202ST.OO.1240ST.01"]),
        ("15510ST.00.1320ST.08", ["15510ST.oo.1320ST.08"]),
        ("1551OST", ["15510ST.oo.1320ST.08"]),  # the other way: a letter O typed for a zero
        ("M15500ST.00.1220ST.01-X", ["15500ST.00.1220ST.01", "15500ST.OO.1220ST.01"]),  # inside a longer query
    ],
)
def test_letter_o_and_zero_find_each_other(session: Session, letter_o_shop, query: str, expected: list[str]) -> None:
    _, staff = letter_o_shop
    page = search.search_references(session=session, actor=staff, query=query)
    assert [item.reference for item in page.items] == expected and page.count == len(expected)


def test_references_are_stored_as_typed(session: Session, letter_o_shop) -> None:
    tenant, _ = letter_o_shop
    stored = session.exec(select(MasterProduct.reference).where(MasterProduct.tenant_id == tenant.id)).all()
    expected = [
        "15202ST.OO.1240ST.01", "15500ST.00.1220ST.01", "15500ST.OO.1220ST.01", "15510ST.oo.1320ST.08",
        "77351OR.ZZ.1261OR.01",  # N-1204: ASK is no price, imported (issue 25 item A)
    ]  # fmt: skip
    assert sorted(stored) == expected  # no O turned into 0 or back


def test_the_runbook_search_still_answers(session: Session) -> None:
    tenant = f.tenant(session, "Tenant A")
    staff = f.actor(f.user(session, tenant, "staff"))
    f.product(session, tenant, "TESTBRAND", "REF001", price_jpy=123456)
    for brand, query in (("TESTBRAND", ""), ("", "REF001"), ("", "REFOO1"), ("testbrand", "ref0")):
        page = search.search_references(session=session, actor=staff, brand=brand, query=query)
        assert [(p.reference, p.price_jpy) for p in page.items] == [("REF001", 123456)], (brand, query)


@pytest.mark.parametrize("query", ["(0", "0)", "[0O]", "0\\", "^0$", "0|1", "O*", "0+", "0?", "0{2}", "年0", "%0_"])
def test_queries_with_regex_characters_are_literal(session: Session, query: str) -> None:
    tenant = f.tenant(session, "Tenant A")
    staff = f.actor(f.user(session, tenant, "staff"))
    f.product(session, tenant, "X", "A" + query + "Z")
    f.product(session, tenant, "X", "5711/1A-010")
    page = search.search_references(session=session, actor=staff, query=query)
    assert [p.reference for p in page.items] == ["A" + query + "Z"]
