"""Reads a catalogue export into validated rows, row errors and warnings.

Shops' files come out of Excel, WPS, POS systems and web pages: CSV or tab-separated text in UTF-8
(with or without BOM), UTF-16 (Excel's "Unicode テキスト") or CP932 (`encodings`); XLSX with wrong
dimensions, hidden sheets, cover sheets, hidden rows and number formats (`sheets`, `cell_text`);
title rows, two-row headers and duplicate headers (`headers`); prices with yen signs, tax notes and
float noise (`prices`). Every kind is read by what is really in the file, within bounds (rows,
inflated bytes), and every problem names the line and the column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from horologen import config
from horologen.services.catalogue.brands import brand_raw_key, fold_builtin
from horologen.services.catalogue.encodings import decode_text
from horologen.services.catalogue.headers import (
    HEADER_SEARCH_ROWS,
    PRICE_TAX,
    TAX_UNKNOWN,
    find_header,
    is_header,
    map_headers,
    price_rank,
)
from horologen.services.catalogue.normalise import clean_code, clean_text, is_private_column, normalise_key
from horologen.services.catalogue.price_words import (
    AVAILABLE,
    RESERVED,
    SOLD,
    PriceCell,
    StatusCell,
    price_state,
    read_price_cell,
    read_status_cell,
    stricter,
)
from horologen.services.catalogue.prices import parse_price
from horologen.services.catalogue.problems import CatalogueFileError, RowError, column_letter
from horologen.services.catalogue.row_checks import (
    letter_o_warning,
    refuse_shared_stock_numbers,
    sale_state,
    unreadable,
)
from horologen.services.catalogue.sheets import read_xlsx

__all__ = [
    "CatalogueFileError",
    "CatalogueRow",
    "ParsedCatalogue",
    "RowError",
    "map_headers",
    "parse_catalogue",
    "parse_price",
    "price_rank",
    "row_from_values",
]

MAX_FIELD_LENGTH = {"brand": 100, "reference": 100, "name": 300, "stock": 64}
FIELD_LABELS = {
    "brand": "ブランド",
    "reference": "型番",
    "name": "商品名",
    "price_jpy": "価格",
    "stock": "管理番号",
    "status": "ステータス",
}
_EXPONENT = re.compile(r"\d+(?:\.\d+)?E[+-]?\d+", re.IGNORECASE)
MAX_SPEC_LENGTH = 2000  # one spec cell (備考 and the like): it goes into every article's prompt


@dataclass(frozen=True)
class CatalogueRow:
    line: int
    brand: str
    reference: str
    name: str
    price_jpy: int | None  # None: no price (ASK, 応談, a zero; sold or reserved without a number)
    specs: dict[str, str]
    price_tax: str = "unknown"  # included | excluded | unknown, from the price column's header
    stock_number: str | None = None  # the piece's number in the shop (管理番号, SKU…); None: a reference
    sale_state: str = AVAILABLE  # available | reserved | sold, from the price cell or a status column

    @property
    def key(self) -> tuple[str, str]:
        """The identity of a watch for imports: `rolex / 126610-LN` is `ROLEX / 126610LN`."""
        return (fold_builtin(normalise_key(self.brand)), normalise_key(self.reference))

    @cached_property
    def reference_key(self) -> str:
        """normalise_key(reference), computed once per row (an import needs it several times)."""
        return normalise_key(self.reference)

    @property
    def price_state(self) -> str:
        """priced | on_request | reserved | sold (tests/data/shop_files/cases.json's price_state)."""
        return price_state(self.price_jpy, self.sale_state)


@dataclass
class ParsedCatalogue:
    rows: list[CatalogueRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)  # rows not imported, and why
    spec_columns: list[str] = field(default_factory=list)
    private_columns: list[str] = field(default_factory=list)  # cost columns left out
    price_tax: str = "unknown"  # the price column's basis: included | excluded | unknown
    warnings: list[RowError] = field(default_factory=list)  # imported, but the admin should look
    skipped_sheets: list[str] = field(default_factory=list)  # XLSX sheets not read: hidden, or not the catalogue
    hidden_rows: int = 0  # XLSX rows hidden in Excel that were read as data rows all the same
    name_column: bool = True  # the file has a 商品名 column (without one a re-import never touches names)


@dataclass
class _Table:
    rows: Iterable[Sequence[object]]
    replaced: int = 0  # undecodable byte sequences turned into U+FFFD (text files)
    skipped_sheets: list[str] = field(default_factory=list)
    hidden_rows: frozenset[int] = frozenset()
    uncalculated: frozenset[tuple[int, int]] = frozenset()  # (line, column) of formulas saved without a result


DELIMITERS = (",", "\t", ";", "|")
TAX_NOTE = {
    "excluded": "価格のセルに「税抜」とあるため、この行は税抜価格として取り込みます（表示は税込に換算）",
    "included": "価格のセルに「税込」とあるため、この行は税込価格として取り込みます",
}
UNCALCULATED = "のセルは数式で、計算結果が保存されていません。Excel で開いて上書き保存してから取り込んでください"


def sniff_delimiter(text: str) -> str:
    """The delimiter whose split of the top lines gives a header we know: Excel's "テキスト
    (タブ区切り)" writes tabs, European tools write semicolons; comma when none fits."""
    head = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    for delimiter in DELIMITERS:
        if any(is_header(row) for row in csv.reader(io.StringIO(head), delimiter=delimiter)):
            return delimiter
    return ","


def _table(data: bytes, filename: str) -> _Table:
    if filename.lower().endswith((".xlsx", ".xlsm")) or data.startswith(b"PK\x03\x04"):
        sheet = read_xlsx(data, is_header)
        return _Table(
            sheet.rows, skipped_sheets=sheet.skipped, hidden_rows=sheet.hidden_rows, uncalculated=sheet.uncalculated
        )
    decoded = decode_text(data)
    csv.field_size_limit(config.MAX_CSV_FIELD_BYTES)
    return _Table(_csv_rows(decoded.text, sniff_delimiter(decoded.text)), replaced=decoded.replaced)


def _csv_rows(text: str, delimiter: str) -> Iterator[Sequence[object]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise CatalogueFileError(
                f"{reader.line_num} 行目付近に長すぎるセルがあります（1 つのセルは "
                f"{config.MAX_CSV_FIELD_BYTES // 1024} KB まで）。そのセルを短くしてください。"
            ) from None
        raise CatalogueFileError(
            f'{reader.line_num} 行目付近を CSV として読み取れません（引用符 " の閉じ忘れなど）。'
        ) from None


class _Memo(dict[str, str]):
    """A cleaner memoised for one file's text cells (brands, status and spec values repeat down a
    catalogue); other cells (numbers from a workbook: 1 == 1.0 == True as keys) are cleaned as they come.
    Bounded: a column of unique values (備考) stops filling it."""

    def __init__(self, clean: Callable[[object], str]) -> None:
        super().__init__()
        self.clean = clean

    def text(self, cell: object) -> str:
        if cell.__class__ is not str:
            return self.clean(cell)
        value = self.get(cell)
        if value is None:
            if len(self) >= _MEMO_CELLS:
                self.clear()
            value = self[cell] = self.clean(cell)
        return value


_MEMO_CELLS = 20_000


def parse_catalogue(data: bytes, filename: str = "catalogue.csv", max_rows: int | None = None) -> ParsedCatalogue:
    """In: a file's bytes and name (`.xlsx`/`.xlsm` or a zip signature is a workbook, anything else
    text). Out: every data row below the header as a CatalogueRow or a RowError (line, reason,
    column letter); warnings about cells that were imported; for a workbook the sheets left out and
    how many hidden rows were read. CatalogueFileError when the file as a whole cannot be read."""
    table = _table(data, filename)
    header, rows = find_header(iter(table.rows))
    known = header.known
    private = {index: label for index, label in header.specs.items() if is_private_column(label)}
    spec_columns = {index: label for index, label in header.specs.items() if index not in private}
    parsed = ParsedCatalogue(
        spec_columns=list(spec_columns.values()),
        private_columns=list(private.values()),
        price_tax=PRICE_TAX[known.get("price_tax", TAX_UNKNOWN)],
        warnings=list(header.warnings),
        skipped_sheets=table.skipped_sheets,
        name_column="name" in known,
    )
    columns = {known[c]: header.labels.get(c, label) for c, label in FIELD_LABELS.items() if c in known}
    columns |= spec_columns
    identity = {known[c] for c in ("brand", "reference", "stock") if c in known}
    reference_letter = column_letter(known["reference"])
    if table.replaced:
        header_cells = [spec_columns.get(index) for index in range(max(spec_columns, default=-1) + 1)]
        parsed.warnings += unreadable(header.line, header_cells, spec_columns, set())[1]
    seen: dict[tuple[str, str], int] = {}
    stocks: dict[str, list[int]] = {}
    folded: dict[tuple[str, str], tuple[int, str]] = {}
    at_brand, at_reference, at_price = known["brand"], known["reference"], known["price_jpy"]
    at_name, at_stock, at_status = known.get("name"), known.get("stock"), known.get("status")
    width = max((index for column, index in known.items() if column != "price_tax"), default=0)
    width = max(width, *spec_columns, 0) + 1
    padding: list[object] = [None] * width
    repeated = _Memo(clean_text)  # brand, status and spec cells repeat down a catalogue
    brands = _Memo(clean_code)
    no_status = StatusCell(None)
    for line, row in enumerate(rows, start=header.line + 1):
        if line > config.MAX_SCANNED_ROWS:  # empty rows count too: a sheet can declare a million
            raise CatalogueFileError(
                f"行数が多すぎます（空行を含めて {config.MAX_SCANNED_ROWS:,} 行まで）。ファイルを分けてください。"
            )
        if len(row) < width:
            row = [*row, *padding[len(row) :]]
        brand = brands.text(row[at_brand])
        reference = clean_code(row[at_reference])
        if not brand and not reference and not any(clean_text(cell) for cell in row):
            continue  # blank, or only spaces and invisible characters
        if max_rows is not None and len(parsed.rows) + len(parsed.errors) >= max_rows:
            raise CatalogueFileError(f"行数が多すぎます（{max_rows:,} 行まで）。ファイルを分けてください。")
        if line in table.hidden_rows:
            parsed.hidden_rows += 1
        if table.replaced:
            broken, unreadable_cells = unreadable(line, row, columns, identity)
            if broken is not None:
                parsed.errors.append(broken)
                continue
            parsed.warnings += unreadable_cells
        name = clean_text(row[at_name]) if at_name is not None else ""
        stock = (clean_code(row[at_stock]) or None) if at_stock is not None else None
        status_text = repeated.text(row[at_status]) if at_status is not None else ""
        status = read_status_cell(status_text) if status_text else no_status
        raw_price = row[at_price]
        reference_key = normalise_key(reference)
        sale_word = status.state in (SOLD, RESERVED)
        problem, column, cell = _validate(brand, reference, name, raw_price, sale_word, reference_key)
        if not problem and stock is not None and len(stock) > MAX_FIELD_LENGTH["stock"]:
            problem, column = f"{columns[known['stock']]}が長すぎます（{MAX_FIELD_LENGTH['stock']} 文字まで）", "stock"
        if problem:
            if (line, known.get(column, -1)) in table.uncalculated:
                problem = f"{columns[known[column]]}{UNCALCULATED}"
            parsed.errors.append(RowError(line, problem, column_letter(known[column]) if column in known else ""))
            continue
        key = (fold_builtin(brand_raw_key(brand)), reference_key)
        if stock is None:  # a reference: one product per brand and reference
            if key in seen:
                reason = f"{seen[key]} 行目と同じブランド・型番です（重複）"
                parsed.errors.append(RowError(line, reason, reference_letter))
                continue
            seen[key] = line
        if (warning := letter_o_warning(line, reference, key, folded, reference_letter)) is not None:
            parsed.warnings.append(warning)
        specs: dict[str, str] = {}
        too_long = None
        for index, label in spec_columns.items():
            value = repeated.text(row[index])
            if value:
                if len(value) > MAX_SPEC_LENGTH:
                    too_long = index
                    break
                specs[label] = value
        if too_long is not None:
            reason = (
                f"{column_letter(too_long)} 列「{spec_columns[too_long]}」が長すぎます"
                f"（{MAX_SPEC_LENGTH:,} 文字まで）。その行は取り込みません。セルを短くしてください"
            )
            parsed.errors.append(RowError(line, reason, column_letter(too_long)))
            continue
        assert cell is not None
        if stock is not None:  # a piece: one product per stock number, however many share the reference
            stocks.setdefault(stock, []).append(line)
        if cell.zero or status.state is not None:
            state, notes = sale_state(line, cell, status, raw_price, status_text, known, columns)
            parsed.warnings += notes
        else:
            state = cell.state
        tax = cell.tax or parsed.price_tax
        if cell.tax and parsed.price_tax != cell.tax:  # the cell's own 税抜 / 税込 note wins: tell the admin
            parsed.warnings.append(RowError(line, TAX_NOTE[cell.tax], column_letter(at_price)))
        row_read = CatalogueRow(line, brand, reference, name, cell.price_jpy, specs, tax, stock, state)
        row_read.__dict__["reference_key"] = key[1]  # the cached property, already computed above
        parsed.rows.append(row_read)
    parsed.rows, shared = refuse_shared_stock_numbers(parsed.rows, stocks, known, columns)
    parsed.errors = sorted(parsed.errors + shared, key=lambda error: error.line) if shared else parsed.errors
    if not parsed.rows and not parsed.errors:
        raise CatalogueFileError("見出し行のほかにデータの行がありません。商品の行を入れて保存し直してください。")
    return parsed


def row_from_values(
    line: int,
    brand: object,
    reference: object,
    name: object,
    raw_price: object,
    specs: dict[str, object],
    *,
    stock_number: object = None,
    sale_state: str = AVAILABLE,
    price_tax: str = "unknown",
) -> CatalogueRow | RowError:
    """One record from any source (CSV, XLSX, a SQLite table) through the same validation. A NULL
    price (None) is no price, as the table says; an empty or unreadable text is an error."""
    brand_text, reference_text, name_text = clean_code(brand), clean_code(reference), clean_text(name)
    problem, _, cell = _validate(brand_text, reference_text, name_text, raw_price, raw_price is None)
    if problem:
        return RowError(line, problem)
    assert cell is not None
    clean_specs = {
        label: value
        for k, v in specs.items()
        if (value := clean_text(v)) and (label := clean_text(k)) and not is_private_column(label)
    }
    stock = clean_code(stock_number)[: MAX_FIELD_LENGTH["stock"]] or None
    state = stricter(cell.state, sale_state if sale_state in (AVAILABLE, RESERVED, SOLD) else AVAILABLE)
    tax = price_tax if price_tax in ("included", "excluded") else "unknown"
    return CatalogueRow(line, brand_text, reference_text, name_text, cell.price_jpy, clean_specs, tax, stock, state)


_MAX_BRAND, _MAX_REFERENCE, _MAX_NAME = (MAX_FIELD_LENGTH[c] for c in ("brand", "reference", "name"))


def _validate(
    brand: str,
    reference: str,
    name: str,
    raw_price: object,
    blank_price_ok: bool = False,
    reference_key: str | None = None,
) -> tuple[str, str, PriceCell | None]:
    """("", "", the price cell read) for a valid row, or (the reason shown for the row, the column
    it is about: brand | reference | name | price_jpy, None). A number cell's price is its stored
    number; words (ASK, SOLD, 商談中) and zeros are read by `price_words`. A blank price is an error
    unless `blank_price_ok` (the status column says sold or reserved; a database NULL).
    `reference_key`: normalise_key(reference) when the caller has it already."""
    if not brand:
        return "ブランドが空です", "brand", None
    if not reference:
        return "型番が空です", "reference", None
    if not (reference_key if reference_key is not None else normalise_key(reference)):
        return "型番に英数字がありません", "reference", None
    if len(brand) > _MAX_BRAND or len(reference) > _MAX_REFERENCE or len(name) > _MAX_NAME:
        for column, value in (("brand", brand), ("reference", reference), ("name", name)):
            if len(value) > MAX_FIELD_LENGTH[column]:
                return f"{FIELD_LABELS[column]}が長すぎます（{MAX_FIELD_LENGTH[column]} 文字まで）", column, None
    if raw_price is not None:
        try:  # nearly every cell: a price or a word (a blank or invisible-only cell is neither)
            return "", "", read_price_cell(raw_price)
        except ValueError:
            pass
    if raw_price is None or clean_text(raw_price) == "":
        if blank_price_ok:
            return "", "", PriceCell(None)
        return "価格が空です（価格がない商品は「ASK」や「お問い合わせ」と書けます）", "price_jpy", None
    shown = clean_text(raw_price)[:40]
    if _EXPONENT.fullmatch(shown):  # Excel's 1.98E+06 in a narrow column, saved as CSV: digits lost
        return (
            f"価格「{shown}」は指数表記で、桁が丸められています。Excel で価格の列を数値の表示形式にして"
            "保存し直してください",
            "price_jpy",
            None,
        )
    return f"価格を読み取れません: {shown!r}", "price_jpy", None
