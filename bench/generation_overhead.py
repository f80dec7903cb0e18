"""The app's own overhead per generation (reserve, prompt, stream relay, store, settle) on PostgreSQL,
beside the bare SDK streaming call to the same local fake Messages API, in the same run.

Two figures for the overhead: the difference between the app's call and the bare call of the same
iteration (which carries the noise of two streaming calls), and the app's own time measured inside
the run (its total less the time inside the SDK's stream, GenerationOutcome.model_ms).

The fake answers from its own process by default (BENCH_FAKE=process), as the real API answers
from another machine: in this process its server thread would take the GIL from the app's own
work after each stream (it is still writing the last chunk and waiting for the next request).
BENCH_FAKE=thread runs it in this process, as the benchmark did before.

Run by hand: `.venv/bin/python bench/generation_overhead.py`.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

import anthropic
from common import fake_api_database, machine, percentiles, today
from sqlmodel import Session

from horologen import db
from horologen.services.articles import claude, generation
from horologen.services.articles.prompting import GenerationOptions, build_prompt, product_snapshot
from tests.fakes.anthropic_server import FakeAnthropic, FakeReply
from tests.support import factories as f

RUNS = int(os.environ.get("BENCH_RUNS", "200"))
FAKE_MODE = os.environ.get("BENCH_FAKE", "process")
CHUNKS = ["# ROLEX 126610LN\n", "本文" * 20, "。" * 10] * 5
THINKING = ["考え中" * 10] * 5  # current models open the stream with a thinking block


class _SameReply(FakeAnthropic):
    """The fake answering every request with the benchmark's article (nothing to queue across processes)."""

    def _next_reply(self, request) -> FakeReply:
        return FakeReply(chunks=CHUNKS, thinking=THINKING)


def _serve(port_out) -> None:  # the child process
    fake = _SameReply().start()
    port_out.put(fake.url)
    while True:
        time.sleep(3600)


@contextmanager
def answering_fake(in_process: FakeAnthropic) -> Iterator[tuple[str, FakeAnthropic | None]]:
    """(url, fake to queue replies on, or None when the fake answers by itself from its own process)."""
    if FAKE_MODE == "thread":
        yield in_process.url, in_process
        return
    context = multiprocessing.get_context("spawn")
    url_queue = context.Queue()
    child = context.Process(target=_serve, args=(url_queue,), daemon=True)
    child.start()
    try:
        yield url_queue.get(timeout=30), None
    finally:
        child.terminate()
        child.join()


async def bare_call(client: anthropic.AsyncAnthropic, prompt) -> None:
    params = claude.request_params(
        model="claude-bench", effort="medium", system=prompt.system, user=prompt.user, text_tokens=prompt.text_tokens
    )
    async with client.messages.stream(**params) as stream:
        async for _ in stream.text_stream:
            pass
        await stream.get_final_message()


async def app_call(actor, product_id: int, client: anthropic.AsyncAnthropic) -> float:
    """One generation as the app runs it; returns the time inside the SDK's stream, ms."""
    with db.session() as session:
        job = generation.prepare(session=session, actor=actor, product_id=product_id, options=GenerationOptions())

    async def on_text(_text: str) -> None:
        return None

    outcome = await generation.run(job, on_text=on_text, client=client)
    assert outcome.status == "done", outcome.message
    return outcome.model_ms


async def measure(
    actor, product_id: int, url: str, fake: FakeAnthropic | None, prompt
) -> tuple[list[float], list[float], list[float]]:
    client = anthropic.AsyncAnthropic(api_key="sk-bench", base_url=url, max_retries=0)
    bare: list[float] = []
    full: list[float] = []
    own: list[float] = []
    for i in range(RUNS + 10):
        if fake is not None:
            fake.queue(FakeReply(chunks=CHUNKS, thinking=THINKING), FakeReply(chunks=CHUNKS, thinking=THINKING))
        start = time.perf_counter()
        await bare_call(client, prompt)
        middle = time.perf_counter()
        model_ms = await app_call(actor, product_id, client)
        end = time.perf_counter()
        if i >= 10:  # warm-up
            bare.append((middle - start) * 1000)
            full.append((end - middle) * 1000)
            own.append((end - middle) * 1000 - model_ms)
    return bare, full, own


def main() -> None:
    with fake_api_database("horologen_bench_gen") as (fake, _url):
        with Session(db.get_engine()) as session:
            tenant = f.tenant(session, "Bench")
            actor = f.actor(f.user(session, tenant, "staff"))
            product = f.product(session, tenant, "ROLEX", "126610LN", specs={"ケース径": "41mm"})
            prompt = build_prompt(
                product_snapshot(product.brand, product.reference, product.name, product.price_jpy, product.specs),
                GenerationOptions(),
            )
            product_id = int(product.id or 0)
        with answering_fake(fake) as (url, queued):
            bare, full, own = asyncio.run(measure(actor, product_id, url, queued, prompt))
        overhead = [a - b for a, b in zip(full, bare, strict=True)]
        print(
            f"Generation overhead — {today()} — {machine()} — {RUNS} runs, fake API answering at once (fake in {FAKE_MODE})"
        )
        print("| measured | p50 ms | p95 ms |")
        print("|---|---:|---:|")
        for label, values in [
            ("bare SDK streaming call", bare),
            ("app generation (prepare + stream relay + store + settle)", full),
            ("app overhead (difference, per run)", overhead),
            ("app's own time in the run (total − time inside the SDK stream)", own),
        ]:
            stats = percentiles(values)
            print(f"| {label} | {stats['p50']:.2f} | {stats['p95']:.2f} |")


if __name__ == "__main__":
    main()
