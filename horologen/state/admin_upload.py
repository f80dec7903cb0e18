"""/admin/upload: choose a file → preview with per-row errors → confirm → summary."""

from __future__ import annotations

import reflex as rx

from horologen import config
from horologen.services.accounts.access import ADMIN
from horologen.services.catalogue import upload as catalogue_upload
from horologen.services.catalogue.changes import APPLY_ALL, APPLY_MODES, APPLY_NONE, APPLY_PRICES
from horologen.services.operations import inputs
from horologen.state.base import AppState
from horologen.state.upload_rows import (
    PRICE_TAX_NOTES,
    ChangeLine,
    LineNote,
    PreviewRow,
    change_lines,
    existing_row,
    line_notes,
    new_row,
    rejected_message,
)

UPLOAD_ID = "catalogue-file"
__all__ = ["UPLOAD_ID", "AdminUploadState", "rejected_message"]


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
    row_errors: list[LineNote] = []
    sample_add: list[PreviewRow] = []
    sample_existing: list[PreviewRow] = []
    price_changes: int = 0
    price_tax_note: str = ""
    private_columns: list[str] = []
    spec_columns: str = ""
    warnings: list[LineNote] = []
    warning_count: int = 0
    skipped_sheets: str = ""
    hidden_rows: int = 0
    no_price: int = 0
    sold: int = 0
    reserved: int = 0
    pieces: int = 0
    changes: list[ChangeLine] = []  # one line per changed field of the first changed products
    changed: int = 0
    changed_shown: int = 0  # products in the change list (the first few of `changed`)
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
        self.changed = self.changed_shown = self.blank_cells = self.missing = 0
        self.missing_sample = ""
        self.apply_mode = APPLY_NONE
        self.blank_erases = False

    def _show_preview(self, preview: catalogue_upload.UploadPreview) -> None:
        self.upload_id = preview.upload_id
        self.filename = preview.filename
        self.total_rows = preview.total_rows
        self.to_add = preview.to_add
        self.existing = preview.existing
        self.error_count = preview.error_count
        self.row_errors = line_notes(preview.errors)
        self.sample_add = [new_row(r) for r in preview.sample_add]
        self.sample_existing = [
            existing_row(r, preview.current_prices.get(r.line), preview.current_states.get(r.line, "available"))
            for r in preview.sample_existing
        ]
        self.price_changes = preview.price_changes
        self.price_tax_note = PRICE_TAX_NOTES.get(preview.price_tax, "")
        self.private_columns = list(preview.private_columns)
        self.spec_columns = "、".join(preview.spec_columns)
        self.warnings = line_notes(preview.warnings)
        self.warning_count = preview.warning_count
        self.skipped_sheets = "、".join(preview.skipped_sheets)
        self.hidden_rows = preview.hidden_rows
        self.no_price, self.sold, self.reserved = preview.no_price, preview.sold, preview.reserved
        self.pieces = preview.pieces
        self.changes = change_lines(preview.changes)
        self.changed_shown = len(preview.changes)
        self.changed, self.blank_cells = preview.changed, preview.blank_cells
        self.missing, self.missing_sample = preview.missing, "、".join(preview.missing_sample)
        if preview.missing > len(preview.missing_sample):  # the names shown are the first few
            self.missing_sample += f"、ほか {preview.missing - len(preview.missing_sample):,} 件"

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
        # Parsing a large file takes seconds of CPU: off the event loop, so /healthz and every
        # other tenant keep being answered meanwhile.
        done, preview = await self._service_off_loop(
            user,
            "admin_upload.preview",
            catalogue_upload.preview_upload,
            filename=upload.name or "catalogue.csv",
            data=data,
        )
        self.processing = False
        if done:
            self._show_preview(preview)
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
        done, result = self._service_as(
            user,
            "admin_upload.commit",
            catalogue_upload.commit_upload,
            upload_id=self.upload_id,
            apply=self.apply_mode,
            blank_erases=self.blank_erases,
        )
        if not done:
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
        if not result.added and not result.updated:  # e.g. the same file committed again from a second tab
            return rx.toast.info("変わった商品はありませんでした（登録済みの商品はそのままです）。")
        return rx.toast.success("カタログを取り込みました。")
