"""Exports as long work (issue 23): planned in chunks with progress (the caller runs this in a
worker thread, never on the event loop), stored with the articles becoming 出力済み in the same
transaction, downloaded from an authenticated HTTP route (never pushed through the websocket), and
kept for a retention period after which only the record stays.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col

from horologen import config
from horologen.models import ArticleExport, utcnow
from horologen.services.accounts.access import ADMIN, Actor, require_role
from horologen.services.articles import exports
from horologen.services.articles.exports import ExportError, ExportPlan

PLAN_CHUNK = 100  # articles planned between two progress reports
MEDIA_TYPES = {
    "rakuten": "text/csv; charset=Shift_JIS",
    "yahoo": "text/csv; charset=Shift_JIS",
    "shopify": "text/csv; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportOutcome:
    """A planned export and, when it was written, its stored record's id (None: not written)."""

    plan: ExportPlan
    export_id: int | None = None
    filename: str = ""
    row_count: int = 0


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content: bytes
    media_type: str


def plan_in_chunks(
    *, session: Session, actor: Actor, article_ids: Iterable[int], fmt: str, on_progress: Progress | None = None
) -> ExportPlan:
    """exports.plan_export over `article_ids` in chunks of PLAN_CHUNK, reporting (done, total)
    after each. Same refusals as plan_export (ExportError, AccessDenied)."""
    require_role(actor, ADMIN)
    ids = list(dict.fromkeys(int(i) for i in article_ids))
    if not ids:
        raise ExportError("出力する記事を選んでください。")
    if len(ids) > exports.MAX_ARTICLES:
        raise ExportError(f"一度に出力できるのは {exports.MAX_ARTICLES:,} 件までです。")
    plan: ExportPlan | None = None
    for start in range(0, len(ids), PLAN_CHUNK):
        part = exports.plan_export(session=session, actor=actor, article_ids=ids[start : start + PLAN_CHUNK], fmt=fmt)
        plan = part if plan is None else ExportPlan(plan.fmt, plan.headers, [*plan.rows, *part.rows])
        if on_progress is not None:
            on_progress(min(start + PLAN_CHUNK, len(ids)), len(ids))
    assert plan is not None
    return plan


def run_export(
    *,
    session: Session,
    actor: Actor,
    article_ids: Iterable[int],
    fmt: str,
    exclude_invalid: bool = False,
    on_progress: Progress | None = None,
) -> ExportOutcome:
    """Plan every row; when none is invalid (or invalid rows are excluded) store the file and mark
    its articles 出力済み. An outcome without `export_id` carries the plan's problems to show.
    ExportError / AccessDenied as plan_export; ExportError when nothing is left to write."""
    plan = plan_in_chunks(session=session, actor=actor, article_ids=article_ids, fmt=fmt, on_progress=on_progress)
    if plan.invalid and not exclude_invalid:
        return ExportOutcome(plan)
    record = exports.write_plan(session=session, actor=actor, plan=plan, exclude_invalid=exclude_invalid)
    return ExportOutcome(plan, int(record.id or 0), record.filename, record.row_count)


def download_file(*, session: Session, actor: Actor, export_id: int) -> ExportFile:
    """A stored export of the actor's shop (shop admins) with its media type. AccessDenied for
    another shop's or an unknown id; ExportError when the file was removed after retention."""
    record = exports.download(session=session, actor=actor, export_id=export_id)
    if record.content is None:
        days = config.get_settings().export_retention_days
        raise ExportError(f"保存期間（{days}日）を過ぎたため、このファイルは削除されました。出力の記録は残っています。")
    return ExportFile(record.filename, record.content, MEDIA_TYPES.get(record.channel, "application/octet-stream"))


def purge_expired(*, session: Session, now: datetime | None = None) -> int:
    """Remove the files of exports older than HOROLOGEN_EXPORT_RETENTION_DAYS (default 90); the
    records stay and say so. Returns how many files were removed."""
    now = now or utcnow()
    cutoff = now - timedelta(days=config.get_settings().export_retention_days)
    result = session.exec(
        update(ArticleExport)
        .where(col(ArticleExport.created_at) < cutoff, col(ArticleExport.content).is_not(None))
        .values(content=None, purged_at=now)
    )
    session.commit()
    return int(result.rowcount or 0)
