"""Bulk jobs always end (issue 23): a process killed while sending, a cancelled task, an API that
answers 500 to every poll — none may leave a job holding its slots until the month ends."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from horologen import config
from horologen.models import Article, BulkJob, utcnow
from horologen.services.articles import bulk, bulk_sweep, bulk_worker, maintenance
from horologen.services.articles.prompting import GenerationOptions
from tests.fakes.anthropic_server import FakeAnthropic
from tests.support import factories as f
from tests.test_bulk import shop, submit, usage  # noqa: F401  (fixture)
from tests.test_generation import ai  # noqa: F401  (fixture)

SUBMIT_SCRIPT = """
import asyncio, sys
from horologen.services.accounts.access import Actor
from horologen.services.articles import bulk
from horologen.services.articles.prompting import GenerationOptions
from horologen import db
user_id, tenant_id, *ids = (int(a) for a in sys.argv[1:])
actor = Actor(user_id=user_id, tenant_id=tenant_id, role="admin")
with db.session() as session:
    asyncio.run(bulk.submit(session=session, actor=actor, product_ids=ids, options=GenerationOptions()))
print("SENT", flush=True)
"""


def _wait_for(condition, what: str, limit_s: float = 30.0) -> None:
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _killed_while_sending(session: Session, fake: FakeAnthropic, admin, products, step: str) -> BulkJob:
    """Run bulk.submit in its own process and SIGKILL it at `step` of the send."""
    delays = {"before_send": "batch_delay_unread_s", "during_send": "batch_delay_before_create_s",
              "after_send": "batch_delay_after_create_s"}  # fmt: skip
    setattr(fake, delays[step], 60.0)
    env = {**os.environ, "PYTHONPATH": str(config.PROJECT_ROOT)}
    ids = [str(p.id) for p in products]
    process = subprocess.Popen(
        [sys.executable, "-c", SUBMIT_SCRIPT, str(admin.id), str(admin.tenant_id), *ids],
        env=env, cwd=config.PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        if step == "before_send":  # the job and its slots are committed; the fake has read nothing
            _wait_for(lambda: session.exec(select(BulkJob)).first() is not None, "the job")
            time.sleep(0.5)
        elif step == "during_send":  # the fake has the request, no batch exists yet
            _wait_for(lambda: any(r.path.endswith("/batches") for r in fake.requests), "the request")
        else:  # the batch exists; its id never reached the process
            _wait_for(lambda: bool(fake.batches), "the batch")
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        setattr(fake, delays[step], 0.0)
    session.expire_all()
    job = session.exec(select(BulkJob)).one()
    assert job.status == "submitting" and job.batch_id == ""  # what a death leaves behind
    return job


@pytest.mark.parametrize("step", ["before_send", "during_send", "after_send"])
def test_a_process_killed_while_sending_never_holds_slots(
    session: Session,
    ai: FakeAnthropic,  # noqa: F811
    shop,  # noqa: F811
    step: str,
) -> None:
    tenant, admin, _staff, products = shop
    job = _killed_while_sending(session, ai, admin, products[:3], step)
    assert usage(session, int(tenant.id or 0)) == (0, 3)
    # A fresh job is left alone: its sender may still be at work.
    assert asyncio.run(bulk_sweep.sweep_submitting()) == {}
    later = utcnow() + config.BULK_SUBMIT_STALE + timedelta(seconds=5)
    swept = asyncio.run(bulk_sweep.sweep_submitting(now=later))
    session.expire_all()
    job = session.get(BulkJob, job.id)
    assert job is not None
    if step == "after_send":  # the batch was made: the job adopts it and its drafts arrive
        assert swept == {job.id: "processing"} and job.batch_id == next(iter(ai.batches))
        assert asyncio.run(bulk_worker.process_open_jobs()) == {job.id: "done"}
        assert usage(session, int(tenant.id or 0)) == (3, 0)
        assert len(session.exec(select(Article).where(Article.tenant_id == tenant.id)).all()) == 3
    else:  # nothing was made: the job fails and every slot goes back
        assert swept == {job.id: "failed"} and "枠は戻しました" in job.error_message
        assert usage(session, int(tenant.id or 0)) == (0, 0)
        assert ai.batches == {}


def test_a_cancelled_sending_task_is_swept_and_can_be_cancelled(
    session: Session,
    ai: FakeAnthropic,  # noqa: F811
    shop,  # noqa: F811
) -> None:
    tenant, admin, _staff, products = shop
    ai.batch_delay_before_create_s = 5.0
    ids = [int(p.id or 0) for p in products[:2]]

    async def cancelled_submit() -> None:
        task = asyncio.ensure_future(
            bulk.submit(session=session, actor=f.actor(admin), product_ids=ids, options=GenerationOptions())
        )
        while not any(r.path.endswith("/batches") for r in ai.requests):
            await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(cancelled_submit())
    session.expire_all()
    job = session.exec(select(BulkJob)).one()
    assert job.status == "submitting" and usage(session, int(tenant.id or 0)) == (0, 2)
    bulk.cancel(session=session, actor=f.actor(admin), job_id=int(job.id or 0))  # 中止 works on it too
    time.sleep(5.5)  # the fake finishes the request nobody waits for; no batch is made for the job
    ai.batches.clear()
    later = utcnow() + config.BULK_SUBMIT_STALE + timedelta(seconds=5)
    assert asyncio.run(bulk_sweep.sweep_submitting(now=later)) == {job.id: "cancelled"}
    assert usage(session, int(tenant.id or 0)) == (0, 0)


def test_polls_that_always_fail_back_off_then_end_the_job(
    session: Session,
    ai: FakeAnthropic,  # noqa: F811
    shop,  # noqa: F811
) -> None:
    tenant, admin, _staff, products = shop
    ai.batch_polls = 100
    job = submit(session, admin, products[:4])
    ai.batch_poll_status = 500
    now = utcnow()
    assert asyncio.run(bulk_worker.process_open_jobs(now=now)) == {job.id: "error"}
    session.expire_all()
    first = session.get(BulkJob, job.id)
    assert first is not None and first.poll_failures == 1 and first.next_poll_at is not None
    # Not due yet: the worker leaves it alone until its back-off has passed.
    assert asyncio.run(bulk_worker.process_open_jobs(now=now + timedelta(seconds=1))) == {}
    waits = []
    moment = now
    for _ in range(6):
        moment = first.next_poll_at or moment
        asyncio.run(bulk_worker.process_open_jobs(now=moment))
        session.expire_all()
        first = session.get(BulkJob, job.id)
        assert first is not None
        waits.append((first.next_poll_at - moment).total_seconds())  # type: ignore[operator]
    assert waits == sorted(waits) and waits[-1] <= config.BULK_POLL_BACKOFF_MAX.total_seconds()
    assert usage(session, int(tenant.id or 0)) == (0, 4)  # still within the batch's own 24 hours
    # A cancel asked meanwhile is pending; past 24 hours plus the margin, the job ends.
    bulk.cancel(session=session, actor=f.actor(admin), job_id=int(job.id or 0))
    past = utcnow() + config.BULK_GIVE_UP_AFTER + timedelta(minutes=1)
    assert asyncio.run(bulk_worker.process_open_jobs(now=past)) == {job.id: "cancelled"}
    assert usage(session, int(tenant.id or 0)) == (0, 0)
    session.expire_all()
    ended = session.get(BulkJob, job.id)
    assert ended is not None and ended.finished_at is not None and ended.claimed_until is None


def test_a_finished_job_cannot_be_cancelled_and_housekeeping_runs(
    session: Session,
    ai: FakeAnthropic,  # noqa: F811
    shop,  # noqa: F811
) -> None:
    _tenant, admin, _staff, products = shop
    job = submit(session, admin, products[:1])
    assert asyncio.run(bulk_worker.process_open_jobs()) == {job.id: "done"}
    session.expire_all()
    with pytest.raises(bulk.BulkError, match="終了した"):
        bulk.cancel(session=session, actor=f.actor(admin), job_id=int(job.id or 0))
    report = asyncio.run(maintenance.housekeeping())
    assert report == {"bulk": {}, "exports_purged": 0}
