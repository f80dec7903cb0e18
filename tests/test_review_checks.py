"""Issue 13: the review checks measured on a labelled corpus, and the review gate through services."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlmodel import Session, select

from horologen.models import Article, AuditLog
from horologen.services.accounts.access import AccessDenied
from horologen.services.articles import library, review
from horologen.services.articles.profile import ProfileData
from horologen.services.articles.prompting import product_snapshot
from tests.data.grounding_corpus import CORPUS, PRODUCTS
from tests.support import factories as f
from tests.test_generation import ai  # noqa: F401  (fixture)

PROFILES = {
    "": ProfileData(),
    "warranty": ProfileData(warranty="当店にて1年間の動作保証をお付けします。"),
    "banned": ProfileData(banned_words=("お買い得", "激レア")),
}


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    misses: list[str] | None = None
    extras: list[str] | None = None

    @property
    def precision(self) -> float:
        return self.true_positives / max(1, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float:
        return self.true_positives / max(1, self.true_positives + self.false_negatives)


def _caught(expected: str, terms: list[str]) -> bool:
    return any(expected.lower() in term.lower() or term.lower() in expected.lower() for term in terms)


def score_corpus() -> Score:
    """Per word: an expected word flagged is a true positive, one not flagged a false negative, a
    flag matching no expected word (on a correct snippet or beside the real problem) a false positive."""
    score = Score(misses=[], extras=[])
    for product, text, expected, profile in CORPUS:
        brand, reference, name, price, tax, specs = PRODUCTS[product]
        snapshot = product_snapshot(brand, reference, name, price, specs, tax)
        terms = [flag.term for flag in review.flags_for(text, snapshot, "", PROFILES[profile])]
        for word in expected:
            if _caught(word, terms):
                score.true_positives += 1
            else:
                score.false_negatives += 1
                score.misses.append(f"{text} → {word}")
        for term in terms:
            if not any(_caught(word, [term]) for word in expected):
                score.false_positives += 1
                score.extras.append(f"{text} → {term}")
    return score


def test_corpus_is_large_and_balanced() -> None:
    assert len(CORPUS) >= 100
    assert sum(1 for *_, expected, _p in CORPUS if not expected) >= 30
    assert len({product for product, *_ in CORPUS}) >= 5


def test_precision_and_recall_on_the_corpus() -> None:
    score = score_corpus()
    print(
        f"\nreview checks on {len(CORPUS)} snippets: precision {score.precision:.3f}, recall {score.recall:.3f} "
        f"(TP {score.true_positives}, FP {score.false_positives}, FN {score.false_negatives})"
    )
    assert score.recall >= 0.9, score.misses
    assert score.precision >= 0.9, score.extras


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("最高峰のダイバーズ", "最高峰"),
        ("必ず値上がりします", "必ず値上がり"),
        ("定価より20%OFF", "定価"),
    ],
)
def test_advertising_flags_carry_a_reason_and_an_alternative(text: str, expected: str) -> None:
    snapshot = product_snapshot("ROLEX", "126610LN", "", 1_980_000, {})
    # A flag spans its claim (「定価より20%OFF」 is one comparison price, issue 26).
    flag = next(flag for flag in review.flags_for(text, snapshot, "", ProfileData()) if expected in flag.term)
    assert (flag.kind == "ad" and "景品表示法" in flag.reason) or "消費者契約法" in flag.reason
    assert flag.suggestion.startswith("言い換えの例")


def _article(session: Session, body: str) -> tuple[Article, object, object]:
    tenant = f.tenant(session, f"Review shop {len(body)}")
    staff = f.user(session, tenant, "staff")
    product = f.product(session, tenant, "ROLEX", "126610LN", price_jpy=1_980_000, specs={"ケース径": "41mm"})
    article = Article(
        tenant_id=int(tenant.id or 0),
        user_id=int(staff.id or 0),
        product_id=product.id,
        input_snapshot=product_snapshot("ROLEX", "126610LN", "", 1_980_000, {"ケース径": "41mm"}),
        title="ロレックス 126610LN",
        body=body,
        status="done",
    )
    session.add(article)
    session.commit()
    review.recheck(session, article)
    session.add(article)
    session.commit()
    return article, staff, tenant


def test_the_gate_opens_when_every_flag_is_ticked_or_edited_away(session: Session) -> None:
    article, staff, tenant = _article(session, "300m防水の最高峰モデル。ケース径41mm。")
    actor = f.actor(staff)
    terms = [flag["term"] for flag in article.flags]
    assert set(terms) == {"300m防水", "最高峰"}  # one claim, one flag (issue 26: 300m and 防水 side by side)
    with pytest.raises(review.ReviewPending, match="2 件"):
        review.require_reviewed(session=session, actor=actor, article_id=int(article.id or 0))
    review.acknowledge(session=session, actor=actor, article_id=int(article.id or 0), term="300m防水")
    with pytest.raises(review.ReviewPending, match="1 件"):
        review.require_reviewed(session=session, actor=actor, article_id=int(article.id or 0))
    # Editing the superlative away closes the last flag; the ticks stay while their words stay.
    library.save_edit(
        session=session, actor=actor, article_id=int(article.id or 0), title="ロレックス 126610LN",
        body="300m防水のモデル。ケース径41mm。",
    )  # fmt: skip
    review.require_reviewed(session=session, actor=actor, article_id=int(article.id or 0))
    ticks = session.exec(select(AuditLog).where(AuditLog.action == "flag_acknowledged")).all()
    assert {row.detail["term"] for row in ticks if row.tenant_id == tenant.id} == {"300m防水"}
    assert all(row.user_id == staff.id for row in ticks if row.tenant_id == tenant.id)
    # A term that is no longer in the text cannot be ticked; another shop cannot tick at all.
    with pytest.raises(ValueError):
        review.acknowledge(session=session, actor=actor, article_id=int(article.id or 0), term="最高峰")
    stranger = f.user(session, f.tenant(session, "Review stranger"), "admin")
    with pytest.raises(AccessDenied):
        review.acknowledge(session=session, actor=f.actor(stranger), article_id=int(article.id or 0), term="300m")


CLAIMS_JSON = (
    '{"claims": ['
    '{"sentence": "ケース径41mm。", "claim": "ケース径41mm", "status": "supported", "field": "ケース径"},'
    '{"sentence": "300m防水。", "claim": "300m防水", "status": "not_in_data", "field": ""},'
    '{"sentence": "2019年製。", "claim": "2019年製", "status": "contradicts", "field": "年式"},'
    '{"sentence": "x", "claim": "x", "status": "made_up_status", "field": ""}'
    "]}"
)


def _claim_article(session: Session):
    article, staff, _tenant = _article(session, "ケース径41mm。300m防水。2019年製。")
    return article, staff


def test_claim_check_through_the_sdk_stores_claims_and_tokens(session: Session, ai) -> None:  # noqa: F811
    import asyncio

    from horologen.services.articles import claim_check
    from tests.fakes.anthropic_server import FakeReply

    article, staff = _claim_article(session)
    ai.queue_structured(FakeReply(chunks=[CLAIMS_JSON], input_tokens=900, output_tokens=150))
    result = asyncio.run(claim_check.check_article(actor=f.actor(staff), article_id=int(article.id or 0)))
    assert result.status == "ok"
    assert [c["status"] for c in result.claims] == ["supported", "not_in_data", "contradicts"]
    request = ai.requests[-1].body
    assert request["model"] == "claude-haiku-5-5"
    assert request["output_config"]["format"]["type"] == "json_schema"
    assert request["output_config"]["format"]["schema"]["required"] == ["claims", "risks"]
    assert "<article>" in request["messages"][0]["content"] and "41mm" in request["messages"][0]["content"]
    session.expire_all()
    stored = session.get(Article, article.id)
    assert stored is not None and stored.claim_status == "ok" and len(stored.claims) == 3
    assert (stored.claim_input_tokens, stored.claim_output_tokens) == (900, 150)
    assert stored.output_tokens == 0  # the article's own tokens are untouched; no quota slot either


@pytest.mark.parametrize(
    "reply",
    [
        {"status": 500},
        {"chunks": ["これはJSONではありません"]},
        {"chunks": ['{"claims": []}'], "stop_reason": "refusal"},
    ],
)
def test_claim_check_failure_leaves_the_flags_standing(session: Session, ai, reply: dict) -> None:  # noqa: F811
    import asyncio

    from horologen.services.articles import claim_check
    from tests.fakes.anthropic_server import FakeReply

    article, staff = _claim_article(session)
    flags_before = list(article.flags)
    ai.queue_structured(FakeReply(**reply))
    result = asyncio.run(claim_check.check_article(actor=f.actor(staff), article_id=int(article.id or 0)))
    assert result.status == "failed" and result.error_id
    session.expire_all()
    stored = session.get(Article, article.id)
    assert stored is not None and stored.claim_status == "failed" and stored.flags == flags_before
    stranger = f.user(session, f.tenant(session, f"Claim stranger {reply}"), "admin")
    with pytest.raises(AccessDenied):
        asyncio.run(claim_check.check_article(actor=f.actor(stranger), article_id=int(article.id or 0)))
