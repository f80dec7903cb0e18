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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from horologen import config
from horologen.services.catalogue.brands import fold_builtin
from horologen.services.catalogue.cell_text import ShownNumber
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
from horologen.services.catalogue.normalise import clean_text, fold_letter_o, is_private_column, normalise_key
from horologen.services.catalogue.prices import parse_price
from horologen.services.catalogue.problems import CatalogueFileError, RowError, column_letter
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

MAX_FIELD_LENGTH = {"brand": 100, "reference": 100, "name": 300}
FIELD_LABELS = {"brand": "ブランド", "reference": "型番", "name": "商品名", "price_jpy": "価格"}
MAX_SPEC_LENGTH = 2000  # one spec cell (備考 and the like): it goes into every article's prompt
_REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class CatalogueRow:
    line: int
    brand: str
    reference: str
    name: str
    price_jpy: int
    specs: dict[str, str]
    price_tax: str = "unknown"  # included | excluded | unknown, from the price column's header

    @property
    def key(self) -> tuple[str, str]:
        """The identity of a watch for imports: `rolex / 126610-LN` is `ROLEX / 126610LN`."""
        return (fold_builtin(normalise_key(self.brand)), normalise_key(self.reference))


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


@dataclass
class _Table:
    rows: Iterable[Sequence[object]]
    replaced: int = 0  # undecodable byte sequences turned into U+FFFD (text files)
    skipped_sheets: list[str] = field(default_factory=list)
    hidden_rows: frozenset[int] = frozenset()


DELIMITERS = (",", "\t", ";", "|")


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
        return _Table(sheet.rows, skipped_sheets=sheet.skipped, hidden_rows=sheet.hidden_rows)
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


def _cell(row: Sequence[object], index: int | None) -> object:
    if index is None or index >= len(row):
        return None
    return row[index]


def _unreadable(
    line: int, row: Sequence[object], columns: dict[int, str], identity: set[int]
) -> tuple[RowError | None, list[RowError]]:
    """The cells of a row that hold U+FFFD where the file had bytes that are not text: an error for
    the brand or the reference (a watch must not be keyed on a broken character), warnings for any
    other column (the row is imported with U+FFFD in that cell, so the admin can find and fix it)."""
    error, warnings = None, []
    for index, label in columns.items():
        if _REPLACEMENT not in str(_cell(row, index) or ""):
            continue
        letter = column_letter(index)
        if index in identity:
            error = error or RowError(line, f"{label}に文字として読めないバイトがあります（{letter} 列）", letter)
        else:
            reason = (
                f"{line} 行目 {letter} 列（{label}）に文字として読めないバイトがありました。"
                "その文字は「\ufffd」にして取り込みます。元のファイルで確かめてください。"
            )
            warnings.append(RowError(line, reason, letter))
    return error, warnings


def _letter_o_warning(
    line: int, reference: str, key: tuple[str, str], folded: dict[tuple[str, str], tuple[int, str]], letter: str
) -> RowError | None:
    """A reference that differs from an earlier one of the brand only by letter O against digit 0
    (AP's `15500ST.OO.1220ST.01` typed `15500ST.00.1220ST.01`): both are imported as typed, since
    either may be the maker's; the later line is named with the earlier one so the shop can align."""
    first_line, first_reference = folded.setdefault((key[0], fold_letter_o(key[1])), (line, reference))
    if first_line == line:
        return None
    return RowError(
        line,
        f"{line} 行目 {letter} 列の型番「{reference}」は、{first_line} 行目の「{first_reference}」と"
        " O（オー）と 0（ゼロ）だけが違います。同じ時計なら、メーカーの表記にそろえてください"
        "（別の商品として取り込みます）。",
        letter,
    )


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
    )
    columns = {known[c]: label for c, label in FIELD_LABELS.items() if c in known} | spec_columns
    identity = {known["brand"], known["reference"]}
    reference_letter = column_letter(known["reference"])
    if table.replaced:
        header_cells = [spec_columns.get(index) for index in range(max(spec_columns, default=-1) + 1)]
        parsed.warnings += _unreadable(header.line, header_cells, spec_columns, set())[1]
    seen: dict[tuple[str, str], int] = {}
    folded: dict[tuple[str, str], tuple[int, str]] = {}
    for line, row in enumerate(rows, start=header.line + 1):
        if line > config.MAX_SCANNED_ROWS:  # empty rows count too: a sheet can declare a million
            raise CatalogueFileError(
                f"行数が多すぎます（空行を含めて {config.MAX_SCANNED_ROWS:,} 行まで）。ファイルを分けてください。"
            )
        if not any(cell not in (None, "") for cell in row) or not any(clean_text(cell) for cell in row):
            continue
        if max_rows is not None and len(parsed.rows) + len(parsed.errors) >= max_rows:
            raise CatalogueFileError(f"行数が多すぎます（{max_rows:,} 行まで）。ファイルを分けてください。")
        if line in table.hidden_rows:
            parsed.hidden_rows += 1
        if table.replaced:
            broken, unreadable = _unreadable(line, row, columns, identity)
            if broken is not None:
                parsed.errors.append(broken)
                continue
            parsed.warnings += unreadable
        brand = clean_text(_cell(row, known["brand"]))
        reference = clean_text(_cell(row, known["reference"]))
        name = clean_text(_cell(row, known.get("name")))
        problem, column, price = _validate(brand, reference, name, _cell(row, known["price_jpy"]))
        if problem:
            parsed.errors.append(RowError(line, problem, column_letter(known[column]) if column in known else ""))
            continue
        key = (fold_builtin(normalise_key(brand)), normalise_key(reference))
        if key in seen:
            parsed.errors.append(RowError(line, f"{seen[key]} 行目と同じブランド・型番です（重複）", reference_letter))
            continue
        seen[key] = line
        if (warning := _letter_o_warning(line, reference, key, folded, reference_letter)) is not None:
            parsed.warnings.append(warning)
        cells = {index: clean_text(_cell(row, index)) for index in spec_columns}
        too_long = next((index for index, value in cells.items() if len(value) > MAX_SPEC_LENGTH), None)
        if too_long is not None:
            reason = f"「{spec_columns[too_long]}」が長すぎます（{MAX_SPEC_LENGTH:,} 文字まで）"
            parsed.errors.append(RowError(line, reason, column_letter(too_long)))
            continue
        specs = {spec_columns[index]: value for index, value in cells.items() if value}
        parsed.rows.append(CatalogueRow(line, brand, reference, name, price, specs, parsed.price_tax))
    if not parsed.rows and not parsed.errors:
        raise CatalogueFileError("見出し行のほかにデータの行がありません。商品の行を入れて保存し直してください。")
    return parsed


def row_from_values(
    line: int, brand: object, reference: object, name: object, raw_price: object, specs: dict[str, object]
) -> CatalogueRow | RowError:
    """One record from any source (CSV, XLSX, a SQLite table) through the same validation."""
    brand_text, reference_text, name_text = clean_text(brand), clean_text(reference), clean_text(name)
    problem, _, price = _validate(brand_text, reference_text, name_text, raw_price)
    if problem:
        return RowError(line, problem)
    clean_specs = {
        label: value
        for k, v in specs.items()
        if (value := clean_text(v)) and (label := clean_text(k)) and not is_private_column(label)
    }
    return CatalogueRow(line, brand_text, reference_text, name_text, price, clean_specs)


def _validate(brand: str, reference: str, name: str, raw_price: object) -> tuple[str, str, int]:
    """("", "", price in yen) for a valid row, or (the reason shown for the row, the column it is
    about: brand | reference | name | price_jpy, 0). A number cell's price is its stored number."""
    if not brand:
        return "ブランドが空です", "brand", 0
    if not reference:
        return "型番が空です", "reference", 0
    if not normalise_key(reference):
        return "型番に英数字がありません", "reference", 0
    for column, value in (("brand", brand), ("reference", reference), ("name", name)):
        if len(value) > MAX_FIELD_LENGTH[column]:
            return f"{FIELD_LABELS[column]}が長すぎます（{MAX_FIELD_LENGTH[column]} 文字まで）", column, 0
    if isinstance(raw_price, ShownNumber):
        raw_price = raw_price.value
    if raw_price is None or clean_text(raw_price) == "":
        return "価格が空です", "price_jpy", 0
    try:
        return "", "", parse_price(raw_price)
    except ValueError:
        return f"価格を読み取れません: {clean_text(raw_price)[:40]!r}", "price_jpy", 0
