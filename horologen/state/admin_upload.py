"""/admin/upload: choose a file → preview with per-row errors → confirm → summary."""

from __future__ import annotations

import asyncio

import reflex as rx

from horologen import config, db
from horologen.services.accounts.access import ADMIN, AccessDenied
from horologen.services.catalogue import upload as catalogue_upload
from horologen.services.catalogue.files import CatalogueFileError, CatalogueRow
from horologen.services.catalogue.prices import tax_included
from horologen.services.operations import inputs
from horologen.state.base import AppState

UPLOAD_ID = "catalogue-file"


def _row(row: CatalogueRow) -> dict[str, str]:
    return {
        "line": str(row.line),
        "brand": row.brand,
        "reference": row.reference,
        "name": row.name,
        "price": f"¥{row.price_jpy:,}",
    }


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
    elif current is None:
        change = f"価格なし → ¥{new:,}"
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
    update_prices: bool = False
    result: str = ""
    _viewer: str = ""

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
        self.update_prices = False

    @rx.var
    def has_work(self) -> bool:
        """Whether committing would change the catalogue: new products, or prices to update."""
        return self.to_add > 0 or (self.update_prices and self.price_changes > 0)

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
            self.error = "ファイルを選んでください。"
            return None
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
        return rx.clear_selected_files(UPLOAD_ID)

    @rx.event
    def set_update_prices(self, value: bool) -> None:
        checked = self._checked("upload.set_update_prices", inputs.flag, value)
        if checked is not None:
            self.update_prices = checked

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
                        session=session, actor=actor, upload_id=self.upload_id, update_prices=self.update_prices
                    ),
                )
        except (CatalogueFileError, AccessDenied) as exc:
            self.error = str(exc)
            return None
        summary = f"取り込みました: 追加 {result.added:,} 件、スキップ {result.skipped:,} 件"
        if self.update_prices:
            summary += f"、価格更新 {result.updated:,} 件"
        if self.error_count:
            summary += f"、エラーのため除外 {self.error_count:,} 行"
        self._reset_preview()
        self.result = summary + "。"
        return rx.toast.success("カタログを取り込みました。")
