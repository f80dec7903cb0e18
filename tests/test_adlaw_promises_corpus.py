"""Value promises, scarcity, 安さの強調 and No.1 notations on a corpus a fresh helper wrote from
public sources (消費者庁, 措置命令, 価格表示ガイドライン 第6, 消費者契約法 第4条) without reading the
checker, in `tests/data/adlaw_corpus_promises.py`. Labels are never edited to fit the checker; the
disputed ones stay, listed there with the reason.

Scored on the advertising flags (kind `ad`) alone: the corpus is about wording, and the fact
checker's flags are scored by the other corpora. A flag and a label are compared after NFKC (the
checker reads ＮＯ．１ as NO.1, as the review pane marks it)."""

from __future__ import annotations

import unicodedata

from horologen.services.articles import review
from horologen.services.articles.profile import ProfileData
from horologen.services.articles.prompting import product_snapshot
from tests.data.adlaw_corpus_promises import CORPUS, DISPUTED, PRODUCTS
from tests.test_review_checks import Score  # one scoring for every corpus

CATEGORIES = ("law_promise", "law_scarcity", "law_cheapest", "law_rank", "plain")


def _same(word: str, term: str) -> bool:
    a, b = (unicodedata.normalize("NFKC", t).lower() for t in (word, term))
    return a in b or b in a


def score(categories: tuple[str, ...] = CATEGORIES) -> Score:
    result = Score(misses=[], extras=[])
    for index, (product, text, expected, category, _note) in enumerate(CORPUS):
        if category not in categories:
            continue
        brand, reference, name, price, tax, specs = PRODUCTS[product]
        snapshot = product_snapshot(brand, reference, name, price, specs, tax)
        terms = [f.term for f in review.flags_for(text, snapshot, "", ProfileData()) if f.kind == "ad"]
        mark = " (disputed)" if index in DISPUTED else ""
        for word in expected:
            if any(_same(word, term) for term in terms):
                result.true_positives += 1
            else:
                result.false_negatives += 1
                result.misses.append(f"[{index}{mark}] {text} → {word}")
        for term in terms:
            if not any(_same(word, term) for word in expected):
                result.false_positives += 1
                result.extras.append(f"[{index}{mark}] {text} → {term}")
    return result


def test_the_corpus_is_what_was_asked_for() -> None:
    counts = {c: sum(1 for *_, category, _n in CORPUS if category == c) for c in CATEGORIES}
    assert counts["law_promise"] >= 30 and counts["law_scarcity"] >= 30 and counts["plain"] >= 50
    assert counts["law_cheapest"] >= 25 and counts["law_rank"] >= 25
    for _product, text, expected, _category, _note in CORPUS:
        assert all(word in text for word in expected)


def test_precision_and_recall_on_the_promises_corpus() -> None:
    """Figures to bench/RESULTS.md. Before this checker (the 2026-11-30 fourth session) the same
    corpus scored recall 0.504 and precision 0.788: the floors guard against a return."""
    total = score()
    print(f"\npromises corpus: {len(CORPUS)} snippets, precision {total.precision:.3f}, recall {total.recall:.3f}")
    for category in CATEGORIES[:-1]:
        part = score((category,))
        print(f"  {category}: recall {part.recall:.3f} (TP {part.true_positives}, FN {part.false_negatives})")
    print("misses:\n  " + "\n  ".join(total.misses))
    print("extras:\n  " + "\n  ".join(total.extras))
    assert total.recall >= 0.95 and total.precision >= 0.9
    assert score(("plain",)).false_positives <= 3  # plain sentences close to the claims stay unflagged
