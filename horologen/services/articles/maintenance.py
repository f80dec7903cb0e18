"""The worker's housekeeping, once a minute (issue 23): bulk jobs whose sending died are adopted or
ended with their slots given back, and export files past their retention lose their bytes."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import anthropic

from horologen import config, db
from horologen.errors import report_exception
from horologen.services.articles import bulk_sweep, bulk_worker, export_jobs


async def housekeeping(
    *, client: anthropic.AsyncAnthropic | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """The sweep of stuck bulk jobs and the export-file purge. Returns what each did
    ({"bulk": {job id: status}, "exports_purged": count})."""
    swept = await bulk_sweep.sweep_submitting(client=client, now=now)
    with db.session() as session:
        purged = export_jobs.purge_expired(session=session, now=now)
    return {"bulk": swept, "exports_purged": purged}


async def worker_step(
    *, last_housekeeping: float, client: anthropic.AsyncAnthropic | None = None
) -> tuple[dict[int, str], float]:
    """One pass of the worker loop: housekeeping when config.MAINTENANCE_INTERVAL_S has passed since
    `last_housekeeping` (time.monotonic), then every bulk job whose poll is due. Returns the jobs'
    statuses and the time of the last housekeeping."""
    now = time.monotonic()
    if now - last_housekeeping >= config.MAINTENANCE_INTERVAL_S:
        try:
            await housekeeping(client=client)
        except Exception as exc:  # the jobs below still get their poll
            report_exception(exc, where="worker.housekeeping")
        last_housekeeping = now
    return await bulk_worker.process_open_jobs(client=client), last_housekeeping
