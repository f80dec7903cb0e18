"""Reads a catalogue export into validated rows and row errors.

Shops' files come out of Excel, WPS, POS systems and web pages: CSV or tab-separated text in UTF-8
(with or without BOM), UTF-16 (Excel's "Unicode テキスト") or CP932; XLSX with wrong dimensions,
cover sheets, title rows and two-row headers; prices with yen signs, tax notes and float noise.
Every kind is read by what is really in the file, within bounds (rows, inflated bytes).
"""

from __future__ import annotations

import csv
import io
import itertools
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from horologen import config
from horologen.services.catalogue.brands import fold_builtin
from horologen.services.catalogue.normalise import BRACKETED, clean_text, header_key, is_private_column, normalise_key
from horologen.services.catalogue.prices import parse_price

MAX_FIELD_LENGTH = {"brand": 100, "reference": 100, "name": 300}
FIELD_LABELS = {"brand": "ブランド", "reference": "型番", "name": "商品名"}
MAX_SPEC_LENGTH = 2000  # one spec cell (備考 and the like): it goes into every article's prompt

# Header spellings seen in Japanese and English exports, compared after normalise_key().
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "brand": ("ブランド", "BRAND", "メーカー", "ブランド名", "MAKER"),
    "reference": ("型番", "REFERENCE", "REF", "品番", "リファレンス", "REFNO", "MODELNO"),
    "name": ("商品名", "NAME", "モデル名", "PRODUCTNAME", "COLLECTION", "コレクション"),
}
_HEADER_LOOKUP = {normalise_key(alias): column for column, aliases in HEADER_ALIASES.items() for alias in aliases}
# Price headers: what is left once tax words and bracketed notes are taken out. `仕入価格` (cost)
# is not among them, so a cost column never becomes the selling price.
PRICE_BASES = {normalise_key(b) for b in ("価格", "PRICE", "PRICEJPY", "販売価格", "売価", "売価格", "")}
# Which price column wins when a file has several: tax-included, then unmarked, then tax-excluded
# (景品表示法 and the 総額表示 rule make the tax-included price the one shown to customers).
TAX_INCLUDED, TAX_UNKNOWN, TAX_EXCLUDED = 0, 1, 2
# MasterProduct.price_tax for each rank; `known["price_tax"]` holds the chosen column's rank.
PRICE_TAX = {TAX_INCLUDED: "included", TAX_UNKNOWN: "unknown", TAX_EXCLUDED: "excluded"}
_TAX_INCLUDED_WORDS = ("税込", "内税", "TAXINCLUDED", "INCLTAX")
_TAX_EXCLUDED_WORDS = ("税抜", "税別", "本体", "外税", "TAXEXCLUDED", "EXCLTAX")


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


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str


@dataclass
class ParsedCatalogue:
    rows: list[CatalogueRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    spec_columns: list[str] = field(default_factory=list)
    private_columns: list[str] = field(default_factory=list)  # cost columns left out
    price_tax: str = "unknown"  # the price column's basis: included | excluded | unknown


class CatalogueFileError(ValueError):
    """The file as a whole cannot be read (encoding, missing columns); the message says why."""


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode テキスト"), then CP932 as
    Japanese Excel writes it."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise CatalogueFileError(
                "文字コードを判別できません（UTF-16 として読めません）。"
                "UTF-8 または Shift_JIS（CP932）で保存してください。"
            ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932")
    except UnicodeDecodeError:
        raise CatalogueFileError(
            "文字コードを判別できません。UTF-8 または Shift_JIS（CP932）の CSV で保存してください。"
        ) from None


def _check_inflated_size(data: bytes) -> None:
    """A small XLSX can inflate to gigabytes of sheet XML: refuse before reading by what the zip
    declares (zipfile never inflates a member past its declared size)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise CatalogueFileError("XLSX ファイルを開けません。Excel で保存し直してください。") from None
    inflated = sum(info.file_size for info in archive.infolist())
    if inflated > config.MAX_XLSX_INFLATED_BYTES:
        raise CatalogueFileError(
            f"XLSX の中身が大きすぎます（展開後 {config.MAX_XLSX_INFLATED_BYTES // 1_000_000} MB まで）。"
            "CSV で保存するか、ファイルを分けてください。"
        )


def _xlsx_rows(data: bytes) -> Iterable[Sequence[object]]:
    from openpyxl import load_workbook

    _check_inflated_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise CatalogueFileError("XLSX ファイルを開けません。Excel で保存し直してください。") from None
    for worksheet in workbook.worksheets:
        # Read-only mode trusts the sheet's <dimension>, which some exporters write as "A1" (rows
        # lost) or "A1:XFD1048576" (every empty cell materialised): read what is really there.
        if hasattr(worksheet, "reset_dimensions"):
            worksheet.reset_dimensions()
    sheet = next((ws for ws in workbook.worksheets if _has_header(ws)), workbook.worksheets[0])
    for row in sheet.iter_rows(values_only=True):
        yield list(row)
    workbook.close()


def _has_header(worksheet: Any) -> bool:
    """Workbooks often carry a cover or notes sheet first; the catalogue is the sheet with a header."""
    for row in worksheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True):
        try:
            map_headers(list(row))
        except CatalogueFileError:
            continue
        return True
    return False


DELIMITERS = (",", "\t", ";", "|")


def sniff_delimiter(text: str) -> str:
    """The delimiter whose split of the top lines gives a header we know: Excel's "テキスト
    (タブ区切り)" writes tabs, European tools write semicolons; comma when none fits."""
    head = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    for delimiter in DELIMITERS:
        for row in csv.reader(io.StringIO(head), delimiter=delimiter):
            try:
                map_headers(row)
            except CatalogueFileError:
                continue
            return delimiter
    return ","


def _table_rows(data: bytes, filename: str) -> Iterable[Sequence[object]]:
    if filename.lower().endswith((".xlsx", ".xlsm")) or data.startswith(b"PK\x03\x04"):
        return _xlsx_rows(data)
    text = decode_csv(data)
    csv.field_size_limit(config.MAX_CSV_FIELD_BYTES)
    return _csv_rows(text, sniff_delimiter(text))


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


def price_rank(label: str) -> int | None:
    """TAX_INCLUDED / TAX_UNKNOWN / TAX_EXCLUDED for a selling-price header (`税込価格`, `価格（税込）`,
    `価格`, `本体価格`, `税抜`), None for anything else (`仕入価格` is a cost, never the price)."""
    text = unicodedata.normalize("NFKC", label)
    whole = normalise_key(text)
    base = normalise_key(BRACKETED.sub("", text))
    for word in sorted((*_TAX_INCLUDED_WORDS, *_TAX_EXCLUDED_WORDS, "税込み", "税抜き"), key=len, reverse=True):
        base = base.replace(word, "")
    if base not in PRICE_BASES:
        return None
    if any(word in whole for word in _TAX_INCLUDED_WORDS):
        return TAX_INCLUDED
    if any(word in whole for word in _TAX_EXCLUDED_WORDS):
        return TAX_EXCLUDED
    return TAX_UNKNOWN


def map_headers(headers: Sequence[object]) -> tuple[dict[str, int], dict[int, str]]:
    """Known columns by index, and every other non-empty header kept as a spec name.

    With several price columns the tax-included one is the price; the others stay as specs."""
    known: dict[str, int] = {}
    specs: dict[int, str] = {}
    price: tuple[int, int] | None = None  # (rank, index)
    for index, header in enumerate(headers):
        label = clean_text(header)
        if not label:
            continue
        column = _HEADER_LOOKUP.get(header_key(label))
        rank = price_rank(label) if column is None else None
        if column and column not in known:
            known[column] = index
        elif rank is not None and (price is None or rank < price[0]):
            if price is not None:
                specs[price[1]] = clean_text(headers[price[1]])
            price = (rank, index)
        else:
            specs[index] = label
    if price is not None:
        known["price_jpy"] = price[1]
        known["price_tax"] = price[0]
    missing = [c for c in ("brand", "reference", "price_jpy") if c not in known]
    if missing:
        names = {"brand": "ブランド", "reference": "型番", "price_jpy": "価格"}
        raise CatalogueFileError(
            "必須の列が見つかりません: "
            + "、".join(names[c] for c in missing)
            + "（見出し行に「ブランド」「型番」「価格（税込価格）」が必要です）"
        )
    return known, specs


def _cell(row: Sequence[object], index: int | None) -> object:
    if index is None or index >= len(row):
        return None
    return row[index]


HEADER_SEARCH_ROWS = 10
_TAX_WORDS = (*_TAX_INCLUDED_WORDS, *_TAX_EXCLUDED_WORDS)


def _compose_subheader(headers: Sequence[object], sub: Sequence[object], known: dict[str, int]) -> list[str] | None:
    """A two-row header (価格 merged over 税抜 | 税込): the labels with each sub-label joined to the
    label above it (carried across the merged span), or None when `sub` is a data row."""
    texts = [clean_text(cell) for cell in sub]
    if not any(texts) or any(_cell(texts, known[c]) for c in ("brand", "reference")):
        return None
    labels = [clean_text(cell) for cell in headers]
    width = max(len(labels), len(texts))
    labels += [""] * (width - len(labels))
    texts += [""] * (width - len(texts))
    under_merge = any(text and not labels[i] for i, text in enumerate(texts))
    names_tax = any(any(w in normalise_key(text) for w in _TAX_WORDS) for text in texts if text)
    if not (under_merge or names_tax) or any(len(text) > 30 or text.replace(",", "").isdigit() for text in texts):
        return None
    composed: list[str] = []
    parent = ""
    for label, text in zip(labels, texts, strict=True):
        parent = label or parent
        composed.append(f"{parent}{text}" if text else label)
    return composed


def _find_header(rows: Iterator[Sequence[object]]) -> tuple[int, dict[str, int], dict[int, str], Iterator]:
    """The header is the first of the top rows that names brand, reference and price: Excel
    exports often start with a title line (`商品一覧 2026年11月`) or a blank row. A second header
    row under it (税抜 | 税込 under a merged 価格) is folded into it."""
    first_error: CatalogueFileError | None = None
    for line in range(1, HEADER_SEARCH_ROWS + 1):
        headers = next(rows, None)
        if headers is None:
            break
        if not any(clean_text(cell) for cell in headers):
            continue
        try:
            known, specs = map_headers(headers)
        except CatalogueFileError as exc:
            first_error = first_error or exc
            continue
        following = next(rows, None)
        if following is None:
            return line, known, specs, rows
        composed = _compose_subheader(headers, following, known)
        if composed is not None:
            try:
                known, specs = map_headers(composed)
                return line + 1, known, specs, rows
            except CatalogueFileError:
                pass
        return line, known, specs, itertools.chain([following], rows)
    if first_error is not None:
        raise first_error
    raise CatalogueFileError("ファイルが空です。")


def parse_catalogue(data: bytes, filename: str = "catalogue.csv", max_rows: int | None = None) -> ParsedCatalogue:
    """Every row either becomes a CatalogueRow or a RowError with its line number and reason."""
    rows = iter(_table_rows(data, filename))
    header_line, known, spec_columns, rows = _find_header(rows)
    private = {index: label for index, label in spec_columns.items() if is_private_column(label)}
    spec_columns = {index: label for index, label in spec_columns.items() if index not in private}
    price_tax = PRICE_TAX[known.get("price_tax", TAX_UNKNOWN)]
    parsed = ParsedCatalogue(
        spec_columns=list(spec_columns.values()), private_columns=list(private.values()), price_tax=price_tax
    )
    seen: dict[tuple[str, str], int] = {}
    for line, row in enumerate(rows, start=header_line + 1):
        if line > config.MAX_SCANNED_ROWS:  # empty rows count too: a sheet can declare a million
            raise CatalogueFileError(
                f"行数が多すぎます（空行を含めて {config.MAX_SCANNED_ROWS:,} 行まで）。ファイルを分けてください。"
            )
        if not any(cell not in (None, "") for cell in row) or not any(clean_text(cell) for cell in row):
            continue
        if max_rows is not None and len(parsed.rows) + len(parsed.errors) >= max_rows:
            raise CatalogueFileError(f"行数が多すぎます（{max_rows:,} 行まで）。ファイルを分けてください。")
        brand = clean_text(_cell(row, known["brand"]))
        reference = clean_text(_cell(row, known["reference"]))
        name = clean_text(_cell(row, known.get("name")))
        raw_price = _cell(row, known["price_jpy"])
        problem, price = _validate(brand, reference, name, raw_price)
        if problem:
            parsed.errors.append(RowError(line, problem))
            continue
        key = (fold_builtin(normalise_key(brand)), normalise_key(reference))
        if key in seen:
            parsed.errors.append(RowError(line, f"{seen[key]} 行目と同じブランド・型番です（重複）"))
            continue
        seen[key] = line
        specs = {label: value for index, label in spec_columns.items() if (value := clean_text(_cell(row, index)))}
        too_long = next((label for label, value in specs.items() if len(value) > MAX_SPEC_LENGTH), None)
        if too_long is not None:
            parsed.errors.append(RowError(line, f"「{too_long}」が長すぎます（{MAX_SPEC_LENGTH:,} 文字まで）"))
            continue
        parsed.rows.append(CatalogueRow(line, brand, reference, name, price, specs, price_tax))
    if not parsed.rows and not parsed.errors:
        raise CatalogueFileError("見出し行のほかにデータの行がありません。商品の行を入れて保存し直してください。")
    return parsed


def row_from_values(
    line: int, brand: object, reference: object, name: object, raw_price: object, specs: dict[str, object]
) -> CatalogueRow | RowError:
    """One record from any source (CSV, XLSX, a SQLite table) through the same validation."""
    brand_text, reference_text, name_text = clean_text(brand), clean_text(reference), clean_text(name)
    problem, price = _validate(brand_text, reference_text, name_text, raw_price)
    if problem:
        return RowError(line, problem)
    clean_specs = {
        label: value
        for k, v in specs.items()
        if (value := clean_text(v)) and (label := clean_text(k)) and not is_private_column(label)
    }
    return CatalogueRow(line, brand_text, reference_text, name_text, price, clean_specs)


def _validate(brand: str, reference: str, name: str, raw_price: object) -> tuple[str, int]:
    """("", price in yen) for a valid row, or (the reason shown for the row, 0)."""
    if not brand:
        return "ブランドが空です", 0
    if not reference:
        return "型番が空です", 0
    if not normalise_key(reference):
        return "型番に英数字がありません", 0
    for column, value in (("brand", brand), ("reference", reference), ("name", name)):
        if len(value) > MAX_FIELD_LENGTH[column]:
            return f"{FIELD_LABELS[column]}が長すぎます（{MAX_FIELD_LENGTH[column]} 文字まで）", 0
    if raw_price is None or clean_text(raw_price) == "":
        return "価格が空です", 0
    try:
        return "", parse_price(raw_price)
    except ValueError:
        return f"価格を読み取れません: {clean_text(raw_price)[:40]!r}", 0
