"""Bulk generation across the catalogue through Anthropic's Message Batches API.

Message Batches (platform.claude.com/docs/en/build-with-claude/batch-processing, read 2026-11-29):
POST /v1/messages/batches with up to 100,000 requests (`custom_id` ^[a-zA-Z0-9_-]{1,64}$), half
the price of single calls, results within 24 hours; a batch is `in_progress`, `canceling` or
`ended`; each request ends `succeeded`, `errored`, `canceled` or `expired`; results are JSONL.

Quota: every slot of a job is reserved in one atomic statement at submit; each request's ending
settles one (a success is used; an error, expiry or cancellation gives it back). Each success is
stored as a draft article with the same prompt, profile and review checks as single generation
(`source = bulk`). The worker (`scripts/worker.py`, or inside the app for the embedded default)
claims open jobs with `FOR UPDATE SKIP LOCKED` on PostgreSQL, so two workers never process the
same job, and a restart simply polls again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import anthropic
from sqlmodel import Session, col, select

from horologen import config
from horologen.errors import UserFacingError, report_exception
from horologen.models import Article, BulkItem, BulkJob, MasterProduct, utcnow
from horologen.services.accounts.access import ADMIN, AccessDenied, Actor, require_role
from horologen.services.articles import claude, lifecycle
from horologen.services.articles.profile import profile_for_tenant
from horologen.services.articles.prompting import GenerationOptions, build_prompt, snapshot_of
from horologen.services.operations import audit, quota

log = logging.getLogger("horologen.bulk")

MAX_BULK = 2000
PREVIEW_PRODUCTS = 50  # products the confirmation lists by name (then 「ほか N 件」)
OPEN = ("processing",)  # jobs the worker polls
UNFINISHED = ("submitting", "processing")  # jobs 中止 may end
# Cost estimate per article on the default model, batch price (half of $2 in / $10 out per MTok for
# Sonnet 5.5): ~3,500 input tokens (cached prefix + product) and ~4,000 output tokens (text and
# medium-effort thinking), at 150 yen to the dollar. Shown as an estimate only.
ESTIMATE_USD_PER_ARTICLE = (3_500 * 2 + 4_000 * 10) / 1_000_000 * 0.5
YEN_PER_USD = 150


class BulkError(UserFacingError, ValueError):
    """The bulk job cannot be made as asked; the message says why."""


@dataclass(frozen=True)
class BulkSelection:
    product_ids: list[int]
    remaining: int | None  # slots left this month; None = unlimited
    estimate_yen: int
    matched: int = 0  # products the filters matched; more than MAX_BULK means only the first were taken
    products: tuple[tuple[str, str], ...] = ()  # (brand, reference) of the first PREVIEW_PRODUCTS, to confirm

    @property
    def count(self) -> int:
        return len(self.product_ids)

    @property
    def fits(self) -> bool:
        return self.remaining is None or self.count <= self.remaining


def select_products(
    *, session: Session, actor: Actor, brand: str = "", without_article: bool = False, stale_only: bool = False
) -> BulkSelection:
    """The shop's products matching the filters (brand contained, no article yet, an article out of
    date), with the slots left this month and an estimated cost in yen. Shop admins only. Sold
    pieces are never selected (issue 25 item D: an article for a watch no longer on sale)."""
    require_role(actor, ADMIN)
    statement = select(MasterProduct).where(
        MasterProduct.tenant_id == actor.tenant_id, MasterProduct.sale_state != "sold"
    )
    if brand.strip():
        statement = statement.where(col(MasterProduct.brand).ilike(f"%{brand.strip()}%"))
    products = session.exec(statement.order_by(MasterProduct.brand_key, MasterProduct.reference_key)).all()
    if without_article:
        written = set(session.exec(select(Article.product_id).where(Article.tenant_id == actor.tenant_id)).all())
        products = [p for p in products if p.id not in written]
    if stale_only:
        stale = {article.product_id for article, _c in lifecycle.stale_articles(session=session, actor=actor)}
        products = [p for p in products if p.id in stale]
    ids = [int(p.id or 0) for p in products][:MAX_BULK]
    status = quota.status(session=session, tenant_id=int(actor.tenant_id or 0))
    estimate = round(len(ids) * ESTIMATE_USD_PER_ARTICLE * YEN_PER_USD)
    names = tuple((p.brand, p.reference) for p in products[:PREVIEW_PRODUCTS])
    return BulkSelection(ids, status.remaining, estimate, matched=len(products), products=names)


def _requests(session: Session, job: BulkJob, products: list[MasterProduct], options: GenerationOptions) -> list[Any]:
    """One batch request per product (the prompt single generation would send, without streaming)."""
    settings = config.get_settings()
    profile = profile_for_tenant(session=session, tenant_id=job.tenant_id)
    job.options = {**options.as_json(), "model": settings.model, "effort": settings.effort,
                   "profile_version": profile.version}  # fmt: skip
    requests: list[Any] = []  # the SDK's batch Request dicts; `params` is built as a plain dict
    for product in products:
        snapshot = snapshot_of(product)
        prompt = build_prompt(snapshot, options, profile)
        item = BulkItem(job_id=int(job.id or 0), product_id=product.id, custom_id="", snapshot=snapshot)
        session.add(item)
        session.flush()
        item.custom_id = f"hg-{job.id}-{item.id}"
        params = claude.request_params(
            model=settings.model, effort=settings.effort, system=prompt.system, user=prompt.user,
            text_tokens=prompt.text_tokens,
        )  # fmt: skip
        requests.append({"custom_id": item.custom_id, "params": params})
        job.options.setdefault("prompt_version", prompt.version)
    return requests


async def submit(
    *,
    session: Session,
    actor: Actor,
    product_ids: Iterable[int],
    options: GenerationOptions,
    trim: bool = False,
    client: anthropic.AsyncAnthropic | None = None,
) -> BulkJob:
    """Reserve a slot per product atomically, then send one Message Batch. More products than the
    month has slots is refused with the number that fits, or trimmed to it when `trim`. A failed
    send gives every slot back. Shop admins only; another shop's products are refused."""
    require_role(actor, ADMIN)
    if not config.get_settings().anthropic_api_key:
        raise BulkError("記事生成の設定（ANTHROPIC_API_KEY）がされていないため、一括作成はできません。")
    ids = list(dict.fromkeys(int(i) for i in product_ids))
    if not ids:
        raise BulkError("対象の商品がありません。")
    products = session.exec(select(MasterProduct).where(col(MasterProduct.id).in_(ids))).all()
    if len(products) != len(ids) or any(p.tenant_id != actor.tenant_id for p in products):
        raise AccessDenied("商品が見つかりません。")
    status = quota.status(session=session, tenant_id=int(actor.tenant_id or 0))
    if status.remaining is not None and len(products) > status.remaining:
        if not trim or status.remaining <= 0:
            raise BulkError(
                f"今月の残り（{status.remaining} 件）を超えています。{status.remaining} 件までなら作成できます。"
            )
        products = sorted(products, key=lambda p: ids.index(int(p.id or 0)))[: status.remaining]
    tenant_id = int(actor.tenant_id or 0)
    try:  # the slots and the job that holds them are one transaction
        month = quota.reserve(session=session, tenant_id=tenant_id, commit=False, count=len(products))
        job = BulkJob(tenant_id=tenant_id, user_id=int(actor.user_id or 0), quota_month=month, total=len(products))
        session.add(job)
        session.flush()
        requests = _requests(session, job, list(products), options)
        audit.record(session=session, action="bulk_submitted", tenant_id=tenant_id, user_id=actor.user_id,
                     target=f"bulk {job.id}", detail={"products": len(products)})  # fmt: skip
        session.commit()
    except quota.QuotaExceeded as exc:
        session.rollback()
        raise BulkError(str(exc)) from None
    try:
        client = client or claude.make_client()
        batch = await client.messages.batches.create(requests=requests)
    except Exception as exc:
        error_id = report_exception(exc, where="bulk.submit", job_id=job.id)
        job.status, job.error_message = "failed", claude.message_for(exc, role=actor.role, model=job.options["model"])
        job.error_message += f"（エラーID: {error_id}）"
        job.failed, job.finished_at = job.total, utcnow()
        for item in session.exec(select(BulkItem).where(BulkItem.job_id == job.id)).all():
            item.status, item.error_message = "failed", "送信できませんでした"
            session.add(item)
        quota.settle(session=session, tenant_id=tenant_id, month=month, consumed=False, commit=False, count=job.total)
        session.add(job)
        session.commit()
        return job
    job.batch_id, job.status, job.updated_at = batch.id, "processing", utcnow()
    session.add(job)
    session.commit()
    return job


def cancel(*, session: Session, actor: Actor, job_id: int) -> BulkJob:
    """Ask to cancel a job that has not finished: the worker sends the cancel, or the sweep ends a
    job whose sending died; what did not finish gives its slot back. Shop admins of its shop only."""
    require_role(actor, ADMIN)
    job = session.get(BulkJob, job_id)
    if job is None or job.tenant_id != actor.tenant_id:
        raise AccessDenied("一括作成が見つかりません。")
    if job.status not in UNFINISHED:
        raise BulkError("終了した一括作成は中止できません。")
    job.cancel_requested, job.updated_at = True, utcnow()
    job.next_poll_at = None  # a job waiting out failed polls is asked again at once
    session.add(job)
    audit.record(session=session, action="bulk_cancel", tenant_id=job.tenant_id, user_id=actor.user_id,
                 target=f"bulk {job.id}")  # fmt: skip
    session.commit()
    return job


def list_jobs(*, session: Session, actor: Actor, limit: int = 20) -> list[BulkJob]:
    require_role(actor, ADMIN)
    statement = select(BulkJob).where(BulkJob.tenant_id == actor.tenant_id)
    return list(session.exec(statement.order_by(col(BulkJob.created_at).desc()).limit(limit)).all())


def job_row(job: BulkJob) -> dict[str, Any]:
    """What /admin/bulk shows for a job: `finished` of `total` requests ended (0 of 1 is 0 %);
    a job that ended has every request ended."""
    finished = job.total if job.status not in UNFINISHED else min(job.succeeded + job.failed, job.total)
    return {
        "id": job.id, "status": job.status, "total": job.total, "succeeded": job.succeeded, "failed": job.failed,
        "finished": finished, "progress": finished * 100 // job.total if job.total > 0 else 0,
        "created_at": job.created_at, "error": job.error_message, "cancel_requested": job.cancel_requested,
    }  # fmt: skip
