"""The review checks on a corpus nobody tuned them to (issue 26): 306 snippets written by a helper
from public guidance (消費者庁, 価格表示ガイドライン, 措置命令 cases, dealers' listings) without
reading the checker, in `tests/data/adlaw_corpus.py`. Labels are never edited to fit the checker;
disputed ones are listed there with the reason. Scored per word, as the issue 13 corpus is."""

from __future__ import annotations

from horologen.services.articles import review
from horologen.services.articles.profile import ProfileData
from horologen.services.articles.prompting import product_snapshot
from tests.data.adlaw_corpus import CORPUS, DISPUTED, PRODUCTS
from tests.test_review_checks import Score, _caught  # one scoring for both corpora


def score(categories: tuple[str, ...] = ()) -> Score:
    """Per word: an expected word flagged is a true positive, one not flagged a false negative, a
    flag matching no expected word a false positive."""
    result = Score(misses=[], extras=[])
    for index, (product, text, expected, category, _note) in enumerate(CORPUS):
        if categories and category not in categories:
            continue
        brand, reference, name, price, tax, specs = PRODUCTS[product]
        snapshot = product_snapshot(brand, reference, name, price, specs, tax)
        terms = [flag.term for flag in review.flags_for(text, snapshot, "", ProfileData())]
        mark = " (disputed)" if index in DISPUTED else ""
        for word in expected:
            if _caught(word, terms):
                result.true_positives += 1
            else:
                result.false_negatives += 1
                result.misses.append(f"[{index}{mark}] {text} → {word}")
        for term in terms:
            if not any(_caught(word, [term]) for word in expected):
                result.false_positives += 1
                result.extras.append(f"[{index}{mark}] {text} → {term}")
    return result


def test_the_corpus_is_what_the_issue_asked_for() -> None:
    assert len(CORPUS) >= 250
    assert len({PRODUCTS[p][0] for p, *_ in CORPUS}) >= 6
    assert {c for *_, c, _n in CORPUS} >= {"law_rank", "law_price", "fact", "plain"}
    for _product, text, expected, _category, _note in CORPUS:
        assert all(word in text for word in expected)


def test_precision_and_recall_on_the_untuned_corpus() -> None:
    """The figures go to bench/RESULTS.md; the floor here is what this checker reaches today (a
    drop is a regression), below the issue's goal where the goal is not met (see the note there)."""
    total = score()
    print(
        f"\nuntuned corpus: {len(CORPUS)} snippets, precision {total.precision:.3f}, recall {total.recall:.3f} "
        f"(TP {total.true_positives}, FP {total.false_positives}, FN {total.false_negatives})"
    )
    for name, categories in (("law", ("law_rank", "law_price", "law_other")), ("fact", ("fact",))):
        part = score(categories)
        print(f"  {name}: precision {part.precision:.3f}, recall {part.recall:.3f}")
    print("misses:\n  " + "\n  ".join(total.misses))
    print("extras:\n  " + "\n  ".join(total.extras))
    assert total.precision >= PRECISION_FLOOR and total.recall >= RECALL_FLOOR


PRECISION_FLOOR = 0.9  # the issue's goal
RECALL_FLOOR = 0.95  # the issue's goal
