"""What an article costs in yen, and how much of its prompt the cache serves (issue 29 item 5).

Articles for a few products go through the real services (generation.prepare / run, then the
claim check) against the local fake Messages API on PostgreSQL, and are priced by
operations.costs from the tokens stored on each article. The fake counts input by its stated rule
(tests/fakes/prompt_cache.py: characters ÷ 2, the system block marked cache_control written at its
first sighting and read within 5 minutes of its last use); output is the fake's characters ÷ 2 of
the scripted article, with no thinking. Two shops' rhythms: a busy one (articles back to back) and
a quiet one (each article more than 5 minutes after the last, the fake's clock moved on).

Run by hand: `.venv/bin/python bench/article_cost.py` (BENCH_ARTICLES, default 30; BENCH_QUIET, 5).
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import time
from decimal import Decimal

import anthropic
from common import fake_api_database, machine, today
from sqlmodel import Session, col, select

from horologen import config, db
from horologen.models import Article
from horologen.services.articles import claim_check, generation
from horologen.services.articles.profile import profile_for_tenant
from horologen.services.articles.prompting import GenerationOptions, system_prompt
from horologen.services.operations import costs
from tests.fakes.anthropic_server import FakeAnthropic, FakeReply
from tests.fakes.prompt_cache import PromptCache, estimate_tokens
from tests.support import factories as f

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "30"))
QUIET = int(os.environ.get("BENCH_QUIET", "5"))
# Minimum cacheable prompt lengths found with the search tool, 2026-11-30 (RESULTS.md says where).
# The fake caches nothing under the larger one, so the measured share holds for either.
MINIMUMS = {"512 (second-hand, for Sonnet 5.5)": 512, "1,024 (first-party quote, Sonnet 5)": 1024}
PRODUCTS = [  # brand, reference, name, price, specs
    ("ROLEX", "126610LN", "サブマリーナー デイト", 1_980_000, {"ケース径": "41mm", "素材": "オイスタースチール"}),
    ("OMEGA", "310.30.42.50.01.001", "スピードマスター ムーンウォッチ", 880_000, {"ケース径": "42mm"}),
    ("GRAND SEIKO", "SBGA211", "雪白", 620_000, {"ケース径": "41mm", "ムーブメント": "スプリングドライブ"}),
    ("CARTIER", "WSSA0018", "サントス ドゥ カルティエ MM", 1_050_000, {"ケース径": "35.1mm"}),
]  # fmt: skip


def article_chunks(brand: str, reference: str, name: str) -> list[str]:
    """A standard-length article: about 580 characters with title and catch copy (LENGTHS["standard"]: 600)."""
    body = (
        f"{brand}の{name}（{reference}）をご紹介します。落ち着いた佇まいで、日常にも特別な日にも寄り添う一本です。\n\n"
        "## デザインの魅力\n"
        + "文字盤の視認性が高く、ケースとブレスレットの仕上げが光を受けて表情を変えます。" * 5
        + "\n\n## 身に着ける場面\n"
        + "スーツにもカジュアルな装いにも合わせやすく、長く愛用できる完成度の高い時計です。" * 5
        + "\n\n店頭では実物を手に取ってお確かめいただけます。状態や付属品は下記の仕様表をご覧ください。"
    )
    return [f"# {brand} {name} {reference}\n", "> 端正な佇まいと確かな実用性を備えた一本\n\n", body]


CLAIMS = json.dumps(
    {
        "claims": [
            {"sentence": "ケース径41mm", "claim": "ケース径は41mm", "status": "supported", "field": "ケース径"},
            {"sentence": "型番の表記", "claim": "型番", "status": "supported", "field": "reference"},
        ],
        "risks": [],
    },
    ensure_ascii=False,
)


async def make_articles(actor, product_ids: list[int], fake: FakeAnthropic, count: int, gap_s: float, clock) -> None:
    """`count` articles round the products, each followed by its claim check; `gap_s` seconds of the
    fake's clock pass before each one (0: back to back)."""
    client = anthropic.AsyncAnthropic(api_key="sk-bench", base_url=fake.url, max_retries=0)

    async def on_text(_text: str) -> None:
        return None

    for i in range(count):
        clock[0] += gap_s
        product_id = product_ids[i % len(product_ids)]
        brand, reference, name, _price, _specs = PRODUCTS[i % len(PRODUCTS)]
        fake.queue(FakeReply(chunks=article_chunks(brand, reference, name)))
        fake.queue_structured(FakeReply(chunks=[CLAIMS]))
        with db.session() as session:
            job = generation.prepare(session=session, actor=actor, product_id=product_id, options=GenerationOptions())
        outcome = await generation.run(job, on_text=on_text, client=client)
        assert outcome.status == "done", outcome.message
        checked = await claim_check.check_article(actor=actor, article_id=outcome.article_id, client=client)
        assert checked.status == "ok", checked


def summary(articles: list[Article]) -> dict[str, float]:
    """Tokens and yen per article, and the share of the generation's input read from the cache."""
    n = len(articles)
    total_in = sum(a.input_tokens + a.cache_creation_input_tokens + a.cache_read_input_tokens for a in articles)
    read = sum(a.cache_read_input_tokens for a in articles)
    claim_in = sum(a.claim_input_tokens for a in articles)
    yen = [float(costs.article_yen(a)) for a in articles]
    return {
        "n": n,
        "input": sum(a.input_tokens for a in articles) / n,
        "write": sum(a.cache_creation_input_tokens for a in articles) / n,
        "read": read / n,
        "output": sum(a.output_tokens for a in articles) / n,
        "claim_in": claim_in / n,
        "claim_out": sum(a.claim_output_tokens for a in articles) / n,
        "share": read / total_in if total_in else 0.0,
        "share_all": read / (total_in + claim_in) if total_in + claim_in else 0.0,
        "yen_mean": statistics.fmean(yen),
        "yen_p50": statistics.median(yen),
        "yen_uncached": statistics.fmean(float(uncached_yen(a)) for a in articles),
    }


def uncached_yen(article: Article) -> Decimal:
    """The same article with no prompt caching: every input token at the base input price."""
    whole = article.input_tokens + article.cache_creation_input_tokens + article.cache_read_input_tokens
    plain = Article(**{**article.model_dump(), "input_tokens": whole, "cache_creation_input_tokens": 0,
                       "cache_read_input_tokens": 0})  # fmt: skip
    return costs.article_yen(plain)


def main() -> None:
    clock = [time.monotonic()]
    with fake_api_database("horologen_bench_cost") as (fake, _url):
        fake.prompt_cache = PromptCache(minimum_tokens=max(MINIMUMS.values()), clock=lambda: clock[0])
        with Session(db.get_engine()) as session:
            ids = {}
            for shop in ("busy", "quiet"):
                tenant = f.tenant(session, f"Bench {shop}")
                actor = f.actor(f.user(session, tenant, "staff"))
                products = [
                    f.product(session, tenant, b, r, price_jpy=p, name=n, specs=s) for b, r, n, p, s in PRODUCTS
                ]
                ids[shop] = (actor, [int(p.id or 0) for p in products], int(tenant.id or 0))
            system = system_prompt(profile_for_tenant(session=session, tenant_id=ids["busy"][2]))
        asyncio.run(make_articles(ids["busy"][0], ids["busy"][1], fake, ARTICLES, 0.0, clock))
        asyncio.run(make_articles(ids["quiet"][0], ids["quiet"][1], fake, QUIET, 301.0, clock))
        with Session(db.get_engine()) as session:
            rows = {
                shop: list(session.exec(select(Article).where(Article.tenant_id == tid).order_by(col(Article.id))))
                for shop, (_a, _p, tid) in ids.items()
            }
    settings = config.get_settings()
    print(f"Article cost — {today()} — {machine()}")
    print(f"model {settings.model}, claim check {settings.claim_model}, {settings.yen_per_usd} yen per USD, "
          f"prices read {costs.READ_ON}: {costs.price_for(settings.model)}")  # fmt: skip
    tokens = estimate_tokens(system)
    print(f"system prompt (default shop profile): {len(system):,} characters, {tokens:,} tokens by the fake's ÷ 2")
    for label, minimum in MINIMUMS.items():
        print(f"  minimum {label}: {'reached' if tokens >= minimum else 'NOT reached'} ({tokens:,} vs {minimum:,})")
    print("| shop | articles | input | cache write | cache read | output | claim in / out | cache share "
          "(generation / all calls) | yen per article mean (p50) | without caching |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    busy = rows["busy"]
    for label, part in [("busy: first", busy[:1]), ("busy: the rest", busy[1:]), ("busy: all", busy),
                        ("quiet (> 5 min apart)", rows["quiet"])]:  # fmt: skip
        s = summary(part)
        print(f"| {label} | {s['n']:.0f} | {s['input']:,.0f} | {s['write']:,.0f} | {s['read']:,.0f} | "
              f"{s['output']:,.0f} | {s['claim_in']:,.0f} / {s['claim_out']:,.0f} | "
              f"{s['share']:.1%} / {s['share_all']:.1%} | {s['yen_mean']:.3f} ({s['yen_p50']:.3f}) | "
              f"{s['yen_uncached']:.3f} |")  # fmt: skip


if __name__ == "__main__":
    main()
