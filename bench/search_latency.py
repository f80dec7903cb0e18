"""Search latency through the service on PostgreSQL at 10k, 100k and 1M products over 20 tenants.

Run by hand: `.venv/bin/python bench/search_latency.py [--sizes 10000 100000 1000000]`.
Prints a Markdown table for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import random
import time

import psycopg
from common import catalogue_rows, copy_products, databases, machine, percentiles, today
from sqlmodel import Session

from horologen.config import normalise_database_url
from horologen.db import make_engine
from horologen.models import Tenant, User
from horologen.services.accounts.access import Actor
from horologen.services.catalogue import search

TENANTS = 20
QUERIES = 400


def build(url: str, size: int) -> None:
    engine = make_engine(normalise_database_url(url))
    with Session(engine) as session:
        for i in range(TENANTS):
            session.add(Tenant(name=f"Bench {i + 1}"))
        session.commit()
        for i in range(TENANTS):
            session.add(User(tenant_id=i + 1, email=f"b{i}@x.example", password_hash="x", role="staff"))
        session.commit()
    engine.dispose()
    with psycopg.connect(url) as conn:
        copy_products(conn, catalogue_rows(size, list(range(1, TENANTS + 1))))
        conn.execute("ANALYZE master_products")
        conn.commit()


def workload(url: str, rng: random.Random) -> list[tuple[int, str, str, str]]:
    with psycopg.connect(url) as conn:
        sample = conn.execute(
            "SELECT tenant_id, brand, reference FROM master_products TABLESAMPLE SYSTEM (1) LIMIT 2000"
        ).fetchall()
    jobs = []
    for tenant, brand, reference in rng.sample(sample, min(QUERIES, len(sample))):
        kind = rng.choice(["exact", "prefix", "substring", "brand+prefix", "typed"])
        key = reference
        if kind == "exact":
            jobs.append((tenant, "", key, kind))
        elif kind == "prefix":
            jobs.append((tenant, "", key[: max(3, len(key) // 2)], kind))
        elif kind == "substring":
            jobs.append((tenant, "", key[2:7], kind))
        elif kind == "brand+prefix":
            jobs.append((tenant, brand, key[:4], kind))
        else:  # as staff type it: full-width digits, lower case
            typed = key[:6].lower().translate(str.maketrans("0123456789", "０１２３４５６７８９"))
            jobs.append((tenant, "", typed, kind))
    return jobs


def measure(url: str, jobs: list[tuple[int, str, str, str]]) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    engine = make_engine(normalise_database_url(url))
    samples: list[float] = []
    by_kind: dict[str, list[float]] = {}
    with Session(engine) as session:
        for tenant, brand, query, _ in jobs[:20]:  # warm the cache and the pool
            search.search_references(session=session, actor=Actor(tenant, tenant, "staff"), brand=brand, query=query)
        for tenant, brand, query, kind in jobs:
            actor = Actor(user_id=tenant, tenant_id=tenant, role="staff")
            start = time.perf_counter()
            search.search_references(session=session, actor=actor, brand=brand, query=query, limit=20)
            elapsed = (time.perf_counter() - start) * 1000
            samples.append(elapsed)
            by_kind.setdefault(kind, []).append(elapsed)
    engine.dispose()
    return percentiles(samples), {kind: percentiles(values) for kind, values in by_kind.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    rng = random.Random(11)
    print(f"Search latency — {today()} — {machine()}")
    print("| products | build (s) | queries | p50 ms | p95 ms | p99 ms |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        name, url = databases.create_pg_database("horologen_bench")
        try:
            databases.migrate(url)
            start = time.perf_counter()
            build(url, size)
            built = time.perf_counter() - start
            jobs = workload(url, rng)
            stats, kinds = measure(url, jobs)
            print(
                f"| {size:,} | {built:.1f} | {len(jobs)} | {stats['p50']:.2f} | {stats['p95']:.2f} | {stats['p99']:.2f} |",
                flush=True,
            )
            detail = ", ".join(f"{kind} p95 {value['p95']:.1f}" for kind, value in sorted(kinds.items()))
            print(f"|   by kind | | | | {detail} | |", flush=True)
        finally:
            databases.drop_pg_database(name)


if __name__ == "__main__":
    main()
