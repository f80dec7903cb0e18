"""The preview's validated rows, kept with the upload so the commit does not parse the file again.

A 100,000-row file takes seconds to parse and validate (bench/import_vs_copy.py); the preview has
done it, and the commit must write exactly what the preview showed. The rows are stored as
compressed JSON (never pickle: the database must not be able to make the app run code) in
`catalogue_uploads.parsed`, on any instance. `unpack` returns None for anything it does not
recognise (an older format, a damaged value), and the commit then parses the stored file as before.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass

from horologen.services.catalogue.files import CatalogueRow, ParsedCatalogue

FORMAT = 1  # bump when CatalogueRow changes: older packs are then re-parsed from the file


@dataclass(frozen=True)
class PackedRows:
    """What the commit needs of a parse: the valid rows and the file's spec column headers."""

    rows: list[CatalogueRow]
    spec_columns: list[str]


def pack(parsed: ParsedCatalogue) -> bytes:
    """In: a parse. Out: zlib-compressed UTF-8 JSON of its rows and spec columns (about a fifth
    of the CSV's bytes for a typical catalogue)."""
    rows = [
        [
            row.line,
            row.brand,
            row.reference,
            row.name,
            row.price_jpy,
            row.specs,
            row.price_tax,
            row.stock_number,
            row.sale_state,
            row.reference_key,
        ]
        for row in parsed.rows
    ]
    text = json.dumps(
        {"format": FORMAT, "spec_columns": parsed.spec_columns, "rows": rows},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return zlib.compress(text.encode("utf-8"), 1)


def unpack(data: bytes | None) -> PackedRows | None:
    """In: what `pack` wrote (or None). Out: the rows, each with its reference key already set;
    None when there is nothing usable (then the caller parses the file)."""
    if not data:
        return None
    try:
        packed = json.loads(zlib.decompress(data).decode("utf-8"))
        if packed.get("format") != FORMAT:
            return None
        rows = []
        for line, brand, reference, name, price, specs, tax, stock, state, reference_key in packed["rows"]:
            row = CatalogueRow(line, brand, reference, name, price, specs, tax, stock, state)
            row.__dict__["reference_key"] = reference_key  # the cached property, as the parse computed it
            rows.append(row)
        return PackedRows(rows, list(packed["spec_columns"]))
    except (ValueError, TypeError, KeyError, zlib.error):
        return None
