"""XLSX: which sheet is the catalogue, which of its rows the shop hid, and every cell as shown.

In: the uploaded bytes and a test for "this row is a catalogue header". Out: `SheetTable` (the
chosen sheet's rows, a number cell as `ShownNumber`, row i being Excel's row i; the sheets left
out; the hidden row numbers), or `CatalogueFileError`.

The rules (issue 25 item 5, "files as the shop sees them"):
- Hidden and very hidden sheets (`<sheet state="hidden|veryHidden">` in xl/workbook.xml, ECMA-376
  Part 1 §18.2.19) are never read: the shop cannot see them, and a very hidden sheet (only a macro
  can show it) is where shops keep costs (tests/data/shop_files/sheets_very_hidden.xlsx).
- The catalogue is the active sheet (the tab Excel opens on, `<workbookView activeTab>`) when it is
  visible and has a header; else the first visible sheet with one (a cover sheet is often the
  active tab); else the active visible sheet, whose missing header is then reported.
- Every other sheet is named in `skipped` (hidden ones and visible ones left out), for the preview.
- Rows hidden with `<row hidden="1">` are read like any other: the import takes what is in the
  file and the preview says how many rows were hidden. Their numbers are returned so the caller
  counts those it read as data.

openpyxl's read-only mode gives sheet states and the active tab (checked: `sheet_state` and
`workbook.active` are filled from workbook.xml) but not row attributes (`row_dimensions` exists only
in normal mode, which holds every cell in memory). So hidden rows come from one streaming pass of
expat over the chosen sheet's XML when its bytes mention `hidden` at all: start tags only, constant
memory, about a sixth of openpyxl's own time, and stopped past MAX_SCANNED_ROWS, where the import is
refused anyway. A DOCTYPE (no OOXML part has one) is refused; entity bombs in the parts openpyxl
reads are stopped by expat itself (2.4+ caps entity amplification; Python 3.11 here has 2.5).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import IO, Any
from xml.parsers import expat

from horologen import config
from horologen.services.catalogue.cell_text import ShownNumber, shown_text
from horologen.services.catalogue.problems import CatalogueFileError

HEADER_SEARCH_ROWS = 10
_CANNOT_OPEN = "XLSX ファイルを開けません。Excel で保存し直してください。"


@dataclass
class SheetTable:
    name: str
    rows: Iterator[list[object]]
    skipped: list[str] = field(default_factory=list)  # hidden, very hidden and visible sheets not read
    hidden_rows: frozenset[int] = frozenset()  # Excel row numbers hidden in the sheet read
    # (Excel row number, column index from 0) of formula cells saved without their result: files
    # written by a program (openpyxl, some shop systems) and never opened in Excel read as blanks.
    uncalculated: frozenset[tuple[int, int]] = frozenset()


def read_xlsx(data: bytes, is_header: Callable[[Sequence[object]], bool]) -> SheetTable:
    """The catalogue sheet of a workbook, chosen by the rules in the module docstring."""
    from openpyxl import load_workbook

    archive = _archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise CatalogueFileError(_CANNOT_OPEN) from None
    sheets = list(workbook.worksheets)
    for sheet in sheets:
        # Read-only mode trusts the sheet's <dimension>, which some exporters write as "A1" (rows
        # lost) or "A1:XFD1048576" (every empty cell materialised): read what is really there.
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()
    visible = [sheet for sheet in sheets if sheet.sheet_state == "visible"]
    if not visible:
        raise CatalogueFileError("表示されているシートがありません。商品一覧のシートを表示にして保存し直してください。")
    active = workbook.active if workbook.active in visible else None
    candidates = ([active] if active is not None else []) + [s for s in visible if s is not active]
    chosen = next((s for s in candidates if _has_header(s, is_header)), candidates[0])
    part = _sheet_part(archive, chosen.title)  # the sheet's XML, for what openpyxl does not report
    return SheetTable(
        name=chosen.title,
        rows=_shown_rows(workbook, chosen),
        skipped=[sheet.title for sheet in sheets if sheet is not chosen],
        hidden_rows=frozenset(_hidden_rows(archive, part)),
        uncalculated=frozenset(_uncalculated_formulas(archive, part)),
    )


def _archive(data: bytes) -> zipfile.ZipFile:
    """The workbook's zip, refused before anything is inflated when it declares more than
    MAX_XLSX_INFLATED_BYTES (zipfile never inflates a member past its declared size)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise CatalogueFileError(_CANNOT_OPEN) from None
    inflated = sum(info.file_size for info in archive.infolist())
    if inflated > config.MAX_XLSX_INFLATED_BYTES:
        raise CatalogueFileError(
            f"XLSX の中身が大きすぎます（展開後 {config.MAX_XLSX_INFLATED_BYTES // 1_000_000} MB まで）。"
            "CSV で保存するか、ファイルを分けてください。"
        )
    return archive


def _has_header(sheet: Any, is_header: Callable[[Sequence[object]], bool]) -> bool:
    try:
        return any(is_header(list(row)) for row in sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True))
    except Exception:  # openpyxl parses the sheet lazily: broken XML, bad cell references, ...
        raise CatalogueFileError(_CANNOT_OPEN) from None


def _shown_rows(workbook: Any, sheet: Any) -> Iterator[list[object]]:
    """Cells (not values_only: the number format is on the cell), numbers and dates as shown."""
    try:
        for row in sheet.iter_rows():
            yield [_shown(cell) for cell in row]
    except Exception:  # as in _has_header: damage found while reading (the caller's errors stay outside)
        raise CatalogueFileError(_CANNOT_OPEN) from None
    finally:
        workbook.close()


def _shown(cell: Any) -> object:
    """A cell's value, a number as ShownNumber and a date as its shown text; the number format is
    looked up only for those (most cells are text, and the lookup goes through the style table)."""
    value = cell.value
    if value is None or value.__class__ is str or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return ShownNumber(value, shown_text(value, cell.number_format))
    if isinstance(value, datetime | date | time):
        return shown_text(value, cell.number_format)
    return value


class _Enough(Exception):
    """Raised inside expat's callback to stop a scan early."""


def _parse(
    source: IO[bytes],
    on_start: Callable[[str, dict[str, str]], None],
    on_end: Callable[[str], None] | None = None,
    on_text: Callable[[str], None] | None = None,
) -> None:
    """Stream `source` through expat, calling `on_start(local name, attributes)` per start tag (and
    `on_end(name)` per end tag, `on_text(data)` per run of text, when given)."""

    def start(name: str, attributes: dict[str, str]) -> None:
        on_start(name.rpartition("}")[2], attributes)

    def refuse_doctype(*_: object) -> None:
        raise CatalogueFileError(_CANNOT_OPEN)

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    if on_end is not None:
        parser.EndElementHandler = on_end
    if on_text is not None:
        parser.CharacterDataHandler = on_text
    parser.StartDoctypeDeclHandler = refuse_doctype
    try:
        parser.ParseFile(source)
    except _Enough:
        pass
    except expat.ExpatError:
        raise CatalogueFileError(_CANNOT_OPEN) from None


def _read_part(
    archive: zipfile.ZipFile,
    part: str,
    on_start: Callable[[str, dict[str, str]], None],
    on_end: Callable[[str], None] | None = None,
    on_text: Callable[[str], None] | None = None,
) -> None:
    try:
        with archive.open(part) as source:
            _parse(source, on_start, on_end, on_text)
    except KeyError:
        raise CatalogueFileError(_CANNOT_OPEN) from None


def _relationships(archive: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """(id, type, target part) of each internal relationship in the part's `_rels/<name>.rels`
    (ECMA-376 Part 2, Open Packaging Conventions); `part` "" is the package itself."""
    folder = posixpath.dirname(part)
    found: list[tuple[str, str, str]] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        target = attributes.get("Target", "")
        if name == "Relationship" and target and attributes.get("TargetMode") != "External":
            resolved = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found.append((attributes.get("Id", ""), attributes.get("Type", ""), resolved))

    _read_part(archive, posixpath.join(folder, "_rels", posixpath.basename(part) + ".rels"), start)
    return found


def _sheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str:
    """The zip member holding the worksheet named `sheet_name` (xl/worksheets/sheet2.xml)."""
    package = _relationships(archive, "")
    workbook_part = next((t for _, kind, t in package if kind.endswith("/officeDocument")), "xl/workbook.xml")
    targets = {rel_id: target for rel_id, _, target in _relationships(archive, workbook_part)}
    found: list[str] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        if name == "sheet" and attributes.get("name") == sheet_name:
            rel_id = next((v for k, v in attributes.items() if k.endswith("}id")), "")  # r:id
            found.append(targets.get(rel_id, ""))
            raise _Enough

    _read_part(archive, workbook_part, start)
    if not found or not found[0]:
        raise CatalogueFileError(_CANNOT_OPEN)
    return found[0]


def _hidden_rows(archive: zipfile.ZipFile, part: str) -> set[int]:
    """Row numbers with `hidden="1"` (or "true") in the sheet; a row without `r` follows the last."""
    hidden: set[int] = set()
    current = 0

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal current
        if name != "row":
            return
        try:
            current = int(float(attributes.get("r") or current + 1))
        except ValueError:
            raise CatalogueFileError(_CANNOT_OPEN) from None
        if current > config.MAX_SCANNED_ROWS:
            raise _Enough
        if attributes.get("hidden") in ("1", "true"):
            hidden.add(current)

    if _mentions(archive, part, (b"hidden", b"DOCTYPE")):
        _read_part(archive, part, start)
    return hidden


def _mentions(archive: zipfile.ZipFile, part: str, words: tuple[bytes, ...]) -> bool:
    """Whether the part's bytes contain one of `words`: most sheets hide no row and have no DOCTYPE,
    and inflating them is a fraction of parsing them (a superset test: a cell that says "hidden"
    only costs the parse)."""
    overlap = max(len(word) for word in words) - 1
    with archive.open(part) as source:
        tail = b""
        while chunk := source.read(1 << 20):
            window = tail + chunk
            if any(word in window for word in words):
                return True
            tail = window[-overlap:]
    return False


def _uncalculated_formulas(archive: zipfile.ZipFile, part: str) -> set[tuple[int, int]]:
    """(row, column index) of each cell with a formula (`<f>`) and no cached value (no `<v>`, or an
    empty one): a cell's value in a worksheet part is the `v` element, the formula the `f` element
    beside it (ECMA-376 Part 1, 18.3.1.4 c (Cell)). Excel writes both; a program that only writes
    formulas leaves `v` out or empty (openpyxl writes `<v />`), and `data_only` then reads None."""
    from openpyxl.utils.cell import coordinate_to_tuple  # openpyxl is loaded lazily, as in read_xlsx

    found: set[tuple[int, int]] = set()
    cell = {"reference": "", "formula": False, "value": False, "in_value": False}

    def start(name: str, attributes: dict[str, str]) -> None:
        if name == "c":
            cell.update(reference=attributes.get("r", ""), formula=False, value=False, in_value=False)
        elif name == "f":
            cell["formula"] = True
        elif name == "v":
            cell["in_value"] = True

    def text(data: str) -> None:
        if cell["in_value"] and data.strip():
            cell["value"] = True

    def end(name: str) -> None:
        local = name.rpartition("}")[2]
        if local == "v":
            cell["in_value"] = False
        if local != "c" or not cell["formula"] or cell["value"]:
            return
        try:
            row, column = coordinate_to_tuple(str(cell["reference"]))  # "D5" → (5, 4)
        except ValueError:
            return  # a cell without its reference: nothing to name
        if len(found) < MAX_UNCALCULATED:
            found.add((row, column - 1))

    if _mentions(archive, part, (b"<f>", b"<f ", b":f>", b":f ")):
        _read_part(archive, part, start, end, text)
    return found


MAX_UNCALCULATED = 10_000  # enough to name every such row of a catalogue's price column
