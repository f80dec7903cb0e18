"""What a re-uploaded catalogue would change in products that already exist (issue 25 item B).

A shop re-exports its whole list after corrections: a rank A → B, accessories, a price, a name, a
price that became ASK, a cell emptied. The preview shows each changed field as old → new; the admin
chooses what is applied (nothing, prices only, or every change) and whether a blank cell erases the
stored value (by default it does not: tests/data/shop_files/CASES.md lets a blank be kept when the
report says so). Widths and trailing spaces are not changes: values are compared after NFKC
(`Ａ` is `A`, corr_c_v2.csv), as in the cases.

In: the stored product (`StoredProduct`, read once per import) and the file's row. Out:
`FieldChange`s, and for an apply mode the new column values. Field names are `name`, `price_jpy`,
`price_tax`, `price_state`, `brand`, `reference` (pieces only), `stock_number` (a reference product
a row's stock number adopts: import_writer.plan_import), or a spec header as the file writes it.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from horologen import db
from horologen.models import MasterProduct
from horologen.services.catalogue.brands import BrandFolder
from horologen.services.catalogue.files import CatalogueRow
from horologen.services.catalogue.headers import same_fact_label
from horologen.services.catalogue.normalise import normalise_key
from horologen.services.catalogue.price_words import RESERVED, SALE_LABELS, SOLD, price_state
from horologen.services.catalogue.prices import tax_included

APPLY_NONE, APPLY_PRICES, APPLY_ALL = "none", "prices", "all"
APPLY_MODES = (APPLY_NONE, APPLY_PRICES, APPLY_ALL)
PRICE_FIELDS = ("price_jpy", "price_tax", "price_state")
FIELD_LABELS = {
    "name": "商品名",
    "price_jpy": "価格",
    "price_tax": "税区分",
    "price_state": "販売状態",
    "brand": "ブランド",
    "reference": "型番",
    "stock_number": "管理番号",
}
STATE_LABELS = {"priced": "販売中", "on_request": "価格なし（お問い合わせ）", **SALE_LABELS}
TAX_LABELS = {"included": "税込", "excluded": "税抜", "unknown": "記載なし"}


@dataclass(frozen=True)
class StoredProduct:
    """A product's columns as an import compares them."""

    id: int
    brand: str
    brand_key: str
    reference: str
    reference_key: str
    stock_number: str | None
    name: str
    price_jpy: int | None
    price_tax: str
    sale_state: str
    sold_at: datetime | None
    specs: dict[str, Any]

    @property
    def label(self) -> str:
        """How the preview names it: `A-0012（ROLEX 126610LN）`, or `ROLEX 126610LN`."""
        watch = f"{self.brand} {self.reference}"
        return f"{self.stock_number}（{watch}）" if self.stock_number else watch


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any
    blank: bool = False  # the new file's cell is blank: kept unless the admin chooses 空欄で消す
    replaces: str = ""  # the stored spec label of the same fact under another spelling (状態 for 状態ランク)

    @property
    def is_price(self) -> bool:
        return self.field in PRICE_FIELDS

    def shown(self) -> tuple[str, str, str]:
        """(label, old, new) as the preview writes them: `価格`, `¥1,880,000`, `¥1,780,000`."""
        return FIELD_LABELS.get(self.field, self.field), _shown(self.field, self.old), _shown(self.field, self.new)


@dataclass(frozen=True)
class ProductChange:
    product: StoredProduct
    line: int  # the file's line of the row
    fields: list[FieldChange] = field(default_factory=list)


def _shown(name: str, value: Any) -> str:
    if value is None or value == "":
        return "（空欄）"
    if name == "price_jpy":
        return f"¥{value:,}"
    if name == "price_state":
        return STATE_LABELS.get(value, str(value))
    if name == "price_tax":
        return TAX_LABELS.get(value, str(value))
    return str(value)


def same_text(old: object, new: object) -> bool:
    """Equal once both are NFKC-folded and trimmed (`Ａ` is `A`; `858,000 ` is `858,000`)."""
    if old == new:  # most values of a re-upload: no folding needed
        return True
    fold = unicodedata.normalize
    return fold("NFKC", str(old or "")).strip() == fold("NFKC", str(new or "")).strip()


_COLUMNS: tuple[Any, ...] = (  # SQLModel types each as its Python value; here they are columns
    MasterProduct.id,
    MasterProduct.brand,
    MasterProduct.brand_key,
    MasterProduct.reference,
    MasterProduct.reference_key,
    MasterProduct.stock_number,
    MasterProduct.name,
    MasterProduct.price_jpy,
    MasterProduct.price_tax,
    MasterProduct.sale_state,
    MasterProduct.sold_at,
    MasterProduct.specs,
)


def load_stored(
    session: Session, tenant_id: int
) -> tuple[dict[str, StoredProduct], dict[tuple[str, str], StoredProduct]]:
    """The tenant's products in one query: pieces by stock number, references by folded
    (brand_key, reference_key). The caller has checked the actor for `tenant_id`."""
    pieces: dict[str, StoredProduct] = {}
    references: dict[tuple[str, str], StoredProduct] = {}
    for stored in _read_stored(session, tenant_id):
        if stored.stock_number is not None:
            pieces[stored.stock_number] = stored
        else:
            references.setdefault((stored.brand_key, stored.reference_key), stored)
    return pieces, references


def _read_stored(session: Session, tenant_id: int) -> list[StoredProduct]:
    if session.get_bind().dialect.name != "postgresql":
        statement = select(*_COLUMNS).where(col(MasterProduct.tenant_id) == tenant_id)
        # The ignores on both returns: row[:-1] is the 11 columns before specs; mypy cannot count a slice.
        return [StoredProduct(*row[:-1], specs=dict(row[-1] or {})) for row in session.execute(statement)]  # type: ignore[misc]
    # psycopg's own cursor, and the specs as text read by one json.loads: 50,000 products in two
    # thirds of the time of SQLAlchemy rows with a json.loads each (bench/import_vs_copy.py).
    names = ", ".join("specs::text" if c.key == "specs" else str(c.key) for c in _COLUMNS)
    with db.psycopg_connection(session).cursor() as cursor:
        cursor.execute(f"SELECT {names} FROM master_products WHERE tenant_id = %s", (tenant_id,))  # noqa: S608
        rows = cursor.fetchall()
    specs = json.loads("[" + ",".join(row[-1] or "null" for row in rows) + "]")
    return [StoredProduct(*row[:-1], specs=spec or {}) for row, spec in zip(rows, specs, strict=True)]  # type: ignore[misc]


def compare(
    stored: StoredProduct, row: CatalogueRow, folder: BrandFolder, spec_columns: list[str], name_column: bool = True
) -> list[FieldChange]:
    """Every field the row would change in the stored product. Only the file's own columns are
    compared: its spec columns, and the name when it has a 商品名 column (a column the file does
    not have says nothing, so a price list never erases names); a piece's brand and reference are
    compared by their keys (a re-spelt `ロレックス` is no change)."""
    changes: list[FieldChange] = []
    if stored.stock_number is None and row.stock_number is not None:  # a reference becomes a piece
        changes.append(FieldChange("stock_number", None, row.stock_number))
    if stored.stock_number is not None:
        if folder.key(row.brand) != stored.brand_key:
            changes.append(FieldChange("brand", stored.brand, folder.display(row.brand)))
        if (row.reference_key) != stored.reference_key:
            changes.append(FieldChange("reference", stored.reference, row.reference))
    if name_column and not same_text(stored.name, row.name):
        changes.append(FieldChange("name", stored.name or None, row.name or None, blank=not row.name))
    # A sold piece stays sold whatever an older list says: 販売中に戻す on its page sells it again, so
    # an import never quietly puts back on sale a watch the shop no longer has (nor its price).
    if stored.sale_state == SOLD and row.sale_state != SOLD:
        return changes + _spec_changes(stored, row, spec_columns)
    # The price as the customer sees it (tax-included), so a 税抜 file is no price cut. A row that
    # says SOLD or 商談中 without a number says nothing about the price: the stored one is kept, so
    # a deal that falls through (販売中に戻す) finds its price again.
    keeps_price = sale_word_only(row)
    if (
        not keeps_price
        and stored.price_jpy != row.price_jpy  # the same number on another basis is the 税区分 line alone
        and tax_included(stored.price_jpy, stored.price_tax) != tax_included(row.price_jpy, row.price_tax)
    ):
        changes.append(FieldChange("price_jpy", stored.price_jpy, row.price_jpy))
    if not keeps_price and stored.price_tax != row.price_tax and (stored.price_jpy, row.price_jpy) != (None, None):
        # The basis travels with the number (1,980,000 税込 → 1,800,000 税抜 is no change to the customer).
        changes.append(FieldChange("price_tax", stored.price_tax, row.price_tax))
    old_state, new_state = price_state(stored.price_jpy, stored.sale_state), row.price_state
    if old_state != new_state:
        changes.append(FieldChange("price_state", old_state, new_state))
    return changes + _spec_changes(stored, row, spec_columns)


def _spec_changes(stored: StoredProduct, row: CatalogueRow, spec_columns: list[str]) -> list[FieldChange]:
    """The file's spec columns that differ from the product's (a fact spelt otherwise counts as the same)."""
    changes: list[FieldChange] = []
    for label in spec_columns:
        old, new = stored.specs.get(label), row.specs.get(label)
        alias = same_fact_label(label, stored.specs) if old is None else None  # 状態 stored, 状態ランク in the file
        if alias is not None:
            old = stored.specs.get(alias)
        old = None if old is None or str(old).strip() == "" else str(old)
        if not same_text(old, new):
            changes.append(FieldChange(label, old, new or None, blank=not new, replaces=alias or ""))
    return changes


def sale_word_only(row: CatalogueRow) -> bool:
    """The row is sold or reserved and has no price (its price cell said SOLD, 商談中…, or was blank
    beside a status column that did): it changes the sale state, never the stored price."""
    return row.price_jpy is None and row.sale_state in (RESERVED, SOLD)


def applied(changes: list[FieldChange], mode: str, blank_erases: bool) -> list[FieldChange]:
    """The changes an apply mode writes: none; prices (price, tax basis, sale state); or all, where
    a blank cell erases the stored value only with `blank_erases`."""
    if mode == APPLY_PRICES:
        return [c for c in changes if c.is_price]
    if mode == APPLY_ALL:
        return [c for c in changes if not c.blank or blank_erases]
    return []


def new_values(
    stored: StoredProduct, row: CatalogueRow, chosen: list[FieldChange], folder: BrandFolder
) -> dict[str, Any]:
    """The product's columns after `chosen` (from `applied`) are written: the price, its basis and
    the sale state travel together (the price cell carries all three); specs keep the columns the
    file does not have."""
    values: dict[str, Any] = {}
    names = {c.field for c in chosen}
    if names & set(PRICE_FIELDS):
        values["sale_state"] = row.sale_state
        if not sale_word_only(row):
            values |= {"price_jpy": row.price_jpy, "price_tax": row.price_tax}
    if "name" in names:
        values["name"] = row.name
    if "brand" in names:
        values |= {"brand": folder.display(row.brand), "brand_key": folder.key(row.brand)}
    if "stock_number" in names:
        values["stock_number"] = row.stock_number
    if "reference" in names:
        values |= {"reference": row.reference, "reference_key": normalise_key(row.reference)}
    spec_changes = [c for c in chosen if c.field not in FIELD_LABELS]
    if spec_changes:
        specs = dict(stored.specs)
        for change in spec_changes:
            if change.replaces:  # one fact, one label: the file's spelling takes over
                specs.pop(change.replaces, None)
            if change.new is None:
                specs.pop(change.field, None)
            else:
                specs[change.field] = change.new
        values["specs"] = specs
    return values
