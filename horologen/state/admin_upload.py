"""/admin/upload: choose a file → preview with per-row errors → confirm → summary."""

from __future__ import annotations

import asyncio

import reflex as rx

from horologen import config, db
from horologen.services.accounts.access import ADMIN, AccessDenied
from horologen.services.catalogue import upload as catalogue_upload
from horologen.services.catalogue.changes import APPLY_ALL, APPLY_MODES, APPLY_NONE, APPLY_PRICES, ProductChange
from horologen.services.catalogue.files import CatalogueFileError, CatalogueRow
from horologen.services.catalogue.price_words import SALE_LABELS
from horologen.services.catalogue.prices import tax_included
from horologen.services.operations import inputs
from horologen.state.base import AppState

UPLOAD_ID = "catalogue-file"
ACCEPTED_TYPES = "CSV（.csv / .txt）または Excel（.xlsx）"
TYPE_NAMES = {
    ".pdf": "PDF", ".doc": "Word", ".docx": "Word", ".numbers": "Numbers", ".ods": "OpenDocument",
    ".zip": "ZIP", ".jpg": "画像", ".jpeg": "画像", ".png": "画像", ".heic": "画像", ".json": "JSON",
}  # fmt: skip


def rejected_message(names: object) -> str:
    """Why the browser refused the file(s) chosen (the accept list of the picker and the drop zone),
    naming the file and its type. `names` comes from the client: anything odd gets the plain answer."""
    from pathlib import PurePosixPath

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


def _row(row: CatalogueRow) -> dict[str, str]:
    return {
        "line": str(row.line),
        "stock": row.stock_number or "",
        "brand": row.brand,
        "reference": row.reference,
        "name": row.name,
        "price": _price_text(row),
    }


def _change_rows(changes: list[ProductChange]) -> list[dict[str, str]]:
    """One line per changed field of each existing product: 商品, 項目, 変更前 → 変更後, and whether the
    file's cell is blank (kept unless 空欄で消す)."""
    rows = []
    for change in changes:
        for item in change.fields:
            label, old, new = item.shown()
            note = "空欄（既定では残します）" if item.blank else ("価格" if item.is_price else "")
            rows.append({"product": change.product.label, "line": str(change.line), "field": label,
                         "old": old, "new": new, "note": note})  # fmt: skip
    return rows


PRICE_TAX_NOTES = {
    "included": "価格列は税込として取り込みます。",
    "excluded": "価格列は税抜として取り込みます。画面と記事では税込総額（税抜＋10%）を表示し、比較も税込で行います。",
    "unknown": "価格列に税込・税抜の記載がありません。記事では店舗プロフィールの設定（既定: 税込）に従って表示します。",
}


def _existing_row(row: CatalogueRow, current: int | None) -> dict[str, str]:
    """An existing product: the catalogue's tax-included price now beside the file's, and what an
    update does."""
    new = tax_included(row.price_jpy, row.price_tax)
    if current == new:
        change = "変更なし"
    elif current is None or new is None:
        change = f"{'価格なし' if current is None else f'¥{current:,}'} → {'価格なし' if new is None else f'¥{new:,}'}"
    else:
        diff = new - current
        change = f"¥{current:,} → ¥{new:,}（{'+' if diff > 0 else '−'}¥{abs(diff):,}）"
    return {
        **_row(row),
        "current": "—" if current is None else f"¥{current:,}",
        "change": change,
    }


class AdminUploadState(AppState):
    access: str = ""
    processing: bool = False
    progress: int = 0
    error: str = ""
    upload_id: int = 0
    filename: str = ""
    total_rows: int = 0
    to_add: int = 0
    existing: int = 0
    error_count: int = 0
    row_errors: list[dict[str, str]] = []
    sample_add: list[dict[str, str]] = []
    sample_existing: list[dict[str, str]] = []
    price_changes: int = 0
    price_tax_note: str = ""
    private_columns: list[str] = []
    spec_columns: str = ""
    warnings: list[dict[str, str]] = []
    warning_count: int = 0
    skipped_sheets: str = ""
    hidden_rows: int = 0
    no_price: int = 0
    sold: int = 0
    reserved: int = 0
    pieces: int = 0
    changes: list[dict[str, str]] = []  # one line per changed field of the first changed products
    changed: int = 0
    blank_cells: int = 0
    missing: int = 0  # stored products the file does not have (nothing is deleted)
    missing_sample: str = ""
    apply_mode: str = APPLY_NONE  # none | prices | all (the three choices under the changes)
    blank_erases: bool = False
    result: str = ""
    _viewer: str = ""
    _rejected: str = ""  # why the browser refused the file last chosen, until another is chosen

    def _reset_preview(self) -> None:
        self.upload_id = 0
        self.filename = ""
        self.total_rows = self.to_add = self.existing = self.error_count = 0
        self.row_errors = []
        self.sample_add = []
        self.sample_existing = []
        self.price_changes = 0
        self.price_tax_note = ""
        self.private_columns = []
        self.spec_columns = ""
        self.warnings = []
        self.skipped_sheets = ""
        self.warning_count = self.hidden_rows = self.no_price = self.sold = self.reserved = self.pieces = 0
        self.changes = []
        self.changed = self.blank_cells = self.missing = 0
        self.missing_sample = ""
        self.apply_mode = APPLY_NONE
        self.blank_erases = False

    @rx.var
    def update_prices(self) -> bool:
        return self.apply_mode == APPLY_PRICES

    @rx.var
    def has_work(self) -> bool:
        """Whether committing would change the catalogue: new products, or existing ones as chosen."""
        if self.apply_mode == APPLY_ALL:
            return self.to_add > 0 or self.changed > 0
        return self.to_add > 0 or (self.apply_mode == APPLY_PRICES and self.price_changes > 0)

    @rx.event
    def on_load(self) -> rx.event.EventSpec | None:
        user, redirect = self._enter(ADMIN)
        # Coming back keeps the preview; another user never sees it. A message was about an earlier
        # attempt and is gone either way.
        if not self._same_viewer(user):
            self._reset_preview()
            self.processing = False
        self.error = self.result = ""
        return redirect

    @rx.event
    def on_progress(self, progress: dict) -> None:
        value = progress.get("progress", 0) if isinstance(progress, dict) else 0
        fraction = value if isinstance(value, int | float) and not isinstance(value, bool) else 0
        self.progress = round(min(max(float(fraction), 0.0), 1.0) * 100)

    @rx.event
    def rejected(self, names: list[str]) -> None:
        """The file picker or the drop zone refused a file (a PDF, say): say which and why, at once."""
        self._rejected = rejected_message(names)
        self.error, self.result = self._rejected, ""

    @rx.event
    def start(self) -> None:
        self.processing = True
        self.error = self.result = ""

    @rx.event
    async def handle_upload(self, files: list[rx.UploadFile]) -> rx.event.EventSpec | None:
        self._reset_preview()
        self.result = ""
        user, redirect = self._gate(ADMIN)
        if user is None:
            self.processing = False
            return redirect
        if not files:
            self.processing = False
            self.error = self._rejected or "ファイルを選んでください。"
            return None
        self._rejected = ""
        upload = files[0]
        data = await upload.read(config.MAX_UPLOAD_BYTES + 1)
        filename = upload.name or "catalogue.csv"

        def preview_in_thread() -> catalogue_upload.UploadPreview:
            with db.session() as session:
                return self._call(
                    user,
                    "admin_upload.preview",
                    lambda actor: catalogue_upload.preview_upload(
                        session=session, actor=actor, filename=filename, data=data
                    ),
                )

        try:
            # Parsing a large file takes seconds of CPU: off the event loop, so /healthz and every
            # other tenant keep being answered meanwhile.
            preview = await asyncio.to_thread(preview_in_thread)
        except (CatalogueFileError, AccessDenied) as exc:
            self.processing = False
            self.error = str(exc)
            return rx.clear_selected_files(UPLOAD_ID)
        self.processing = False
        self.upload_id = preview.upload_id
        self.filename = preview.filename
        self.total_rows = preview.total_rows
        self.to_add = preview.to_add
        self.existing = preview.existing
        self.error_count = preview.error_count
        self.row_errors = [{"line": str(e.line), "reason": e.reason} for e in preview.errors]
        self.sample_add = [_row(r) for r in preview.sample_add]
        self.sample_existing = [_existing_row(r, preview.current_prices.get(r.line)) for r in preview.sample_existing]
        self.price_changes = preview.price_changes
        self.price_tax_note = PRICE_TAX_NOTES.get(preview.price_tax, "")
        self.private_columns = list(preview.private_columns)
        self.spec_columns = "、".join(preview.spec_columns)
        self.warnings = [{"line": str(w.line), "reason": w.reason} for w in preview.warnings]
        self.warning_count = preview.warning_count
        self.skipped_sheets = "、".join(preview.skipped_sheets)
        self.hidden_rows = preview.hidden_rows
        self.no_price, self.sold, self.reserved = preview.no_price, preview.sold, preview.reserved
        self.pieces = preview.pieces
        self.changes = _change_rows(preview.changes)
        self.changed, self.blank_cells = preview.changed, preview.blank_cells
        self.missing, self.missing_sample = preview.missing, "、".join(preview.missing_sample)
        return rx.clear_selected_files(UPLOAD_ID)

    @rx.event
    def set_update_prices(self, value: bool) -> None:
        checked = self._checked("upload.set_update_prices", inputs.flag, value)
        if checked is not None:
            self.apply_mode = APPLY_PRICES if checked else APPLY_NONE

    @rx.event
    def set_apply_mode(self, value: str) -> None:
        """The radio under the changes: 反映しない / 価格だけ反映 / すべて反映."""
        if isinstance(value, str) and value in APPLY_MODES:
            self.apply_mode = value

    @rx.event
    def set_blank_erases(self, value: bool) -> None:
        checked = self._checked("upload.set_blank_erases", inputs.flag, value)
        if checked is not None:
            self.blank_erases = checked

    @rx.event
    def cancel(self) -> None:
        self._reset_preview()
        self.result = "取り込みを取り消しました。カタログは変更されていません。"

    @rx.event
    def commit(self) -> rx.event.EventSpec | None:
        user, redirect = self._gate(ADMIN)
        if user is None:
            return redirect
        if not self.upload_id:
            return None
        try:
            with db.session() as session:
                result = self._call(
                    user,
                    "admin_upload.commit",
                    lambda actor: catalogue_upload.commit_upload(
                        session=session,
                        actor=actor,
                        upload_id=self.upload_id,
                        apply=self.apply_mode,
                        blank_erases=self.blank_erases,
                    ),
                )
        except (CatalogueFileError, AccessDenied) as exc:
            self.error = str(exc)
            return None
        summary = f"取り込みました: 追加 {result.added:,} 件、スキップ {result.skipped:,} 件"
        if self.apply_mode == APPLY_PRICES:
            summary += f"、価格更新 {result.updated:,} 件"
        elif self.apply_mode == APPLY_ALL:
            summary += f"、変更を反映 {result.updated:,} 件"
        if self.error_count:
            summary += f"、エラーのため除外 {self.error_count:,} 行"
        self._reset_preview()
        self.result = summary + "。"
        return rx.toast.success("カタログを取り込みました。")
