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
from operator import attrgetter

from horologen.services.catalogue.files import CatalogueRow, ParsedCatalogue

FORMAT = 4  # bump when CatalogueRow changes: older packs are then re-parsed from the file
# Column by column (format 2): a row-by-row pack repeated every spec label in every row, which made
# the JSON twice the CSV and its reading the larger part of a 100k-row commit (bench/import_vs_copy.py).
_FIELDS = ("line", "brand", "reference", "name", "price_jpy", "price_tax", "stock_number", "sale_state")


@dataclass(frozen=True)
class PackedRows:
    """What the commit needs of a parse: the valid rows and the file's spec column headers."""

    rows: list[CatalogueRow]
    spec_columns: list[str]
    name_column: bool = True  # the file has a 商品名 column


def pack(parsed: ParsedCatalogue) -> bytes:
    """In: a parse. Out: zlib-compressed UTF-8 JSON of its rows, one list per field and one per spec
    column (null for a blank cell), and the spec column headers."""
    rows = parsed.rows
    labels = parsed.spec_columns
    fields = attrgetter(*_FIELDS, "reference_key")
    columns = list(zip(*map(fields, rows), strict=True)) or [() for _ in range(len(_FIELDS) + 1)]
    packed: dict[str, object] = dict(zip((*_FIELDS, "reference_key"), columns, strict=True))
    packed["specs"] = [[row.specs.get(label) for row in rows] for label in labels]  # a list per spec column
    packed |= {"format": FORMAT, "spec_columns": labels, "name_column": parsed.name_column}
    text = json.dumps(packed, ensure_ascii=False, separators=(",", ":"))
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
        labels = list(packed["spec_columns"])
        spec_columns = packed["specs"]
        if len(spec_columns) != len(labels):
            return None
        columns = [packed[name] for name in (*_FIELDS, "reference_key")]
        columns.append(list(zip(*spec_columns, strict=True)) if labels else [()] * len(columns[0]))
        rows = []
        new = object.__new__
        for line, brand, reference, name, price, tax, stock, state, reference_key, values in zip(*columns, strict=True):
            row = new(CatalogueRow)  # a frozen dataclass: its fields set as __init__ would, and the cached key
            row.__dict__.update(
                line=line, brand=brand, reference=reference, name=name, price_jpy=price, price_tax=tax,
                stock_number=stock, sale_state=state, reference_key=reference_key,
                specs={label: value for label, value in zip(labels, values, strict=True) if value is not None},
            )  # fmt: skip
            rows.append(row)
        return PackedRows(rows, labels, bool(packed["name_column"]))
    except (ValueError, TypeError, KeyError, zlib.error):
        return None
