"""Shared helpers for the benchmarks: a scratch PostgreSQL database and realistic catalogue rows."""

from __future__ import annotations

import io
import json
import platform
import random
import statistics
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from horologen.services.catalogue.normalise import normalise_key  # noqa: E402
from tests.support import databases  # noqa: E402

BRANDS = {
    "ROLEX": lambda r: f"{r.randint(100000, 999999)}{r.choice(['LN', 'LV', 'BLNR', 'VTNR', '', 'NG', 'TBR'])}",
    "OMEGA": lambda r: f"{r.randint(200, 329)}.{r.randint(10, 99)}.{r.randint(38, 44)}.{r.randint(10, 99)}.{r.randint(1, 9):02d}.{r.randint(1, 9):03d}",
    "GRAND SEIKO": lambda r: f"SBG{r.choice('AHJXYW')}{r.randint(1, 399):03d}",
    "SEIKO": lambda r: f"SBD{r.choice('CJXY')}{r.randint(1, 299):03d}",
    "PATEK PHILIPPE": lambda r: f"{r.randint(3000, 7999)}/{r.randint(1, 9)}{r.choice('ARGJ')}-{r.randint(1, 99):03d}",
    "AUDEMARS PIGUET": lambda r: f"{r.randint(14000, 26999)}{r.choice(['ST', 'OR', 'TI'])}.OO.{r.randint(1000, 1299)}{r.choice(['ST', 'OR'])}.{r.randint(1, 9):02d}",
    "CARTIER": lambda r: f"W{r.choice(['SSA', 'SBB', 'GTA', 'SNM'])}{r.randint(1, 99):04d}",
    "TUDOR": lambda r: f"M{r.randint(70000, 79999)}{r.choice(['N', 'TN', 'B', ''])}-{r.randint(1, 99):04d}",
    "IWC": lambda r: f"IW{r.randint(300000, 399999)}",
    "TAG HEUER": lambda r: f"{r.choice(['CBN', 'WBP', 'CAR', 'WAZ'])}{r.randint(1, 9)}{r.choice('ABCDE')}{r.randint(1, 99)}.{r.choice(['BA', 'FC', 'BF'])}{r.randint(100, 999):04d}",
    "PANERAI": lambda r: f"PAM{r.randint(1, 1500):05d}",
    "CASIO": lambda r: f"GW-{r.randint(1000, 9999)}{r.choice(['', 'B', 'D'])}-{r.randint(1, 9)}{r.choice('AJR')}JF",
}  # fmt: skip


def machine() -> str:
    cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    mem = subprocess.run(
        ["bash", "-c", "free -g | awk '/Mem:/{print $2}'"], capture_output=True, text=True
    ).stdout.strip()
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return f"{platform.machine()}, {cpu} cores, {mem} GiB RAM, Python {platform.python_version()}, {pg}"


def today() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d")


def catalogue_rows(count: int, tenants: list[int], seed: int = 7) -> Iterator[tuple]:
    """(tenant_id, brand, reference, price) rows; references unique per tenant and brand."""
    rng = random.Random(seed)
    seen: set[tuple[int, str, str]] = set()
    brands = list(BRANDS)
    while len(seen) < count:
        tenant = tenants[len(seen) % len(tenants)]
        brand = rng.choice(brands)
        reference = BRANDS[brand](rng)
        key = (tenant, brand, reference)
        if key in seen:
            continue
        seen.add(key)
        yield tenant, brand, reference, rng.randint(30, 3000) * 1000


def copy_products(conn, rows: Iterator[tuple]) -> int:
    """Fill master_products with PostgreSQL COPY (the fast path for building benchmark data)."""
    now = datetime.now(UTC).isoformat()
    written = 0
    with conn.cursor() as cur:
        with cur.copy(
            "COPY master_products (tenant_id, brand, brand_key, reference, reference_key, name, price_jpy, specs,"
            " created_at, updated_at) FROM STDIN"
        ) as copy:
            for tenant, brand, reference, price in rows:
                copy.write_row(
                    (tenant, brand, normalise_key(brand), reference, normalise_key(reference), "ベンチ用", price,
                     json.dumps({"ケース径": "40mm"}), now, now)
                )  # fmt: skip
                written += 1
    conn.commit()
    return written


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)

    def pick(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]

    return {"p50": pick(0.5), "p95": pick(0.95), "p99": pick(0.99), "mean": statistics.fmean(ordered)}


__all__ = ["ROOT", "databases", "io"]


@contextmanager
def fake_api_database(prefix: str) -> Iterator[tuple[object, str]]:
    """A fresh migrated PostgreSQL database and the local fake Messages API, with the app's
    settings pointed at both (unlimited plan); both removed afterwards. Yields (fake, url)."""
    import os

    from horologen import config, db
    from tests.fakes.anthropic_server import FakeAnthropic

    fake = FakeAnthropic().start()
    name, url = databases.create_pg_database(prefix)
    try:
        databases.migrate(url)
        os.environ.update(DATABASE_URL=url, ANTHROPIC_API_KEY="sk-bench", ANTHROPIC_BASE_URL=fake.url)
        os.environ["HOROLOGEN_PLAN"] = "unlimited"
        config.get_settings.cache_clear()
        db.get_engine.cache_clear()
        yield fake, url
    finally:
        db.get_engine().dispose()
        db.get_engine.cache_clear()
        databases.drop_pg_database(name)
        fake.stop()
