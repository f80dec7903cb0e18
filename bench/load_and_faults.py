"""Load and faults against the production server (scripts/serve.sh) on PostgreSQL, run by hand.

1. 50 logged-in clients without a browser, each with a Reflex event websocket (search events)
   and JSON API calls, for 60 s: errors counted, server memory sampled.
2. PostgreSQL restarted mid-run: the app recovers without a restart; requests during the outage
   fail with an error ID, nothing half-written.
3. The app killed (SIGKILL) mid-import and mid-generation: no partial import, no quota slot
   leaked once stale generations are released, no article marked done.

`.venv/bin/python bench/load_and_faults.py [--clients 50 --seconds 60] [--skip-restart]`
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg
import socketio
from common import ROOT, catalogue_rows, copy_products, databases, machine, today

from horologen import config
from tests.fakes.anthropic_server import FakeAnthropic, FakeReply
from tests.support.live_app import LiveApp, start_live_app

PASSWORD = "load-password-2026"
SEARCH = "reflex___state____state.horologen___state___base____app_state.horologen___state___search____search_state"
HYDRATE = "reflex___state____state.hydrate_and_load"


def rss_mb(pid: int) -> float:
    """Resident memory of the server's whole process group (supervisor and workers)."""
    out = subprocess.run(["ps", "-o", "rss=", "-g", str(os.getpgid(pid))], capture_output=True, text=True).stdout
    return sum(int(x) for x in out.split()) / 1024


def login(app: LiveApp, email: str) -> str:
    response = httpx.post(app.url + "/auth/login", data={"email": email, "password": PASSWORD}, follow_redirects=False)
    return response.headers["set-cookie"].split(";", 1)[0]


class Client(threading.Thread):
    def __init__(self, app: LiveApp, cookie: str, stop: threading.Event, index: int) -> None:
        super().__init__(daemon=True)
        self.app, self.cookie, self.stop, self.index = app, cookie, stop, index
        self.events = self.api_calls = self.errors = self.updates = 0
        self.error_samples: list[str] = []

    def run(self) -> None:
        rng = random.Random(self.index)
        token = f"load-{self.index}-{rng.random()}"
        sio = socketio.Client(reconnection=True)
        sio.on("event", lambda _data: setattr(self, "updates", self.updates + 1), namespace="/_event")
        router = {"pathname": "/staff/search", "asPath": "/staff/search"}
        try:
            sio.connect(
                self.app.url + f"?token={token}",
                socketio_path="/_event",
                namespaces=["/_event"],
                transports=["websocket"],
                headers={"Cookie": self.cookie},
                auth={"event": {"name": HYDRATE, "payload": {}, "router_data": router}},
                wait_timeout=20,
            )
        except Exception as exc:
            self.errors += 1
            self.error_samples.append(f"connect: {exc}")
            return
        http = httpx.Client(headers={"Cookie": self.cookie}, timeout=10)
        while not self.stop.is_set():
            query = rng.choice(["116", "126610", "SBGA", "5711", "ref001", "３１０"])
            try:
                sio.emit(
                    "event",
                    {"name": f"{SEARCH}.set_query", "payload": {"query": query}, "router_data": router},
                    namespace="/_event",
                )
                self.events += 1
                response = http.get(self.app.url + "/staff/references", params={"q": query, "limit": 20})
                self.api_calls += 1
                if response.status_code != 200:
                    self.errors += 1
                    self.error_samples.append(f"api {response.status_code}: {response.text[:120]}")
            except Exception as exc:
                self.errors += 1
                self.error_samples.append(f"{type(exc).__name__}: {exc}"[:160])
            time.sleep(rng.uniform(0.2, 0.6))
        http.close()
        sio.disconnect()


def load(app: LiveApp, clients: int, seconds: int) -> None:
    cookies = [login(app, "staff-a@example.com" if i % 2 == 0 else "staff-b@example.com") for i in range(clients)]
    stop = threading.Event()
    workers = [Client(app, cookies[i], stop, i) for i in range(clients)]
    memory = [rss_mb(app.process.pid)]
    for worker in workers:
        worker.start()
    for _ in range(seconds // 10):
        time.sleep(10)
        memory.append(rss_mb(app.process.pid))
    stop.set()
    for worker in workers:
        worker.join(timeout=20)
    events = sum(w.events for w in workers)
    api = sum(w.api_calls for w in workers)
    errors = sum(w.errors for w in workers)
    updates = sum(w.updates for w in workers)
    print(f"| load: {clients} clients × {seconds} s | events sent {events}, state updates received {updates},"
          f" API calls {api}, errors {errors} |")  # fmt: skip
    print(f"| server memory (MB, every 10 s) | {', '.join(f'{m:.0f}' for m in memory)} |")
    samples = [s for w in workers for s in w.error_samples][:5]
    if samples:
        print(f"| first errors | {' / '.join(samples)} |")


def restart_postgres(app: LiveApp, url: str) -> None:
    cluster = (sorted(os.listdir("/etc/postgresql")) or ["15"])[-1]
    cookie = login(app, "staff-a@example.com")
    outcomes: list[str] = []
    stop = threading.Event()

    def poll() -> None:
        with httpx.Client(headers={"Cookie": cookie}, timeout=5) as http:
            while not stop.is_set():
                try:
                    response = http.get(app.url + "/staff/references?brand=TESTBRAND")
                    body = response.json()
                    outcomes.append(f"{response.status_code}{'+id' if body.get('error_id') else ''}")
                except Exception as exc:
                    outcomes.append(type(exc).__name__)
                time.sleep(0.1)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    time.sleep(2)
    started = time.perf_counter()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"], check=True)
    restarted = time.perf_counter() - started
    time.sleep(5)
    stop.set()
    poller.join()
    counts = {k: outcomes.count(k) for k in sorted(set(outcomes))}
    recovered = outcomes[-10:] == ["200"] * 10
    health = httpx.get(app.url + "/healthz").status_code
    print(f"| PostgreSQL restart ({restarted:.1f} s) mid-run | answers during the run {counts};"
          f" last 10 all 200: {recovered}; /healthz after: {health} |")  # fmt: skip


def kill_mid_import(env: dict[str, str], url: str, folder: Path) -> None:
    app = start_live_app(env, folder / "import.log")
    rows = 100_000
    data = "brand,reference,price_jpy\n" + "".join(f"KILLTEST,K{i:06d},{1000 + i}\n" for i in range(rows))
    # The preview through the service (as the page does), then the commit in a child process
    # we kill -9 midway: the same code path as the page's commit, in a process of its own.
    code = f"""
import os, sys, time
sys.path.insert(0, {str(ROOT)!r})
os.environ['DATABASE_URL'] = {url!r}
from horologen import db
from horologen.models import User
from horologen.services.catalogue import upload as catalogue_upload
from horologen.services.accounts.access import Actor
from sqlmodel import select
with db.session() as s:
    admin = s.exec(select(User).where(User.email == 'admin-a@example.com')).one()
    actor = Actor(admin.id, admin.tenant_id, 'admin')
    preview = catalogue_upload.preview_upload(session=s, actor=actor, filename='k.csv', data=sys.stdin.buffer.read())
    print(preview.upload_id, flush=True)
    catalogue_upload.commit_upload(session=s, actor=actor, upload_id=preview.upload_id)
    print('committed', flush=True)
"""
    child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(data)
    child.stdin.close()
    upload_id = int(child.stdout.readline())
    time.sleep(1.0)  # well inside the ~3 s commit of 100k rows
    child.send_signal(signal.SIGKILL)
    child.wait()
    app.stop()
    with psycopg.connect(url) as conn:
        written = conn.execute("SELECT count(*) FROM master_products WHERE brand = 'KILLTEST'").fetchone()[0]
        status = conn.execute("SELECT status FROM catalogue_uploads WHERE id = %s", (upload_id,)).fetchone()[0]
    print(f"| killed mid-import ({rows:,} rows, SIGKILL 1 s into the commit) | rows written {written},"
          f" upload status {status!r} (can be committed again) |")  # fmt: skip


def kill_mid_generation(env: dict[str, str], url: str, folder: Path, fake: FakeAnthropic) -> None:
    fake.queue(FakeReply(chunks=["# 途中\n"] + ["本文。"] * 30, chunk_delay_s=0.3))
    app = start_live_app(env, folder / "gen.log")
    code = f"""
import asyncio, os, sys
sys.path.insert(0, {str(ROOT)!r})
os.environ.update(DATABASE_URL={url!r}, ANTHROPIC_API_KEY='sk-load', ANTHROPIC_BASE_URL={fake.url!r})
from horologen import db
from horologen.models import MasterProduct, User
from horologen.services.articles import generation
from horologen.services.accounts.access import Actor
from horologen.services.articles.prompting import GenerationOptions
from sqlmodel import select
with db.session() as s:
    staff = s.exec(select(User).where(User.email == 'staff-a@example.com')).one()
    product = s.exec(select(MasterProduct).where(MasterProduct.reference == 'REF001')).one()
    job = generation.prepare(session=s, actor=Actor(staff.id, staff.tenant_id, 'staff'), product_id=product.id,
                             options=GenerationOptions())
print(job.article_id, flush=True)
async def on_text(t):
    print('chunk', flush=True)
asyncio.run(generation.run(job, on_text=on_text))
"""
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    article_id = int(child.stdout.readline())
    child.stdout.readline()
    child.send_signal(signal.SIGKILL)
    child.wait()
    app.stop()
    with psycopg.connect(url) as conn:
        status = conn.execute("SELECT status FROM articles WHERE id = %s", (article_id,)).fetchone()[0]
        reserved = conn.execute("SELECT reserved FROM quota_usage WHERE tenant_id = 2").fetchone()[0]
    os.environ["DATABASE_URL"] = url
    config.get_settings.cache_clear()
    from horologen import db
    from horologen.services.articles import generation

    db.get_engine.cache_clear()
    later = datetime.now(UTC) + config.STALE_GENERATION * 2
    with db.session() as session:
        released = generation.release_stale(session=session, now=later)
    db.get_engine().dispose()
    with psycopg.connect(url) as conn:
        after_status = conn.execute("SELECT status FROM articles WHERE id = %s", (article_id,)).fetchone()[0]
        after_reserved = conn.execute("SELECT reserved FROM quota_usage WHERE tenant_id = 2").fetchone()[0]
    print(f"| killed mid-generation | right after: article {status!r}, slot reserved {reserved};"
          f" after the stale release ({released} released): article {after_status!r}, reserved {after_reserved} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--skip-restart", action="store_true")
    args = parser.parse_args()
    fake = FakeAnthropic().start()
    name, url = databases.create_pg_database("horologen_load")
    folder = Path(tempfile.mkdtemp())
    env = {
        "DATABASE_URL": url,
        "FLASK_ENV": "production",
        "SECRET_KEY": "load-test-secret-key-0123456789",
        "HOROLOGEN_SEED_PASSWORD": PASSWORD,
        "ANTHROPIC_API_KEY": "sk-load",
        "ANTHROPIC_BASE_URL": fake.url,
    }
    app = None
    try:
        databases.migrate(url)
        run_env = {**os.environ, **env}
        for script in ("scripts/seed_dev.py", "scripts/seed_staging_min.py"):
            subprocess.run([sys.executable, script], cwd=ROOT, env=run_env, check=True, capture_output=True)
        with psycopg.connect(url) as conn:
            copy_products(conn, catalogue_rows(100_000, [2, 3]))
            conn.execute("ANALYZE master_products")
            conn.commit()
        app = start_live_app(env, folder / "app.log")
        print(f"Load and faults — {today()} — {machine()}")
        print("| scenario | result |")
        print("|---|---|")
        load(app, args.clients, args.seconds)
        if not args.skip_restart:
            restart_postgres(app, url)
        app.stop()
        app = None
        kill_mid_import(env, url, folder)
        kill_mid_generation(env, url, folder, fake)
    finally:
        if app is not None:
            app.stop()
        databases.drop_pg_database(name)
        fake.stop()


if __name__ == "__main__":
    main()
