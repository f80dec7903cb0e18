"""Reads a catalogue export (CSV in UTF-8/BOM/CP932, or XLSX) into validated rows and row errors."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from horologen.services.catalogue.normalise import clean_text, normalise_key

MAX_FIELD_LENGTH = {"brand": 100, "reference": 100, "name": 300}

# Header spellings seen in Japanese and English exports, compared after normalise_key().
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "brand": ("ブランド", "BRAND", "メーカー", "ブランド名", "MAKER"),
    "reference": ("型番", "REFERENCE", "REF", "品番", "リファレンス", "REFNO", "MODELNO"),
    "name": ("商品名", "NAME", "モデル名", "PRODUCTNAME", "COLLECTION", "コレクション"),
    "price_jpy": ("価格", "税込価格", "PRICEJPY", "PRICE", "販売価格", "売価", "税込", "本体価格"),
}
_HEADER_LOOKUP = {normalise_key(alias): column for column, aliases in HEADER_ALIASES.items() for alias in aliases}
# CP932 files written by Japanese Excel carry the yen sign as byte 0x5C, which decodes to "\\".
_PRICE_NOISE = re.compile(r"[¥￥\\,，\s円]|税込|税抜|JPY|YEN", re.IGNORECASE)


@dataclass(frozen=True)
class CatalogueRow:
    line: int
    brand: str
    reference: str
    name: str
    price_jpy: int
    specs: dict[str, str]

    @property
    def key(self) -> tuple[str, str]:
        """The identity of a watch for imports: `rolex / 126610-LN` is `ROLEX / 126610LN`."""
        return (normalise_key(self.brand), normalise_key(self.reference))


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str


@dataclass
class ParsedCatalogue:
    rows: list[CatalogueRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    spec_columns: list[str] = field(default_factory=list)


class CatalogueFileError(ValueError):
    """The file as a whole cannot be read (encoding, missing columns); the message says why."""


def parse_price(raw: object) -> int:
    """`¥1,234,000`, `1234000円`, `１，２３４，０００` → 1234000; ValueError when it is not a price."""
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise ValueError(raw)
        value = int(raw)
    else:
        text = _PRICE_NOISE.sub("", unicodedata.normalize("NFKC", str(raw or "")))
        if text.endswith(".0"):
            text = text[:-2]
        if not text.isdigit():
            raise ValueError(raw)
        value = int(text)
    if value < 0 or value > 10**12:
        raise ValueError(raw)
    return value


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then CP932 as Japanese Excel writes it."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
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


def _xlsx_rows(data: bytes) -> Iterable[Sequence[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise CatalogueFileError("XLSX ファイルを開けません。Excel で保存し直してください。") from None
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


def _table_rows(data: bytes, filename: str) -> Iterable[Sequence[object]]:
    if filename.lower().endswith((".xlsx", ".xlsm")) or data.startswith(b"PK\x03\x04"):
        return _xlsx_rows(data)
    text = decode_csv(data)
    return csv.reader(io.StringIO(text, newline=""))


_BRACKETED = re.compile(r"[(\[【<].*?[)\]】>]")


def header_key(label: str) -> str:
    """`価格（税込）`, `税込価格(円)`, ` 型番 ` → the key looked up in HEADER_ALIASES.

    Only bracketed notes are dropped; `仕入価格` (cost) never becomes the selling price."""
    return normalise_key(_BRACKETED.sub("", unicodedata.normalize("NFKC", label)))


def map_headers(headers: Sequence[object]) -> tuple[dict[str, int], dict[int, str]]:
    """Known columns by index, and every other non-empty header kept as a spec name."""
    known: dict[str, int] = {}
    specs: dict[int, str] = {}
    for index, header in enumerate(headers):
        label = clean_text(header)
        if not label:
            continue
        column = _HEADER_LOOKUP.get(header_key(label))
        if column and column not in known:
            known[column] = index
        else:
            specs[index] = label
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


def _find_header(rows: Iterator[Sequence[object]]) -> tuple[int, dict[str, int], dict[int, str]]:
    """The header is the first of the top rows that names brand, reference and price: Excel
    exports often start with a title line (`商品一覧 2026年11月`) or a blank row."""
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
        return line, known, specs
    if first_error is not None:
        raise first_error
    raise CatalogueFileError("ファイルが空です。")


def parse_catalogue(data: bytes, filename: str = "catalogue.csv", max_rows: int | None = None) -> ParsedCatalogue:
    """Every row either becomes a CatalogueRow or a RowError with its line number and reason."""
    rows = iter(_table_rows(data, filename))
    header_line, known, spec_columns = _find_header(rows)
    parsed = ParsedCatalogue(spec_columns=list(spec_columns.values()))
    seen: dict[tuple[str, str], int] = {}
    for line, row in enumerate(rows, start=header_line + 1):
        if not any(clean_text(cell) for cell in row):
            continue
        if max_rows is not None and len(parsed.rows) + len(parsed.errors) >= max_rows:
            raise CatalogueFileError(f"行数が多すぎます（{max_rows:,} 行まで）。ファイルを分けてください。")
        brand = clean_text(_cell(row, known["brand"]))
        reference = clean_text(_cell(row, known["reference"]))
        name = clean_text(_cell(row, known.get("name")))
        raw_price = _cell(row, known["price_jpy"])
        problem = _validate(brand, reference, name, raw_price)
        if problem:
            parsed.errors.append(RowError(line, problem))
            continue
        key = (normalise_key(brand), normalise_key(reference))
        if key in seen:
            parsed.errors.append(RowError(line, f"{seen[key]} 行目と同じブランド・型番です（重複）"))
            continue
        seen[key] = line
        specs = {
            label: clean_text(_cell(row, index))
            for index, label in spec_columns.items()
            if clean_text(_cell(row, index))
        }
        parsed.rows.append(CatalogueRow(line, brand, reference, name, parse_price(raw_price), specs))
    return parsed


def row_from_values(
    line: int, brand: object, reference: object, name: object, raw_price: object, specs: dict[str, object]
) -> CatalogueRow | RowError:
    """One record from any source (CSV, XLSX, a SQLite table) through the same validation."""
    brand_text, reference_text, name_text = clean_text(brand), clean_text(reference), clean_text(name)
    problem = _validate(brand_text, reference_text, name_text, raw_price)
    if problem:
        return RowError(line, problem)
    clean_specs = {clean_text(k): clean_text(v) for k, v in specs.items() if clean_text(v) and clean_text(k)}
    return CatalogueRow(line, brand_text, reference_text, name_text, parse_price(raw_price), clean_specs)


def _validate(brand: str, reference: str, name: str, raw_price: object) -> str:
    if not brand:
        return "ブランドが空です"
    if not reference:
        return "型番が空です"
    if not normalise_key(reference):
        return "型番に英数字がありません"
    for column, value in (("brand", brand), ("reference", reference), ("name", name)):
        if len(value) > MAX_FIELD_LENGTH[column]:
            return f"{column} が長すぎます（{MAX_FIELD_LENGTH[column]} 文字まで）"
    if raw_price is None or clean_text(raw_price) == "":
        return "価格が空です"
    try:
        parse_price(raw_price)
    except ValueError:
        return f"価格を読み取れません: {clean_text(raw_price)[:40]!r}"
    return ""
