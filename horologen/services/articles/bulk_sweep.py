"""The sweep for bulk jobs whose sending died (issue 23): a process killed, or a task cancelled,
between reserving the slots and recording the batch leaves a job `submitting` with its slots held.

The batch id is only known once the API has answered, so it cannot be recorded before the slots are
committed; instead the sweep looks for the job's batch among the recent batches of the API key
(GET /v1/messages/batches, newest first; platform.claude.com/docs/en/api/listing-message-batches,
read 2026-11-30 through the SDK's `messages.batches.list`):
- an ended batch is the job's when its results carry the job's custom_id prefix `hg-<job id>-`
  (ids are global, so another shop's batch can never match);
- a batch still in progress cannot show its custom_ids, so it is adopted only when it is the one
  batch created in the job's sending window with the job's number of requests that no other job
  has recorded; when its results come, only the job's own custom_ids are stored, and any request
  they do not mention gives its slot back (bulk_worker._store_results), so a wrong guess costs no
  slot and no article;
- no batch: nothing was sent, so the job fails (or is cancelled, when 中止 was asked) and every
  slot goes back.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

import anthropic
from sqlmodel import col, select

from horologen import config, db
from horologen.errors import report_exception
from horologen.models import BulkJob, utcnow
from horologen.services.articles import bulk_worker, claude

log = logging.getLogger("horologen.bulk")

SUBMITTING = ("submitting",)
NOT_SENT_MESSAGE = "送信の途中で処理が止まり、バッチは作成されていませんでした。予約した枠は戻しました。"
WINDOW_BEFORE = timedelta(minutes=1)  # the API's clock and ours; its created_at has whole seconds
BATCHES_SCANNED = 200


def _created(batch: Any) -> datetime:
    value = batch.created_at
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def _requests(batch: Any) -> int:
    counts = batch.request_counts
    return int(counts.processing + counts.succeeded + counts.errored + counts.canceled + counts.expired)


async def _recent_batches(client: anthropic.AsyncAnthropic, since: datetime) -> list[Any]:
    """Batches created since `since`, newest first (at most BATCHES_SCANNED)."""
    found: list[Any] = []
    async for batch in client.messages.batches.list(limit=100):
        if _created(batch) < since or len(found) >= BATCHES_SCANNED:
            break
        found.append(batch)
    return found


async def _is_the_jobs(client: anthropic.AsyncAnthropic, batch: Any, job_id: int) -> bool:
    prefix = f"hg-{job_id}-"
    async for result in await client.messages.batches.results(batch.id):
        return str(result.custom_id).startswith(prefix)
    return False


async def find_batch(client: anthropic.AsyncAnthropic, job: BulkJob, batches: list[Any], taken: set[str]) -> str | None:
    """The id of the job's batch among `batches`, or None when it was never created (see above)."""
    start = job.created_at - WINDOW_BEFORE
    end = job.updated_at + config.BULK_SUBMIT_STALE
    candidates = [b for b in batches if b.id not in taken and start <= _created(b) <= end and _requests(b) == job.total]
    unproven = []
    for batch in candidates:
        if batch.processing_status == "ended":
            if await _is_the_jobs(client, batch, int(job.id or 0)):
                return str(batch.id)
        else:
            unproven.append(batch)
    return str(unproven[0].id) if len(unproven) == 1 else None


async def sweep_submitting(
    *, client: anthropic.AsyncAnthropic | None = None, now: datetime | None = None
) -> dict[int, str]:
    """Every job left `submitting` for longer than BULK_SUBMIT_STALE: adopted (status `processing`
    with the batch found) or ended with its slots given back. Returns {job id: status after}."""
    now = now or utcnow()
    with db.session() as session:
        stale = list(
            session.exec(
                select(BulkJob).where(
                    col(BulkJob.status).in_(SUBMITTING), col(BulkJob.updated_at) < now - config.BULK_SUBMIT_STALE
                )
            )
        )
        taken = {str(b) for b in session.exec(select(BulkJob.batch_id).where(BulkJob.batch_id != "")).all()}
    if not stale:
        return {}
    outcome: dict[int, str] = {}
    batches: list[Any] = []
    try:
        if config.get_settings().anthropic_api_key:  # without a key nothing could have been sent
            client = client or claude.make_client()
            batches = await _recent_batches(client, min(job.created_at for job in stale) - WINDOW_BEFORE)
    except Exception as exc:  # the API cannot list: try again at the next sweep
        report_exception(exc, where="bulk.sweep")
        return {int(job.id or 0): "submitting" for job in stale}
    for stale_job in stale:
        job_id = int(stale_job.id or 0)
        try:
            found = await find_batch(client, stale_job, batches, taken) if client and batches else None
        except Exception as exc:
            report_exception(exc, where="bulk.sweep", job_id=job_id)
            outcome[job_id] = "submitting"
            continue
        with db.session() as session:
            job = bulk_worker.lease(session, job_id, statuses=SUBMITTING, now=now)
            if job is None:
                outcome[job_id] = "skipped"
                continue
            if found:
                taken.add(found)
                job.batch_id, job.status, job.updated_at, job.claimed_until = found, "processing", utcnow(), None
                log.info("bulk job %s adopted batch %s after its sending died", job_id, found)
            else:
                bulk_worker.give_up(session, job, NOT_SENT_MESSAGE)
                log.info("bulk job %s never sent: ended, slots given back", job_id)
            session.add(job)
            session.commit()
            outcome[job_id] = job.status
    return outcome
