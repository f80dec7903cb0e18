"""The app's own overhead per generation (reserve, prompt, stream relay, review, store, settle) on
PostgreSQL, beside the bare SDK streaming call to the same local fake Messages API, in the same run.

Two figures for the overhead: the difference between the app's call and the bare call of the same
iteration (which carries the noise of two streaming calls), and the app's own time measured inside
the run (its total less the time inside the SDK's stream, GenerationOutcome.model_ms).

Two answers (BENCH_TEXT=short | article | both, default both):
- short: the answer this benchmark has always used (a heading and 本文 repeated, five times);
- article: a 600-character article in sentences of its own, met by the review as new text every
  run (the morpheme cache is emptied before each generation, as each real article's sentences are new).

The fake answers from its own process by default (BENCH_FAKE=process), as the real API answers
from another machine: in this process its server thread would take the GIL from the app's own
work after each stream (it is still writing the last chunk and waiting for the next request).
BENCH_FAKE=thread runs it in this process, as the benchmark did before. The start-up heap is frozen
as the app's lifespan does (operations.gc_pause.freeze_startup_heap).

Run by hand: `.venv/bin/python bench/generation_overhead.py` (BENCH_RUNS, default 200 per round;
BENCH_ROUNDS, default 3, each on a fresh fake process; the median of the rounds is the figure).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

import anthropic
from common import fake_api_database, machine, percentiles, today
from sqlmodel import Session

from horologen import db
from horologen.services.articles import claude, generation, morphology
from horologen.services.articles.prompting import GenerationOptions, build_prompt, product_snapshot
from horologen.services.operations.gc_pause import freeze_startup_heap
from tests.fakes.anthropic_server import FakeAnthropic, FakeReply
from tests.support import factories as f

RUNS = int(os.environ.get("BENCH_RUNS", "200"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
FAKE_MODE = os.environ.get("BENCH_FAKE", "process")
TEXTS = ["short", "article"] if os.environ.get("BENCH_TEXT", "both") == "both" else [os.environ["BENCH_TEXT"]]
SPECS = {"ケース径": "41mm", "素材": "オイスタースチール"}
ANSWERS = {
    "short": ["# ROLEX 126610LN\n", "本文" * 20, "。" * 10] * 5,
    "article": [
        "# ROLEX サブマリーナー デイト 126610LN\n",
        "> 41mmのオイスタースチールケースに日付表示を備えたダイバーズウォッチ\n\n",
        "ROLEX（ロレックス）のサブマリーナー デイト、型番126610LNをご紹介します。",
        "ケース径は41mm、素材はオイスタースチールです。\n\n## デザイン\n",
        "黒の文字盤と回転ベゼルが、道具としての時計らしい引き締まった表情をつくります。",
        "日付表示はサイクロップレンズ越しに読み取れます。",
        "光の当たり方で、ケースの鏡面とヘアラインの仕上げが違った印象を見せます。\n\n## 使う場面\n",
        "スーツの袖口にも、休日のシャツにも合わせやすい落ち着いた色使いです。",
        "毎日身に着けて、少しずつ自分の時計に育てていく楽しみがあります。",
        "旅先でも時刻と日付がひと目で分かり、荷物を選ばない頼もしさがあります。\n\n## ご購入にあたって\n",
        "状態や付属品は商品ページの仕様表をご確認ください。",
        "店頭では実物を手に取ってお確かめいただけます。",
        "ご来店の際は、在庫の有無を事前にお問い合わせいただくと確実です。",
        "ご不明な点はお気軽にスタッフまでお尋ねください。",
    ],
}
THINKING = ["考え中" * 10] * 5  # current models open the stream with a thinking block


class _SameReply(FakeAnthropic):
    """The fake answering every request with one answer (nothing to queue across processes)."""

    chunks: ClassVar[list[str]] = []

    def _next_reply(self, request) -> FakeReply:
        return FakeReply(chunks=self.chunks, thinking=THINKING)


def _serve(chunks: list[str], port_out) -> None:  # the child process
    _SameReply.chunks = chunks
    fake = _SameReply().start()
    port_out.put(fake.url)
    while True:
        time.sleep(3600)


@contextmanager
def answering_fake(in_process: FakeAnthropic, chunks: list[str]) -> Iterator[tuple[str, FakeAnthropic | None]]:
    """(url, fake to queue replies on, or None when the fake answers by itself from its own process)."""
    if FAKE_MODE == "thread":
        yield in_process.url, in_process
        return
    context = multiprocessing.get_context("spawn")
    url_queue = context.Queue()
    child = context.Process(target=_serve, args=(chunks, url_queue), daemon=True)
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
    actor, product_id: int, url: str, fake: FakeAnthropic | None, prompt, chunks: list[str], new_text: bool
) -> tuple[list[float], list[float], list[float]]:
    client = anthropic.AsyncAnthropic(api_key="sk-bench", base_url=url, max_retries=0)
    bare: list[float] = []
    full: list[float] = []
    own: list[float] = []
    for i in range(RUNS + 10):
        if fake is not None:
            fake.queue(FakeReply(chunks=chunks, thinking=THINKING), FakeReply(chunks=chunks, thinking=THINKING))
        start = time.perf_counter()
        await bare_call(client, prompt)
        if new_text:
            morphology.morphemes.cache_clear()
        middle = time.perf_counter()
        model_ms = await app_call(actor, product_id, client)
        end = time.perf_counter()
        if i >= 10:  # warm-up
            bare.append((middle - start) * 1000)
            full.append((end - middle) * 1000)
            own.append((end - middle) * 1000 - model_ms)
    await client.close()
    return bare, full, own


def main() -> None:
    with fake_api_database("horologen_bench_gen") as (fake, _url):
        with Session(db.get_engine()) as session:
            tenant = f.tenant(session, "Bench")
            actor = f.actor(f.user(session, tenant, "staff"))
            product = f.product(session, tenant, "ROLEX", "126610LN", name="サブマリーナー デイト", specs=SPECS)
            prompt = build_prompt(
                product_snapshot(product.brand, product.reference, product.name, product.price_jpy, product.specs),
                GenerationOptions(),
            )
            product_id = int(product.id or 0)
        freeze_startup_heap()
        print(f"Generation overhead — {today()} — {machine()} — {RUNS} runs a round, fake API answering at once")
        print(f"(fake in its own {FAKE_MODE}); each cell p50 / p95 ms")
        print("| answer | round | bare SDK call | app generation | **app overhead** (difference) | app's own time |")
        print("|---|---|---:|---:|---:|---:|")
        for text in TEXTS:
            chunks = ANSWERS[text]
            rounds: list[list[dict[str, float]]] = []
            for number in range(1, ROUNDS + 1):
                with answering_fake(fake, chunks) as (url, queued):
                    bare, full, own = asyncio.run(
                        measure(actor, product_id, url, queued, prompt, chunks, new_text=text == "article")
                    )
                overhead = [a - b for a, b in zip(full, bare, strict=True)]
                rounds.append([percentiles(values) for values in (bare, full, overhead, own)])
                print(f"| {text} | {number} | " + " | ".join(_cell(stats) for stats in rounds[-1]) + " |")
            medians = [
                {key: statistics.median(r[column][key] for r in rounds) for key in ("p50", "p95")}
                for column in range(4)
            ]
            print(f"| {text} | median | " + " | ".join(_cell(stats) for stats in medians) + " |")


def _cell(stats: dict[str, float]) -> str:
    return f"{stats['p50']:.2f} / {stats['p95']:.2f}"


if __name__ == "__main__":
    main()
