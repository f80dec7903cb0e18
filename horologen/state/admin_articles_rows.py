"""What /admin/articles shows, as typed rows: the articles with their badges, the authors to filter
by, the checks before an export, and the export history with its download addresses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from horologen.services.articles import exports, lifecycle, withdrawals
from horologen.services.articles.prompting import CHANNELS
from horologen.services.catalogue.price_words import SALE_LABELS
from horologen.timezones import to_tokyo

if TYPE_CHECKING:  # annotations only: the state layer reads what services return
    from horologen.models import ArticleExport
    from horologen.services.accounts.users import UserRow
    from horologen.services.articles import library
    from horologen.services.articles.export_jobs import ExportOutcome

EXPORT_LABELS = {**exports.FORMATS, **withdrawals.CHANNEL_LABELS}


def export_url(export_id: int) -> str:
    """Where a stored export file is downloaded (api.export_file: session and tenant checked)."""
    return f"/admin/exports/{int(export_id)}/file"


@dataclass(frozen=True)
class ArticleLine:
    """One article of the list; `id` as the page sends it back (selection, links)."""

    id: str
    product_id: str
    when: str
    product: str
    title: str
    author: str
    status: str  # 下書き, 承認済み, ...
    status_key: str
    version: str
    channel: str
    flags: str  # open 要確認 flags, "" when none
    stale: str  # what changed since the article was made (要更新), "" when nothing
    superseded: bool  # a newer version exists
    withdraw: bool  # 取り下げ要: the product is sold and the article still on the malls


@dataclass(frozen=True)
class Author:
    id: str
    name: str


@dataclass(frozen=True)
class ReportLine:
    """An article the export check has something to say about."""

    id: str
    reference: str
    problems: str  # any → the row cannot be exported
    warnings: str


@dataclass(frozen=True)
class ExportRecord:
    """A file made earlier; `url` is "" once the file was purged (the record stays)."""

    id: str
    when: str
    format: str
    rows: str
    filename: str
    url: str


def product_label(brand: str, reference: str, stock_number: object, sale_state: str) -> str:
    """`ROLEX 126610LV（管理番号 A-0012）・売約済み`: two pieces of one reference told apart, and a
    piece that is not on sale said so."""
    label = f"{brand} {reference}" + (f"（管理番号 {stock_number}）" if stock_number else "")
    return label + (f"・{SALE_LABELS[sale_state]}" if sale_state in ("reserved", "sold") else "")


def article_line(item: library.ReviewRow) -> ArticleLine:
    view = item.view
    return ArticleLine(
        id=str(view.id),
        product_id=str(view.product_id or ""),
        when=to_tokyo(view.created_at).strftime("%Y/%m/%d %H:%M"),
        product=product_label(view.brand, view.reference, view.snapshot.get("stock_number"), item.sale_state),
        title=view.title or "（無題）",
        author=item.author,
        status=lifecycle.STATUS_LABELS.get(view.review_status, view.review_status),
        status_key=view.review_status,
        version=str(view.version),
        channel=CHANNELS.get(view.channel, view.channel),
        flags=str(item.open_flags) if item.open_flags else "",
        stale="、".join(f"{c['field']} {c['old']}→{c['new']}" for c in item.stale),
        superseded=item.superseded,
        withdraw=item.withdraw,
    )


def author(row: UserRow) -> Author:
    return Author(id=str(row.id), name=row.display_name or row.email)


def report_lines(outcome: ExportOutcome) -> list[ReportLine]:
    """The rows of an export plan with problems or warnings."""
    return [
        ReportLine(
            id=str(row.article_id),
            reference=row.reference,
            problems=" ".join(row.problems),
            warnings=" ".join(row.warnings),
        )
        for row in outcome.plan.rows
        if row.problems or row.warnings
    ]


def export_record(record: ArticleExport) -> ExportRecord:
    return ExportRecord(
        id=str(record.id),
        when=to_tokyo(record.created_at).strftime("%Y/%m/%d %H:%M"),
        format=EXPORT_LABELS.get(record.channel, record.channel),
        rows=str(record.row_count),
        filename=record.filename,
        url="" if record.purged_at else export_url(int(record.id or 0)),
    )
