"""A 500-product bulk job through the local fake Message Batches API on PostgreSQL: the app's time
to build and submit the batch, to store the results as checked drafts, and peak memory.

Run by hand: `.venv/bin/python bench/bulk_500.py` (BENCH_PRODUCTS to change the size).
"""

from __future__ import annotations

import asyncio
import os
import resource
import time
import tracemalloc

from common import fake_api_database, machine, today
from sqlmodel import Session, select

from horologen import db
from horologen.models import Article
from horologen.services.articles import bulk, bulk_worker
from horologen.services.articles.prompting import GenerationOptions
from tests.support import factories as f

PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "500"))


def main() -> None:
    with fake_api_database("horologen_bench_bulk"):
        with db.session() as session:
            tenant = f.tenant(session, "Bench bulk")
            admin = f.user(session, tenant, "admin")
            ids = [
                int(
                    f.product(
                        session, tenant, "ROLEX", f"B{i:05d}", price_jpy=1_000_000 + i, specs={"ケース径": "41mm"}
                    ).id
                    or 0
                )
                for i in range(PRODUCTS)
            ]
            actor = f.actor(admin)
        tracemalloc.start()
        started = time.perf_counter()
        with db.session() as session:
            job = asyncio.run(bulk.submit(session=session, actor=actor, product_ids=ids, options=GenerationOptions()))
        submitted = time.perf_counter()
        result = asyncio.run(bulk_worker.process_open_jobs())
        finished = time.perf_counter()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        with Session(db.get_engine()) as session:
            drafts = len(session.exec(select(Article).where(Article.tenant_id == tenant.id)).all())
        assert result == {job.id: "done"} and drafts == PRODUCTS, (result, drafts)
        submit_ms = (submitted - started) * 1000
        store_ms = (finished - submitted) * 1000
        print(f"Bulk {PRODUCTS} — {today()} — {machine()}")
        print("| step | total | per item |\n|---|---|---|")
        print(f"| build prompts, reserve, send the batch | {submit_ms:,.0f} ms | {submit_ms / PRODUCTS:.1f} ms |")
        print(f"| poll, read JSONL, store checked drafts, settle | {store_ms:,.0f} ms | {store_ms / PRODUCTS:.1f} ms |")
        print(f"| peak Python memory (tracemalloc) | {peak / 1e6:.1f} MB | |")
        print(f"| max RSS of the process | {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB | |")


if __name__ == "__main__":
    main()
