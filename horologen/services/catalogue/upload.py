"""Admin catalogue upload: preview first (nothing written), then commit in one transaction.

The preview says what the file holds and what committing would do: rows to add, rows of existing
products and, for each of those the file changes, every changed field old → new (issue 25 item B);
rows with no price (ASK, 応談, a zero), sold and reserved pieces (item A); warnings, hidden rows and
the sheets left out (item 5). The commit takes the rows the preview validated (kept with the upload,
`parsed_rows`; the stored file is parsed again only for an upload without them), compares them with
the catalogue as it is at commit time and applies what the admin chose: nothing, prices only, or
every change (a blank cell erasing only when asked).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import delete
from sqlmodel import Session, col

from horologen import config
from horologen.models import CatalogueUpload, utcnow
from horologen.services.accounts.access import ADMIN, AccessDenied, Actor, require_role
from horologen.services.catalogue import parsed_rows
from horologen.services.catalogue.brands import brand_folder
from horologen.services.catalogue.changes import APPLY_MODES, APPLY_NONE, APPLY_PRICES, ProductChange
from horologen.services.catalogue.files import CatalogueFileError, CatalogueRow, RowError, parse_catalogue
from horologen.services.catalogue.import_writer import ImportResult, plan_import, write_import
from horologen.services.catalogue.price_words import RESERVED, SOLD
from horologen.services.operations import audit
from horologen.services.operations.gc_pause import gc_paused

ALLOWED_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")


@dataclass(frozen=True)
class UploadPreview:
    upload_id: int
    filename: str
    total_rows: int
    to_add: int
    existing: int
    errors: list[RowError]
    error_count: int
    sample_add: list[CatalogueRow]
    sample_existing: list[CatalogueRow]
    spec_columns: list[str]
    current_prices: dict[int, int | None] = field(default_factory=dict)  # line → the catalogue's price now
    current_states: dict[int, str] = field(default_factory=dict)  # line → the product's sale state now
    price_changes: int = 0  # existing products whose price "価格を更新する" would change
    price_tax: str = "unknown"  # the file's price column: included | excluded | unknown
    private_columns: list[str] = field(default_factory=list)  # cost columns not imported
    warnings: list[RowError] = field(default_factory=list)  # imported, but the admin should look
    warning_count: int = 0
    skipped_sheets: list[str] = field(default_factory=list)  # XLSX sheets not read
    hidden_rows: int = 0  # rows hidden in Excel, read as data all the same
    no_price: int = 0  # rows with no price (ASK, 応談, a zero): stored with price_jpy NULL
    sold: int = 0  # rows of sold pieces (SOLD, 売約済, a status column)
    reserved: int = 0  # rows of reserved pieces (商談中, HOLD)
    pieces: int = 0  # rows with a stock number (each its own product)
    changes: list[ProductChange] = field(default_factory=list)  # existing products the file changes (sample)
    changed: int = 0  # existing products with at least one changed field
    blank_cells: int = 0  # cells blank in the file where the product has a value
    missing: int = 0  # stored products this file does not have (reported; nothing is deleted)
    missing_sample: list[str] = field(default_factory=list)  # their labels (the first ones)


def _check_file(filename: str, data: bytes) -> None:
    if filename.lower().endswith(".xls"):
        raise CatalogueFileError("古い Excel 形式（.xls）は読めません。Excel で .xlsx として保存し直してください。")
    if not filename.lower().endswith(ALLOWED_SUFFIXES):
        raise CatalogueFileError("CSV（.csv）または Excel（.xlsx）ファイルを選んでください。")
    if len(data) > config.MAX_UPLOAD_BYTES:
        limit_mb = config.MAX_UPLOAD_BYTES // (1024 * 1024)
        raise CatalogueFileError(
            f"ファイルが大きすぎます（{limit_mb} MB まで）。ファイルを分けてアップロードしてください。"
        )
    if not data:
        raise CatalogueFileError("ファイルが空です。")


def _drop_stale_previews(session: Session) -> None:
    """Previews never committed keep their whole file: drop them after PREVIEW_LIFETIME."""
    session.execute(
        delete(CatalogueUpload).where(
            col(CatalogueUpload.status) == "previewed",
            col(CatalogueUpload.created_at) < utcnow() - config.PREVIEW_LIFETIME,
        )
    )


def _as_stored(session: Session, tenant_id: int, rows: list[CatalogueRow]) -> list[CatalogueRow]:
    """The new rows shown with their brand as it will be stored (`Panerai` → `PANERAI`, an alias → its brand)."""
    folder = brand_folder(session=session, tenant_id=tenant_id)
    return [replace(row, brand=folder.display(row.brand)) for row in rows]


@gc_paused
def preview_upload(*, session: Session, actor: Actor, filename: str, data: bytes) -> UploadPreview:
    """Parse and validate everything, compare with the catalogue, store the file; write no products."""
    require_role(actor, ADMIN)
    tenant_id = int(actor.tenant_id or 0)
    _check_file(filename, data)
    parsed = parse_catalogue(data, filename, max_rows=config.MAX_IMPORT_ROWS)
    plan = plan_import(
        session=session,
        actor=actor,
        tenant_id=tenant_id,
        rows=parsed.rows,
        spec_columns=parsed.spec_columns,
        name_column=parsed.name_column,
    )
    errors = parsed.errors + [
        RowError(
            row.line,
            f"{row.brand} {row.reference} は管理番号のある個体が {count} 本登録済みで、管理番号のない行では"
            "どの個体か分からないため取り込みません。管理番号の列を入れてアップロードしてください",
        )
        for row, count in plan.unplaced
    ]
    errors.sort(key=lambda error: error.line)
    _drop_stale_previews(session)
    upload = CatalogueUpload(
        tenant_id=tenant_id,
        user_id=int(actor.user_id or 0),
        filename=filename[:255],
        content=data,
        parsed=parsed_rows.pack(parsed),
        size_bytes=len(data),
        result={
            "rows": len(parsed.rows) + len(parsed.errors),
            "to_add": len(plan.to_add),
            "existing": len(plan.existing),
            "invalid": len(errors),
            "changed": len(plan.changes),
        },
    )
    session.add(upload)
    session.commit()
    sample_existing = plan.existing[: config.PREVIEW_SAMPLE_ROWS]
    return UploadPreview(
        upload_id=int(upload.id or 0),
        filename=upload.filename,
        total_rows=len(parsed.rows) + len(parsed.errors),
        to_add=len(plan.to_add),
        existing=len(plan.existing),
        errors=errors[: config.PREVIEW_MAX_ERRORS],
        error_count=len(errors),
        sample_add=_as_stored(session, tenant_id, plan.to_add[: config.PREVIEW_SAMPLE_ROWS]),
        sample_existing=sample_existing,
        spec_columns=parsed.spec_columns,
        current_prices={row.line: plan.current_prices.get(row.line) for row in sample_existing},
        current_states={r.line: plan.matched[r.line].sale_state for r in sample_existing if r.line in plan.matched},
        price_changes=plan.price_changes,
        price_tax=parsed.price_tax,
        private_columns=parsed.private_columns,
        warnings=parsed.warnings[: config.PREVIEW_MAX_ERRORS],
        warning_count=len(parsed.warnings),
        skipped_sheets=parsed.skipped_sheets,
        hidden_rows=parsed.hidden_rows,
        no_price=sum(1 for row in parsed.rows if row.price_jpy is None and row.sale_state not in (SOLD, RESERVED)),
        sold=sum(1 for row in parsed.rows if row.sale_state == SOLD),
        reserved=sum(1 for row in parsed.rows if row.sale_state == RESERVED),
        pieces=sum(1 for row in parsed.rows if row.stock_number is not None),
        changes=plan.changes[: config.PREVIEW_SAMPLE_ROWS],
        changed=len(plan.changes),
        blank_cells=plan.blank_cells,
        missing=len(plan.missing),
        missing_sample=[p.label for p in plan.missing[: config.PREVIEW_SAMPLE_ROWS]],
    )


@gc_paused
def commit_upload(
    *,
    session: Session,
    actor: Actor,
    upload_id: int,
    update_prices: bool = False,
    apply: str | None = None,
    blank_erases: bool = False,
) -> ImportResult:
    """All valid rows in one transaction with the audit rows (the upload's, and one per changed
    product with its old and new values); a second commit of the same file is refused.

    `apply`: none (existing products unchanged, the default), prices (price, tax basis, sale state)
    or all (every changed field); `update_prices=True` is the older spelling of prices. A blank cell
    erases a stored value only with `blank_erases` and `apply="all"`. Shop admins of the upload's shop."""
    require_role(actor, ADMIN)
    mode = apply or (APPLY_PRICES if update_prices else APPLY_NONE)
    if mode not in APPLY_MODES:
        raise CatalogueFileError("反映のしかたを選んでください。")
    upload = session.get(CatalogueUpload, upload_id)
    if upload is None or upload.tenant_id != actor.tenant_id:
        raise AccessDenied("アップロードが見つかりません。もう一度ファイルを選んでください。")
    if upload.status != "previewed":
        raise AccessDenied("このファイルはすでに取り込み済みです。")
    parsed = parsed_rows.unpack(upload.parsed) or parse_catalogue(
        upload.content, upload.filename, max_rows=config.MAX_IMPORT_ROWS
    )
    try:
        result = write_import(
            session=session,
            actor=actor,
            tenant_id=upload.tenant_id,
            rows=parsed.rows,
            apply=mode,
            blank_erases=bool(blank_erases),
            spec_columns=parsed.spec_columns,
            name_column=parsed.name_column,
            source=f"upload {upload.id} {upload.filename}",
            commit=False,
        )
        upload.status = "committed"
        upload.committed_at = utcnow()
        upload.content = b""  # the products are the record now; do not keep the file twice
        upload.parsed = None
        upload.result = {
            **upload.result,
            "added": result.added,
            "skipped": result.skipped,
            "updated": result.updated,
            "update_prices": mode == APPLY_PRICES,
            "apply": mode,
            "blank_erases": bool(blank_erases),
        }
        session.add(upload)
        audit.record(
            session=session,
            action="catalogue_import",
            tenant_id=upload.tenant_id,
            user_id=actor.user_id,
            target=upload.filename,
            detail=upload.result,
        )
        session.commit()
    except Exception:
        session.rollback()
        raise
    return result
