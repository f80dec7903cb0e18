"""Speed at the counter in Chromium (issue 29): the last keystroke of a reference → its row on
screen, and a new tab → the login form ready to type, against the production start
(scripts/serve.sh) on PostgreSQL with 20,000 products.

Run by hand, holding the browser lock the e2e tests use:
    flock /tmp/horologen-e2e.lock .venv/bin/python bench/search_ui.py [--before /tmp/before]
`--before DIR` starts a second copy of the app from DIR (e.g. `git archive HEAD | tar -x -C DIR`,
with .venv, .tools and .web beside it) on the same database, and the two are measured turn about
in one run, so the machine's load falls on both alike. Prints a Markdown table for RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
from common import ROOT, catalogue_rows, copy_products, databases, machine, percentiles, today
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.support.live_app import LiveApp, start_live_app

PASSWORD = "bench-password-2026"
STAFF = "staff-a@example.com"
PAGE_ROWS = 20  # what the search page shows (horologen/state/search.py PAGE_SIZE)

# Ready to type: the login form's address field is laid out, focusable and focused. Polled on
# animation frames, so it only answers once the browser renders (render-blocking CSS loaded);
# answers the page clock then (ms since the navigation started).
FORM_READY = """() => {
  const el = document.querySelector('form[action="/auth/login"] input[name=email]');
  if (!el || el.disabled) return false;
  const box = el.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return false;
  el.focus();
  return document.activeElement === el && Math.max(performance.now(), 0.001);
}"""

# Every keydown in the query field (page clock), and the first frame that shows the expected row.
RECORDER = """(reference) => {
  const hg = window.__hg = {keys: [], done: null};
  if (!window.__hgKeys) {
    window.__hgKeys = true;
    document.addEventListener('keydown', (e) => {
      if (e.target && e.target.id === 'reference-query') window.__hg.keys.push(performance.now());
    }, true);
  }
  const selector = `[data-reference="${CSS.escape(reference)}"]`;
  const check = () => {
    if (hg.done === null && hg.keys.length && document.querySelector(selector)) {
      observer.disconnect();
      requestAnimationFrame((frame) => { hg.done = frame; });
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, {childList: true, subtree: true, attributes: true, characterData: true});
}"""


@dataclass
class Target:
    """One copy of the app under test and what was measured on it."""

    label: str
    root: Path
    app: LiveApp | None = None
    typed_ms: list[float] = field(default_factory=list)
    answers: list[tuple[int, int]] = field(default_factory=list)  # per query: socket.io events, bytes
    cold_ms: list[float] = field(default_factory=list)
    warm_ms: list[float] = field(default_factory=list)
    cold_nav_ms: list[float] = field(default_factory=list)  # the same, from the navigation's start


def seed(url: str, products: int) -> None:
    """Runbook seed (tenants, users with PASSWORD), then `products` rows for staff-a's shop by COPY."""
    env = {**os.environ, "DATABASE_URL": url, "HOROLOGEN_SEED_PASSWORD": PASSWORD}
    for script in ("scripts/seed_dev.py", "scripts/seed_staging_min.py"):
        subprocess.run([sys.executable, script], cwd=ROOT, env=env, check=True, capture_output=True)
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT tenant_id FROM users WHERE email = %s", (STAFF,)).fetchone()
        assert row is not None
        copy_products(conn, catalogue_rows(products, [int(row[0])]))
        conn.execute("ANALYZE master_products")
        conn.commit()


def app_env(url: str) -> dict[str, str]:
    """Production settings as the e2e tests use them; the model API is never called here."""
    return {
        "DATABASE_URL": url,
        "HOROLOGEN_ENV": "production",
        "SECRET_KEY": "bench-secret-key-not-for-production-use",
        "DEBUG_AUTH_LINKS": "0",
        "ANTHROPIC_API_KEY": "sk-ant-bench-unused",
        "ANTHROPIC_BASE_URL": "http://127.0.0.1:9",
        "HOROLOGEN_SEED_PASSWORD": PASSWORD,
    }


def queries(app: LiveApp, url: str, count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(typed text, reference) pairs: a reference of staff-a's shop typed key by key until its row
    is among the rows the page shows; one key fewer did not show it, so only the answer to the
    last keystroke can put the row on screen."""
    answer = httpx.post(app.url + "/auth/login", data={"email": STAFF, "password": PASSWORD})
    cookie = answer.headers["set-cookie"].split(";", 1)[0]
    client = httpx.Client(base_url=app.url, headers={"Cookie": cookie}, timeout=10)

    def shown(text: str) -> list[str]:
        answer = client.get("/staff/references", params={"q": text, "limit": PAGE_ROWS})
        answer.raise_for_status()
        return [item["reference"] for item in answer.json()["items"]]

    with psycopg.connect(url) as conn:
        pool = [str(r[0]) for r in conn.execute("SELECT reference FROM master_products ORDER BY id").fetchall()]
    picked: list[tuple[str, str]] = []
    for reference in rng.sample(pool, 200):
        for length in range(3, len(reference) + 1):
            if reference in shown(reference[:length]):
                if reference not in shown(reference[: length - 1]):
                    picked.append((reference[:length], reference))
                break
        if len(picked) == count:
            break
    client.close()
    return picked


def login_in(page: Page, app: LiveApp) -> None:
    page.goto(app.url + "/login")
    page.wait_for_function(FORM_READY, polling="raf")
    page.fill("input[name=email]", STAFF)
    page.fill("input[name=password]", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/staff/search" in url)
    page.locator("#reference-query").wait_for(state="visible")  # on_load done: the websocket is up


def typed_latency(page: Page, text: str, reference: str, key_delay_ms: int, frames: list[str]) -> float:
    """Clear the field, type `text` key by key; ms from its last keydown to the frame with the row.
    `frames` collects what the page's websocket receives."""
    field_ = page.locator("#reference-query")
    field_.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.locator("[data-reference]").first.wait_for(state="detached", timeout=10_000)
    page.wait_for_timeout(400)  # let the cleared search settle before the next one starts
    page.evaluate(RECORDER, reference)
    frames.clear()
    page.keyboard.type(text, delay=key_delay_ms)
    page.wait_for_function("() => window.__hg.done !== null", timeout=10_000)
    keys, done = page.evaluate("() => [window.__hg.keys, window.__hg.done]")
    assert len(keys) == len(text), (keys, text)
    page.wait_for_timeout(300)  # the answers still on their way
    return float(done - keys[-1])


def answers(frames: list[str]) -> tuple[int, int]:
    """Socket.IO events among the websocket frames (not engine.io pings), and their bytes."""
    events = [f for f in frames if f.startswith("42")]
    return len(events), sum(len(f.encode()) for f in events)


def tab_to_form(context: BrowserContext, app: LiveApp, check_typing: bool) -> tuple[float, float]:
    """ms from opening a new tab on /login to its address field ready to type; and from the start of
    the page's navigation (the page clock: without the browser's own cost of a new tab)."""
    start = time.perf_counter()
    page = context.new_page()
    page.goto(app.url + "/login", wait_until="commit")
    ready = page.wait_for_function(FORM_READY, polling="raf", timeout=15_000)
    elapsed = (time.perf_counter() - start) * 1000
    page_clock = float(ready.json_value())
    if check_typing:  # typed at once, before the app's scripts may have run: still a login
        page.keyboard.type(STAFF)
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: "/staff/search" in url, timeout=15_000)
    page.close()
    return elapsed, page_clock


def measure(targets: list[Target], browser: Browser, typed: list[tuple[str, str]], tabs: int, delay: int) -> None:
    """Turn about: each query, then each new tab, on every target before the next one."""
    pages: dict[str, Page] = {}
    frames: dict[str, list[str]] = {}
    for target in targets:
        assert target.app is not None
        context = browser.new_context(locale="ja-JP")
        page = context.new_page()
        page.set_default_timeout(15_000)
        received = frames[target.label] = []
        page.on(
            "websocket",
            lambda ws, received=received: ws.on(
                "framereceived", lambda f: received.append(f if isinstance(f, str) else f.decode(errors="replace"))
            ),
        )
        login_in(page, target.app)
        pages[target.label] = page
    for _ in range(2):  # warm-up, not counted
        for target in targets:
            typed_latency(pages[target.label], typed[0][0], typed[0][1], delay, frames[target.label])
    for text, reference in typed:
        for target in targets:
            target.typed_ms.append(typed_latency(pages[target.label], text, reference, delay, frames[target.label]))
            target.answers.append(answers(frames[target.label]))
    warm: dict[str, BrowserContext] = {}
    for target in targets:
        warm[target.label] = browser.new_context(locale="ja-JP")
        tab_to_form(warm[target.label], target.app, check_typing=False)  # the cache filled once
    for index in range(tabs):
        for target in targets:
            cold = browser.new_context(locale="ja-JP")
            wall, page_clock = tab_to_form(cold, target.app, check_typing=index < 3)
            target.cold_ms.append(wall)
            target.cold_nav_ms.append(page_clock)
            cold.close()
            target.warm_ms.append(tab_to_form(warm[target.label], target.app, check_typing=False)[0])
    for context in warm.values():
        context.close()
    for page in pages.values():
        page.context.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", type=Path, help="a copy of the old code to measure beside this one")
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--tabs", type=int, default=24)
    parser.add_argument("--key-delay-ms", type=int, default=120, help="between keystrokes, as staff type")
    args = parser.parse_args()
    targets = [Target("after (this tree)", ROOT)]
    if args.before:
        targets.insert(0, Target(f"before ({args.before})", args.before.resolve()))
    name, url = databases.create_pg_database("horologen_bench_ui")
    logs = Path(tempfile.mkdtemp(prefix="search_ui_"))
    load_start = os.getloadavg()
    try:
        databases.migrate(url)
        seed(url, args.products)
        for index, target in enumerate(targets):
            target.app = start_live_app(app_env(url), logs / f"app{index}.log", root=target.root)
        typed = queries(targets[-1].app, url, args.queries, random.Random(29))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                measure(targets, browser, typed, args.tabs, args.key_delay_ms)
            finally:
                browser.close()
    finally:
        for target in targets:
            if target.app is not None:
                target.app.stop()
        databases.drop_pg_database(name)
    load_end = os.getloadavg()
    print(
        f"Counter speed in Chromium — {today()} — {machine()} — {args.products:,} products, "
        f"{len(typed)} references typed at {args.key_delay_ms} ms a key, {args.tabs} new tabs — "
        f"load average {load_start[0]:.2f} at the start, {load_end[0]:.2f} at the end"
    )
    print(
        "| code | last key → row p50 ms | p95 ms | max ms | new tab → form p50 ms | p95 ms "
        "| navigation → form p50 ms | p95 ms | new tab, cached p50 ms | p95 ms | answers a query | bytes an answer |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for target in targets:
        t, c, n, w = (percentiles(x) for x in (target.typed_ms, target.cold_ms, target.cold_nav_ms, target.warm_ms))
        print(
            f"| {target.label} | {t['p50']:.0f} | {t['p95']:.0f} | {max(target.typed_ms):.0f} | {c['p50']:.0f} | "
            f"{c['p95']:.0f} | {n['p50']:.0f} | {n['p95']:.0f} | {w['p50']:.0f} | {w['p95']:.0f} | "
            f"{sum(a for a, _ in target.answers) / len(target.answers):.1f} | "
            f"{sum(b for _, b in target.answers) / max(1, sum(a for a, _ in target.answers)):.0f} |"
        )
    print("typed: " + ", ".join(text for text, _ in typed))


if __name__ == "__main__":
    main()
