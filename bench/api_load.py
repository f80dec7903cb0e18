"""The references JSON endpoint under 32 concurrent clients for 20 s, beside a bare route and a
floor route doing the same SQL with the least code (horologen/bench_routes.py).

Both run in the same production server (scripts/serve.sh) on loopback, measured with wrk in
the same run. Run by hand: `.venv/bin/python bench/api_load.py` (needs Debian's wrk).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
import psycopg
from common import ROOT, catalogue_rows, copy_products, databases, machine, today

from tests.support.live_app import start_live_app

PASSWORD = "bench-password-2026"
DURATION = os.environ.get("BENCH_DURATION", "20s")
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "32"))


def wrk(url: str, cookie: str = "") -> dict[str, float]:
    args = ["wrk", "-t2", f"-c{CLIENTS}", f"-d{DURATION}", "--latency", url]
    if cookie:
        args[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {
        "rps": rps,
        "p99_ms": float(p99.group(1)) * unit,
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": errors.group(0) if errors else "",
    }


def main() -> None:
    name, url = databases.create_pg_database("horologen_bench_api")
    env = {
        "DATABASE_URL": url,
        "HOROLOGEN_ENV": "development",
        "HOROLOGEN_BENCH_ROUTES": "1",
        "HOROLOGEN_SEED_PASSWORD": PASSWORD,
        # With REDIS_URL Reflex runs several backend workers; without it, one process.
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", ""),
    }
    app = None
    try:
        databases.migrate(url)
        run_env = {**os.environ, **env}
        subprocess.run([sys.executable, "scripts/seed_dev.py"], cwd=ROOT, env=run_env, check=True, capture_output=True)
        subprocess.run(
            [sys.executable, "scripts/seed_staging_min.py"], cwd=ROOT, env=run_env, check=True, capture_output=True
        )
        with psycopg.connect(url) as conn:
            copy_products(conn, catalogue_rows(100_000, [2, 3]))
            conn.execute("ANALYZE master_products")
            conn.commit()
        app = start_live_app(env, Path(tempfile.mkdtemp()) / "app.log")
        login = httpx.post(
            app.url + "/auth/login", data={"email": "staff-a@example.com", "password": PASSWORD}, follow_redirects=False
        )
        cookie = login.headers["set-cookie"].split(";", 1)[0]
        endpoint = app.url + "/staff/references?brand=TESTBRAND"
        assert httpx.get(endpoint, headers={"Cookie": cookie}).json()["count"] == 1
        search = app.url + "/staff/references?brand=ROLEX&q=1166"
        floor_url = app.url + "/bench/floor?brand=TESTBRAND"
        floor_search_url = app.url + "/bench/floor?brand=ROLEX&q=1166"
        for real_url, floor_url_ in ((endpoint, floor_url), (search, floor_search_url)):  # same answers
            real_body = httpx.get(real_url, headers={"Cookie": cookie}).json()
            assert httpx.get(floor_url_, headers={"Cookie": cookie}).json() == real_body, real_url
        bare = wrk(app.url + "/bench/bare")
        floor = wrk(floor_url, cookie)
        real = wrk(endpoint, cookie)
        floor_search = wrk(floor_search_url, cookie)
        real_search = wrk(search, cookie)
        workers = "several workers (REDIS_URL set)" if env["REDIS_URL"] else "one backend process"
        print(
            f"API load — {today()} — {machine()} — wrk -t2 -c{CLIENTS} -d{DURATION}, {workers},"
            " app and wrk on the same 2 cores"
        )
        print("| route | req/s | p99 ms | non-2xx | vs bare | vs its floor |")
        print("|---|---:|---:|---:|---:|---:|")
        for label, stats, its_floor in [
            ("/bench/bare (no DB, no auth)", bare, None),
            ("/bench/floor?brand=TESTBRAND (same SQL, least code)", floor, None),
            ("/staff/references?brand=TESTBRAND", real, floor),
            ("/bench/floor?brand=ROLEX&q=1166", floor_search, None),
            ("/staff/references?brand=ROLEX&q=1166 (100k rows)", real_search, floor_search),
        ]:
            ratio = stats["rps"] / bare["rps"] * 100
            versus = f"{stats['rps'] / its_floor['rps'] * 100:.0f}%" if its_floor else ""
            print(
                f"| {label} | {stats['rps']:.0f} | {stats['p99_ms']:.1f} | {stats['non_2xx']} | {ratio:.0f}% | {versus} |"
            )
            if stats["socket_errors"]:
                print(f"|   {stats['socket_errors']} | | | | | |")
    finally:
        if app is not None:
            app.stop()
        databases.drop_pg_database(name)


if __name__ == "__main__":
    main()
