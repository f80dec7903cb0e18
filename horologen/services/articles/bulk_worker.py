"""The bulk worker's side of a job (`scripts/worker.py`, or inside the app for the embedded default):
poll the Message Batch, store its results as checked drafts, settle every slot.

No database connection is held while the API answers (issue 23): a job is leased to one worker with
one atomic UPDATE (`claimed_until`), the lease is committed, the API is called, and the outcome is
written in a short new transaction. Several workers never step the same job: a second one finds the
lease taken. A failed poll waits longer each time (interval × 2^failures, at most
BULK_POLL_BACKOFF_MAX); past the batch's own 24 hours plus a margin the job ends and gives its slots
back, so no job holds slots until the month ends.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any

import anthropic
from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from horologen import config, db
from horologen.errors import report_exception
from horologen.models import Article, BulkItem, BulkJob, utcnow
from horologen.services.accounts.access import Actor
from horologen.services.articles import claim_check, claude, review
from horologen.services.articles.bulk import OPEN
from horologen.services.articles.profile import profile_for_tenant
from horologen.services.articles.prompting import GenerationOptions, parse_article
from horologen.services.operations import audit, quota

log = logging.getLogger("horologen.bulk")

CLAIM_CHECK_CONCURRENCY = 8  # claim checks after a job, at most this many requests at once
FAILURES = {"errored": "エラーで作成できませんでした", "expired": "24時間以内に処理されず期限切れになりました",
            "canceled": "中止しました"}  # fmt: skip
GIVE_UP_MESSAGE = "Message Batches の応答が 24 時間を過ぎても得られないため、処理を終了し予約した枠を戻しました。"


def lease(
    session: Session, job_id: int, *, statuses: tuple[str, ...] = OPEN, now: datetime | None = None
) -> BulkJob | None:
    """The job, leased to this worker for config.BULK_LEASE and committed at once; None when another
    worker holds it or its status is not in `statuses`. One atomic UPDATE on PostgreSQL and SQLite."""
    now = now or utcnow()
    free = or_(col(BulkJob.claimed_until).is_(None), col(BulkJob.claimed_until) < now)
    result = session.exec(
        update(BulkJob)
        .where(col(BulkJob.id) == job_id, col(BulkJob.status).in_(statuses), free)
        .values(claimed_until=now + config.BULK_LEASE)
    )
    session.commit()
    if result.rowcount != 1:
        return None
    job = session.get(BulkJob, job_id)
    if job is not None:
        session.refresh(job)
    return job


def give_up(session: Session, job: BulkJob, reason: str) -> int:
    """End the job (the caller commits): every request still pending fails with `reason` and gives
    its slot back. `cancelled` when a cancel was asked for, `failed` otherwise. Returns the slots."""
    pending = list(session.exec(select(BulkItem).where(BulkItem.job_id == job.id, BulkItem.status == "pending")))
    for item in pending:
        item.status, item.error_message = ("cancelled", "中止しました") if job.cancel_requested else ("failed", reason)
        session.add(item)
    if pending:
        quota.settle(session=session, tenant_id=job.tenant_id, month=job.quota_month, consumed=False, commit=False,
                     count=len(pending))  # fmt: skip
    done = session.exec(select(BulkItem).where(BulkItem.job_id == job.id, BulkItem.status == "done")).all()
    job.succeeded = len(done)
    job.failed = job.total - job.succeeded
    job.status = "cancelled" if job.cancel_requested else "failed"
    job.error_message = job.error_message or ("中止しました。" if job.cancel_requested else reason)
    job.finished_at = job.updated_at = utcnow()
    job.claimed_until = None
    session.add(job)
    audit.record(session=session, action="bulk_given_up", tenant_id=job.tenant_id, user_id=None,
                 target=f"bulk {job.id}", detail={"released": len(pending), "reason": reason[:200]})  # fmt: skip
    return len(pending)


def _store_success(session: Session, job: BulkJob, item: BulkItem, message: Any) -> bool:
    """A succeeded request → a draft article (True when it counts as a used slot)."""
    text = "".join(block.text for block in message.content if getattr(block, "type", "") == "text")
    done = message.stop_reason in ("end_turn", "stop_sequence") and bool(text.strip())
    if not text.strip() or message.stop_reason == "refusal":
        item.status, item.error_message = "failed", "本文が作成されませんでした"
        return False
    parsed = parse_article(text)
    options = GenerationOptions.from_form(job.options)
    version = int(job.options.get("profile_version", 0))
    profile = profile_for_tenant(session=session, tenant_id=job.tenant_id, version=version)
    text_all = review.article_text(parsed.title, parsed.catch_copy, parsed.body, parsed.body_en)
    flags = review.flags_for(text_all, item.snapshot, options.notes, profile)
    article = Article(
        tenant_id=job.tenant_id, user_id=job.user_id, product_id=item.product_id, input_snapshot=item.snapshot,
        options=options.as_json(), title=parsed.title, catch_copy=parsed.catch_copy, body=parsed.body,
        body_en=parsed.body_en, flags=[f.as_json() for f in flags], ungrounded_terms=[f.term for f in flags],
        model=str(job.options.get("model", "")), response_model=str(message.model or ""),
        effort=str(job.options.get("effort", "")), prompt_version=str(job.options.get("prompt_version", "")),
        profile_version=int(job.options.get("profile_version", 0)), input_tokens=int(message.usage.input_tokens or 0),
        output_tokens=int(message.usage.output_tokens or 0), raw_text=text, stop_reason=str(message.stop_reason or ""),
        status="done" if done else "truncated", quota_month=job.quota_month, source="bulk", finished_at=utcnow(),
    )  # fmt: skip
    session.add(article)
    session.flush()
    item.status, item.article_id = "done", article.id
    job.input_tokens += article.input_tokens
    job.output_tokens += article.output_tokens
    return done


def _store_results(session: Session, job: BulkJob, results: list[Any]) -> list[int]:
    """Every result of an ended batch stored and every slot settled (the caller commits, one
    transaction); returns the drafts' ids. A request the results do not mention gives its slot back."""
    items = {i.custom_id: i for i in session.exec(select(BulkItem).where(BulkItem.job_id == job.id)).all()}
    used = released = 0
    for result in results:
        item = items.get(result.custom_id)
        if item is None or item.status != "pending":
            continue  # not ours, or already stored by an earlier run
        if result.result.type == "succeeded" and _store_success(session, job, item, result.result.message):
            used += 1
        else:
            if result.result.type != "succeeded":
                item.status = "expired" if result.result.type == "expired" else "failed"
                item.error_message = FAILURES.get(result.result.type, result.result.type)
            released += 1
        session.add(item)
    missing = [i for i in items.values() if i.status == "pending"]
    for item in missing:
        item.status, item.error_message = "failed", "結果が返ってきませんでした"
        session.add(item)
    released += len(missing)
    for consumed, count in ((True, used), (False, released)):
        if count:
            quota.settle(session=session, tenant_id=job.tenant_id, month=job.quota_month, consumed=consumed,
                         commit=False, count=count)  # fmt: skip
    job.succeeded = sum(1 for i in items.values() if i.status == "done")
    job.failed = job.total - job.succeeded
    job.status = "cancelled" if job.cancel_requested else "done"
    job.finished_at = job.updated_at = utcnow()
    job.poll_failures, job.next_poll_at, job.claimed_until = 0, None, None
    return [int(i.article_id) for i in items.values() if i.article_id]


def _poll_failed(session: Session, job: BulkJob, now: datetime) -> str:
    """One more failed poll: the next one waits longer; past BULK_GIVE_UP_AFTER the job ends."""
    job.poll_failures += 1
    base = config.get_settings().worker_interval_s
    wait = min(timedelta(seconds=base * 2**job.poll_failures), config.BULK_POLL_BACKOFF_MAX)
    job.next_poll_at, job.claimed_until, job.updated_at = now + wait, None, now
    if now - job.created_at > config.BULK_GIVE_UP_AFTER:
        give_up(session, job, GIVE_UP_MESSAGE)
    session.add(job)
    session.commit()
    return job.status


async def process_job(
    job_id: int, *, client: anthropic.AsyncAnthropic | None = None, now: datetime | None = None
) -> str:
    """One worker step for one job: send a requested cancel, poll the batch, and when it has ended
    store every result and settle every slot in one transaction. Returns the job's status after the
    step, "skipped" when another worker holds it, or "error" when the poll failed (retried later)."""
    client = client or claude.make_client()
    now = now or utcnow()
    with db.session() as session:
        job = lease(session, job_id, now=now)
        if job is None:
            return "skipped"
        batch_id, cancel_requested = job.batch_id, job.cancel_requested
    try:
        if cancel_requested:
            batch = await client.messages.batches.cancel(batch_id)
        else:
            batch = await client.messages.batches.retrieve(batch_id)
        results = None
        if batch.processing_status == "ended":
            results = [result async for result in await client.messages.batches.results(batch_id)]
    except Exception as exc:  # the job stays open: the next poll tries again, later each time
        report_exception(exc, where="bulk.process", job_id=job_id)
        with db.session() as session:
            failed = session.get(BulkJob, job_id)
            status = _poll_failed(session, failed, now) if failed is not None else "skipped"
        return "error" if status in OPEN else status
    with db.session() as session:
        job = session.get(BulkJob, job_id)
        if job is None or job.status not in OPEN:
            return job.status if job is not None else "skipped"
        if results is None:
            counts = batch.request_counts
            job.succeeded, job.failed = counts.succeeded, counts.errored + counts.expired + counts.canceled
            job.poll_failures, job.next_poll_at, job.claimed_until = 0, None, None
            job.updated_at = utcnow()
            session.add(job)
            session.commit()
            return job.status
        drafts = _store_results(session, job, results)
        session.add(job)
        session.commit()
    log.info("bulk job %s %s: %s done, %s failed", job_id, job.status, job.succeeded, job.failed)
    await _claim_checks(drafts, client)
    return job.status


async def _claim_checks(article_ids: list[int], client: anthropic.AsyncAnthropic) -> None:
    """The same claim check single generation runs, on each stored draft (after the drafts are
    visible; a failure leaves the deterministic flags standing, as there)."""
    if not config.get_settings().claim_model:
        return
    gate = asyncio.Semaphore(CLAIM_CHECK_CONCURRENCY)

    async def one(article_id: int) -> None:
        async with gate:
            await claim_check.check_article(actor=Actor.system(), article_id=article_id, client=client)

    await asyncio.gather(*(one(article_id) for article_id in article_ids))


async def process_open_jobs(
    *, client: anthropic.AsyncAnthropic | None = None, now: datetime | None = None
) -> dict[int, str]:
    """Every open job whose next poll is due, one step each. Returns {job id: status after it}."""
    now = now or utcnow()
    due = or_(col(BulkJob.next_poll_at).is_(None), col(BulkJob.next_poll_at) <= now)
    with db.session() as session:
        ids = [int(i or 0) for i in session.exec(select(BulkJob.id).where(col(BulkJob.status).in_(OPEN), due)).all()]
    if not ids or not config.get_settings().anthropic_api_key:
        return {}
    client = client or claude.make_client()
    return {job_id: await process_job(job_id, client=client, now=now) for job_id in ids}
