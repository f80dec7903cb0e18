"""Matching a file's rows to the products a shop already has (issue 25): which rows are new,
which are existing products and what they would change, which stored products the file does not
list, and which rows cannot be placed.

A row with a stock number is the piece with that number (or, the first time a shop's file has
the column, the watch's one reference product: `_adoptable`); a row without one is the reference
product of its folded (brand, reference), or, when the shop holds that watch only as numbered
pieces, its one piece (`_numbered_pieces`; with several pieces the row is not imported).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlmodel import Session

from horologen.services.accounts.access import ADMIN, Actor, require_role, require_tenant
from horologen.services.catalogue.brands import BrandFolder, brand_folder
from horologen.services.catalogue.changes import ProductChange, StoredProduct, compare, load_stored
from horologen.services.catalogue.files import CatalogueRow
from horologen.services.catalogue.prices import tax_included


@dataclass(frozen=True)
class ImportPlan:
    """What committing would do: rows to add, rows of existing products, and what they change."""

    to_add: list[CatalogueRow]
    existing: list[CatalogueRow]
    # existing row's line → the catalogue's price now, tax-included (compared with the file's, also
    # tax-included, so a 税抜 file does not look like a price cut)
    current_prices: dict[int, int | None] = field(default_factory=dict)
    changes: list[ProductChange] = field(default_factory=list)  # existing products with a changed field
    matched: dict[int, StoredProduct] = field(default_factory=dict)  # existing row's line → its product
    missing: list[StoredProduct] = field(default_factory=list)  # stored products the file does not have
    # rows without a stock number whose watch the shop holds as several numbered pieces: which one
    # the row means cannot be known, so it is not imported (row, how many pieces)
    unplaced: list[tuple[CatalogueRow, int]] = field(default_factory=list)

    @property
    def price_changes(self) -> int:
        """How many existing products' price as the customer sees it (tax-included, or no price, or
        sold / reserved) "価格を更新する" would change; a basis alone (税抜 for 税込, same total) is not."""
        return sum(1 for change in self.changes if any(f.field in ("price_jpy", "price_state") for f in change.fields))

    @property
    def blank_cells(self) -> int:
        """Cells blank in the file where the product has a value (kept unless 空欄で消す)."""
        return sum(1 for change in self.changes for f in change.fields if f.blank)


def row_key(folder: BrandFolder, row: CatalogueRow) -> tuple[str, str]:
    """(folded brand key, reference key): the shop's aliases and the built-in spellings applied."""
    return (folder.key(row.brand), row.reference_key)


def plan_import(
    *,
    session: Session,
    actor: Actor,
    tenant_id: int,
    rows: Sequence[CatalogueRow],
    spec_columns: Sequence[str] = (),
    compare_fields: bool = True,
    name_column: bool = True,
) -> ImportPlan:
    """Match every row to the tenant's products (shop admins, or the system for the ops scripts).

    In: the file's valid rows and its spec column headers (only those are compared). Out: rows to
    add, rows of existing products with the catalogue's tax-included price now, and the changes
    (with compare_fields=False none: `plan_changes` computes them later)."""
    require_role(actor, ADMIN)
    require_tenant(actor, tenant_id)
    pieces, references = load_stored(session, tenant_id)
    folder = brand_folder(session=session, tenant_id=tenant_id)
    columns = list(spec_columns)
    to_add: list[CatalogueRow] = []
    existing: list[CatalogueRow] = []
    current: dict[int, int | None] = {}
    changes: list[ProductChange] = []
    matched: dict[int, StoredProduct] = {}
    unplaced: list[tuple[CatalogueRow, int]] = []
    seen: set[object] = set()
    adoptable = _adoptable(folder, rows, pieces, references)
    numbered = _numbered_pieces(folder, rows, pieces)
    for row in rows:
        key: str | tuple[str, str] = row.stock_number if row.stock_number is not None else row_key(folder, row)
        stored = pieces.get(key) if isinstance(key, str) else references.get(key)
        if stored is None and isinstance(key, str):
            stored = adoptable.get(key)  # the shop's first file with stock numbers: its reference product
        if key in seen:  # two spellings the shop's alias folds together: the first one wins
            continue
        seen.add(key)
        if stored is None and not isinstance(key, str) and key in numbered:
            candidates = numbered[key]  # a file without stock numbers, a watch the shop holds as pieces
            if len(candidates) > 1:
                unplaced.append((row, len(candidates)))
                continue
            stored = candidates[0]
        if stored is None:
            to_add.append(row)
            continue
        existing.append(row)
        current[row.line] = tax_included(stored.price_jpy, stored.price_tax)
        matched[row.line] = stored
    # Reported, never deleted: a piece missing from a shop's export is often sold, but the export may
    # also be filtered (tests/data/shop_files/CASES.md, corr_b_v2.txt).
    found = {stored.id for stored in matched.values()}
    missing = [p for p in (*pieces.values(), *references.values()) if p.id not in found]
    plan = ImportPlan(to_add, existing, current, changes, matched, missing, unplaced)
    if compare_fields:
        changes += plan_changes(plan, folder, columns, name_column)
    return plan


def plan_changes(
    plan: ImportPlan, folder: BrandFolder, spec_columns: list[str], name_column: bool = True
) -> list[ProductChange]:
    """The changed fields of every existing row's product, in the file's order (pure Python: no
    session, so the commit runs it beside its COPY of the new rows)."""
    changes: list[ProductChange] = []
    for row in plan.existing:
        stored = plan.matched[row.line]
        fields = compare(stored, row, folder, spec_columns, name_column)
        if fields:
            changes.append(ProductChange(stored, row.line, fields))
    return changes


def _numbered_pieces(
    folder: BrandFolder, rows: Sequence[CatalogueRow], pieces: dict[str, StoredProduct]
) -> dict[tuple[str, str], list[StoredProduct]]:
    """(brand key, reference key) → the stored pieces of that watch a row without a stock number
    may mean: those no row of the file names by its number.

    A shop whose products are pieces (管理番号) may still upload a file without the column (an older
    export, a price list): its row is that watch's one piece, and is matched to it; with several
    pieces the row cannot be placed and is not imported (adding it would list the watch twice)."""
    if not pieces or all(row.stock_number is not None for row in rows):
        return {}
    named = {row.stock_number for row in rows if row.stock_number is not None}
    numbered: dict[tuple[str, str], list[StoredProduct]] = {}
    for number, piece in pieces.items():
        if number not in named:
            numbered.setdefault((piece.brand_key, piece.reference_key), []).append(piece)
    return numbered


def _adoptable(
    folder: BrandFolder,
    rows: Sequence[CatalogueRow],
    pieces: dict[str, StoredProduct],
    references: dict[tuple[str, str], StoredProduct],
) -> dict[str, StoredProduct]:
    """Stock number → the stored reference product (no stock number) a new piece row takes over.

    A shop that imported without a 管理番号 column and now exports with one would otherwise get
    each watch twice: the old reference product and a new piece. A new piece row takes over the
    reference product of its brand and reference when it is the only new piece row of that watch
    in the file and no row of the file still lists the watch without one (with two, which one the
    stored product is cannot be known: both are added and the stored one is reported as not in the
    file). Only 「すべての変更を反映」 writes the stock number."""
    new_pieces = [row for row in rows if row.stock_number is not None and row.stock_number not in pieces]
    if not new_pieces or not references:  # most imports: nothing to take over, no key computed
        return {}
    claims: dict[tuple[str, str], list[str]] = {}
    for row in new_pieces:
        claims.setdefault(row_key(folder, row), []).append(str(row.stock_number))
    # watches the file still lists as a reference (no stock number) keep their reference product
    kept = {row_key(folder, row) for row in rows if row.stock_number is None}
    return {
        numbers[0]: references[key]
        for key, numbers in claims.items()
        if len(numbers) == 1 and key in references and key not in kept
    }
