"""The review checks on a 2,000-character article: time per article (issue 26 goal: p95 < 20 ms).

Every check the article panel runs as staff type (advertising law by structure, facts by kind,
banned words) on 200 different 2,000-character articles built from the untuned corpus, after one
warm-up (the dictionary loads once per process). Run by hand: `.venv/bin/python bench/review_speed.py`.
"""

from __future__ import annotations

import random
import statistics
import time

from common import machine, today

from horologen.services.articles import review
from horologen.services.articles.profile import ProfileData
from horologen.services.articles.prompting import product_snapshot
from tests.data.adlaw_corpus import CORPUS, PRODUCTS

ARTICLES = 200
LENGTH = 2000


def articles() -> list[tuple[str, dict]]:
    rng = random.Random(26)
    built = []
    for _ in range(ARTICLES):
        product = rng.choice(list(PRODUCTS))
        brand, reference, name, price, tax, specs = PRODUCTS[product]
        lines: list[str] = []
        while sum(len(line) for line in lines) < LENGTH:
            lines.append(rng.choice(CORPUS)[1])
        built.append(("\n".join(lines)[:LENGTH], product_snapshot(brand, reference, name, price, specs, tax)))
    return built


def main() -> None:
    texts = articles()
    shop = ProfileData(banned_words=("激レア", "お買い得"))
    review.flags_for(texts[0][0], texts[0][1], "", shop)  # the dictionary loads once per process
    times = []
    for text, snapshot in texts:
        started = time.perf_counter()
        review.flags_for(text, snapshot, "", shop)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"Review checks — {today()} — {machine()} — {ARTICLES} articles of {LENGTH:,} characters")
    print(f"p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms")


if __name__ == "__main__":
    main()
