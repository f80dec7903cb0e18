"""What the /admin/upload preview shows, as typed rows: a refused file named with its type, sample
rows new and existing (the price now beside the file's), one line per changed field, and the
notes on the price column's tax."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from horologen.services.catalogue.changes import ProductChange, sale_word_only
from horologen.services.catalogue.files import CatalogueRow
from horologen.services.catalogue.price_words import SALE_LABELS
from horologen.services.catalogue.prices import tax_included
from horologen.services.catalogue.problems import RowError

ACCEPTED_TYPES = "CSV（.csv / .txt）または Excel（.xlsx）"
TYPE_NAMES = {
    ".pdf": "PDF", ".doc": "Word", ".docx": "Word", ".numbers": "Numbers", ".ods": "OpenDocument",
    ".zip": "ZIP", ".jpg": "画像", ".jpeg": "画像", ".png": "画像", ".heic": "画像", ".json": "JSON",
}  # fmt: skip
PRICE_TAX_NOTES = {
    "included": "価格列は税込として取り込みます。",
    "excluded": "価格列は税抜として取り込みます。画面と記事では税込総額（税抜＋10%）を表示し、比較も税込で行います。",
    "unknown": "価格列に税込・税抜の記載がありません。記事では店舗プロフィールの設定（既定: 税込）に従って表示します。",
}


@dataclass(frozen=True)
class LineNote:
    """A line of the file and what is wrong with it (an error: not imported; a warning: imported)."""

    line: str
    reason: str


@dataclass(frozen=True)
class PreviewRow:
    """A sample row of the file; an existing product also has its price now and what an update does."""

    line: str
    stock: str
    brand: str
    reference: str
    name: str
    price: str
    current: str = ""
    change: str = ""


@dataclass(frozen=True)
class ChangeLine:
    """One changed field of an existing product: 変更前 → 変更後, and a note (blank cell, price)."""

    product: str
    line: str
    field: str
    old: str
    new: str
    note: str


def rejected_message(names: object) -> str:
    """Why the browser refused the file(s) chosen (the accept list of the picker and the drop zone),
    naming the file and its type. `names` comes from the client: anything odd gets the plain answer."""
    listed = [str(n) for n in names if isinstance(n, str)] if isinstance(names, list) else []
    if len(listed) > 1:
        return f"ファイルは 1 つずつ選んでください（{ACCEPTED_TYPES}）。"
    raw = listed[0] if listed else ""
    name = PurePosixPath(raw.replace("\\", "/").replace("\x00", "")).name[:120]
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in TYPE_NAMES:
        kind = f"{TYPE_NAMES[suffix]} ファイル"
    elif suffix[1:].isascii() and suffix[1:].isalnum():
        kind = f"{suffix[1:].upper()} 形式のファイル"
    else:
        kind = "この種類のファイル"
    named = f"「{name}」は" if name else "このファイルは"
    return f"{named}{kind}のため取り込めません。{ACCEPTED_TYPES}のファイルを選んでください。"


def _price_text(row: CatalogueRow) -> str:
    """`¥1,980,000`, `価格なし`, `売約済み`, `商談中 ¥1,650,000`: the price cell as imported."""
    price = "価格なし" if row.price_jpy is None else f"¥{row.price_jpy:,}"
    if row.sale_state == "available":
        return price
    return SALE_LABELS[row.sale_state] + ("" if row.price_jpy is None else f" {price}")


def new_row(row: CatalogueRow) -> PreviewRow:
    """A row that adds a product."""
    return PreviewRow(
        line=str(row.line),
        stock=row.stock_number or "",
        brand=row.brand,
        reference=row.reference,
        name=row.name,
        price=_price_text(row),
    )


def existing_row(row: CatalogueRow, current: int | None, current_state: str = "available") -> PreviewRow:
    """An existing product: the catalogue's tax-included price now beside the file's, and what an
    update does (`current_state`: the product's sale state now)."""
    new = tax_included(row.price_jpy, row.price_tax)
    if current_state == "sold" and row.sale_state != "sold":  # an import never puts a sold piece back on sale
        change = "売約済みのまま（販売を再開するなら商品画面の「販売中に戻す」）"
    elif sale_word_only(row) and current_state == row.sale_state:  # SOLD / 商談中 again: nothing changes
        change = f"変更なし（{SALE_LABELS[row.sale_state]}）"
    elif sale_word_only(row):  # SOLD / 商談中 without a number: the state changes, the stored price is kept
        change = f"{SALE_LABELS.get(current_state, '販売中')} → {SALE_LABELS[row.sale_state]}（価格はそのまま）"
    elif current == new:
        change = "変更なし"
    elif current is None or new is None:
        change = f"{'価格なし' if current is None else f'¥{current:,}'} → {'価格なし' if new is None else f'¥{new:,}'}"
    else:
        diff = new - current
        change = f"¥{current:,} → ¥{new:,}（{'+' if diff > 0 else '−'}¥{abs(diff):,}）"
    shown = new_row(row)
    return PreviewRow(
        line=shown.line,
        stock=shown.stock,
        brand=shown.brand,
        reference=shown.reference,
        name=shown.name,
        price=shown.price,
        current="—" if current is None else f"¥{current:,}",
        change=change,
    )


def change_lines(changes: list[ProductChange]) -> list[ChangeLine]:
    """One line per changed field of each existing product: 商品, 項目, 変更前 → 変更後, and whether the
    file's cell is blank (kept unless 空欄で消す)."""
    lines = []
    for change in changes:
        for item in change.fields:
            label, old, new = item.shown()
            note = "空欄（既定では残します）" if item.blank else ("価格" if item.is_price else "")
            lines.append(ChangeLine(product=change.product.label, line=str(change.line), field=label,
                                    old=old, new=new, note=note))  # fmt: skip
    return lines


def line_notes(problems: list[RowError]) -> list[LineNote]:
    """Row errors or warnings as (line, reason)."""
    return [LineNote(line=str(p.line), reason=p.reason) for p in problems]
