"""The bulk generation worker: polls open Message Batches and stores their results as drafts.

Render runs it as a Background Worker (`python scripts/worker.py`, render.yaml); the embedded
default (`make run`, SQLite) runs the same loop inside the app. Several workers may run: each job
is leased to one of them (bulk_worker.lease). Once a minute it also sweeps jobs whose sending died
and removes export files past their retention (services/articles/maintenance.py). `--once` runs
one pass and exits.
"""

from __future__ import annotations

import argparse
import asyncio
import signal

from _bootstrap import run_script


async def loop(interval_s: float, once: bool) -> int:
    from horologen.services.articles import maintenance

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    last_housekeeping = float("-inf")
    while True:
        done, last_housekeeping = await maintenance.worker_step(last_housekeeping=last_housekeeping)
        if done:
            print(f"bulk: {done}", flush=True)
        if once or stop.is_set():
            return 0
        try:
            await asyncio.wait_for(stop.wait(), timeout=interval_s)
        except TimeoutError:
            continue
        return 0


def main() -> int:
    parser = argparse.ArgumentParser(description="Poll open bulk jobs (Message Batches) and store their results.")
    parser.add_argument("--once", action="store_true", help="poll once and exit")
    parser.add_argument("--interval", type=float, default=None, help="seconds between polls")
    args = parser.parse_args()
    from horologen.config import get_settings

    args.interval = args.interval or get_settings().worker_interval_s
    print(f"worker: polling every {args.interval:g} s", flush=True)
    return asyncio.run(loop(args.interval, args.once))


if __name__ == "__main__":
    run_script(main)
