"""/healthz while one shop exports 2,000 approved articles (issue 23: the export used to run on the
event loop and kept every other shop waiting).

The production server (scripts/serve.sh, development env so the bench routes exist) exports through
`/bench/export`, which runs the same service as the page's handler either in a worker thread (what
the page does now) or on the event loop (what it did before); /healthz is polled every 50 ms from
another thread meanwhile. Run by hand: `.venv/bin/python bench/export_healthz.py`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from common import ROOT, databases, machine, today
from sqlmodel import Session

sys.path.insert(0, str(ROOT))
from horologen import config
from horologen.db import make_engine
from horologen.models import Article, utcnow
from horologen.services.articles.prompting import product_snapshot
from tests.support import factories as f
from tests.support.live_app import start_live_app

ARTICLES = 2000
PASSWORD = "bench-export-2026"


def seed(url: str) -> str:
    engine = make_engine(config.normalise_database_url(url))
    with Session(engine, expire_on_commit=False) as session:
        tenant = f.tenant(session, "Export bench shop")
        admin = f.user(session, tenant, "admin", "bench-export@example.com", password=PASSWORD)
        product = f.product(session, tenant, "ROLEX", "126610LN", price_jpy=1_980_000, name="サブマリーナー",
                            specs={"ケース径": "41mm", "ムーブメント": "Cal.3235"}, price_tax="included")  # fmt: skip
        snapshot = product_snapshot(product.brand, product.reference, product.name, product.price_jpy,
                                    product.specs, product.price_tax)  # fmt: skip
        now = utcnow()
        for number in range(ARTICLES):
            session.add(Article(
                tenant_id=int(tenant.id or 0), user_id=int(admin.id or 0), product_id=product.id,
                input_snapshot=snapshot, options={"channel": "rakuten"}, title=f"サブマリーナー {number:04d}",
                catch_copy="海の名作", body="## 特徴\n\nケース径41mm。" + "落ち着いた黒の文字盤。" * 60,
                status="done", review_status="approved", approved_by=admin.id, approved_at=now, flags=[],
            ))  # fmt: skip
        session.commit()
    engine.dispose()
    return admin.email


def measure(app_url: str, cookie: str, mode: str) -> tuple[float, list[float]]:
    latencies: list[float] = []
    done = threading.Event()

    def poll() -> None:
        with httpx.Client(timeout=120) as client:
            while not done.is_set():
                started = time.perf_counter()
                client.get(app_url + "/healthz")
                latencies.append(time.perf_counter() - started)
                time.sleep(0.05)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    time.sleep(0.5)
    started = time.perf_counter()
    answer = httpx.post(f"{app_url}/bench/export?n={ARTICLES}&mode={mode}", headers={"Cookie": cookie}, timeout=600)
    elapsed = time.perf_counter() - started
    assert answer.json()["rows"] == ARTICLES, answer.text
    done.set()
    poller.join()
    return elapsed, latencies


def main() -> None:
    name, url = databases.create_pg_database("horologen_bench_export")
    app = None
    try:
        databases.migrate(url)
        email = seed(url)
        env = {"DATABASE_URL": url, "HOROLOGEN_ENV": "development", "HOROLOGEN_BENCH_ROUTES": "1"}
        app = start_live_app(env, Path(tempfile.mkdtemp()) / "app.log")
        login = httpx.post(app.url + "/auth/login", data={"email": email, "password": PASSWORD})
        cookie = login.headers["set-cookie"].split(";", 1)[0]
        print(f"Export and /healthz — {today()} — {machine()} — {ARTICLES:,} approved articles, CSV, one process")
        print("| export runs | export s | /healthz answers | p50 ms | p95 ms | max ms |")
        print("|---|---:|---:|---:|---:|---:|")
        for mode, label in (("thread", "in a worker thread (now)"), ("loop", "on the event loop (before)")):
            elapsed, latencies = measure(app.url, cookie, mode)
            ordered = sorted(latencies)
            p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
            print(
                f"| {label} | {elapsed:.1f} | {len(ordered)} | {statistics.median(ordered) * 1000:.0f} | "
                f"{p95 * 1000:.0f} | {ordered[-1] * 1000:.0f} |"
            )
    finally:
        if app is not None:
            app.stop()
        databases.drop_pg_database(name)


if __name__ == "__main__":
    main()
