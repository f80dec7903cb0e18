"""The app's own overhead per generation (reserve, prompt, stream relay, store, settle) on PostgreSQL,
beside the bare SDK streaming call to the same local fake Messages API, in the same run.

Two figures for the overhead: the difference between the app's call and the bare call of the same
iteration (which carries the noise of two streaming calls), and the app's own time measured inside
the run (its total less the time inside the SDK's stream, GenerationOutcome.model_ms).

Run by hand: `.venv/bin/python bench/generation_overhead.py`.
"""

from __future__ import annotations

import asyncio
import os
import time

import anthropic
from common import fake_api_database, machine, percentiles, today
from sqlmodel import Session

from horologen import db
from horologen.services.articles import claude, generation
from horologen.services.articles.prompting import GenerationOptions, build_prompt, product_snapshot
from tests.fakes.anthropic_server import FakeAnthropic, FakeReply
from tests.support import factories as f

RUNS = int(os.environ.get("BENCH_RUNS", "200"))
CHUNKS = ["# ROLEX 126610LN\n", "本文" * 20, "。" * 10] * 5
THINKING = ["考え中" * 10] * 5  # current models open the stream with a thinking block


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


async def measure(actor, product_id: int, fake: FakeAnthropic, prompt) -> tuple[list[float], list[float], list[float]]:
    client = anthropic.AsyncAnthropic(api_key="sk-bench", base_url=fake.url, max_retries=0)
    bare: list[float] = []
    full: list[float] = []
    own: list[float] = []
    for i in range(RUNS + 10):
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
        bare, full, own = asyncio.run(measure(actor, product_id, fake, prompt))
        overhead = [a - b for a, b in zip(full, bare, strict=True)]
        print(f"Generation overhead — {today()} — {machine()} — {RUNS} runs, fake API answering at once")
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
