# ruff: noqa: E501  (Japanese test sentences are kept whole)
"""Issue 26: each shared line and other members of its kind are flagged by structure, both senses
of each ordinary word are told apart, and a substantiated claim in the profile is not flagged."""

from __future__ import annotations

import asyncio

import pytest
from sqlmodel import Session

from horologen.config import PROJECT_ROOT
from horologen.models import Article
from horologen.services.articles import profile, review
from horologen.services.articles.profile import ProfileData
from horologen.services.articles.prompting import product_snapshot
from tests.fakes.anthropic_server import FakeReply
from tests.support import factories as f
from tests.test_generation import ai  # noqa: F401  (fixture)

SHARED = PROJECT_ROOT / "tests" / "data" / "adlaw_shared"  # copies of ../shared/cases/adlaw/
SNAPSHOT = product_snapshot(
    "ROLEX", "126610LN", "サブマリーナー デイト", 1_980_000,
    {"ケース径": "41mm", "素材": "オイスタースチール", "年式": "2021年", "状態": "中古A", "付属品": "箱・保証書"}, "included",
)  # fmt: skip


def ad_terms(text: str, shop: ProfileData | None = None, snapshot: dict | None = None) -> list[str]:
    flags = review.flags_for(text, snapshot or SNAPSHOT, "", shop or ProfileData())
    return [flag.term for flag in flags if flag.kind == "ad"]


def shared_lines() -> list[str]:
    if not SHARED.is_dir():
        return []
    return [line for path in sorted(SHARED.glob("*.txt")) for line in path.read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("line", shared_lines())
def test_every_shared_line_gets_an_advertising_law_flag(line: str) -> None:
    assert ad_terms(line), line


@pytest.mark.parametrize(
    "text",
    [
        # rankings and firsts in forms no list names
        "Yahoo!ショッピング 腕時計カテゴリ 週間3位の人気モデル。", "売上No.1のダイバーズ。", "人気ナンバーワンの一本。",
        "販売数トップクラスのモデルです。", "国内初のセラミックベゼル。", "当店初入荷の個体です。", "他に類を見ない存在感。",
        "最高級の仕上げです。", "最も美しいクロノグラフ。", "究極のツールウォッチ。", "至高の一本。", "Japan's first GMT.",
        "The best-selling diver of the year.", "ご購入者の満足度97%。", "専門家の8割が推奨。",
        # comparison prices
        "以前は2,200,000円で販売していました。1,980,000円です。", "198万円（通常価格248万円）", "¥2,480,000 ⇒ ¥1,980,000",
        "市場相場より安くご案内。", "3割引でご提供。", "15%OFF！", "値上げ予定のため今がお得です。", "新品定価2,500,000円の一本。",
        "メーカー希望小売価格2,200,000円", "本日限りの特別価格です。", "Was ¥2,480,000, now ¥1,980,000.",
    ],
)  # fmt: skip
def test_other_members_of_each_kind_are_flagged(text: str) -> None:
    assert ad_terms(text), text


@pytest.mark.parametrize(
    ("claim", "ordinary"),
    [
        ("限定モデルです。", "シーンを限定しないデザインです。"),
        ("一番人気の文字盤です。", "一番下のリューズを回します。"),
        ("業界初の素材です。", "初めての方にもおすすめです。"),
        ("最強のダイバーズです。", "最初の一本におすすめです。"),
        ("定価より20%OFF。", "会員様限定価格は店頭でご案内します。"),
        ("No.1ブランドです。", "Ref. No. 126610LN の個体です。"),
        ("The best diver.", "Best paired with a navy suit."),
        ("唯一無二の存在。", "最寄り駅から徒歩3分です。"),
    ],
)
def test_both_senses_of_an_ordinary_word(claim: str, ordinary: str) -> None:
    flags = review.flags_for(claim, SNAPSHOT, "", ProfileData())
    assert flags, claim
    ordinary_flags = [f for f in review.flags_for(ordinary, SNAPSHOT, "", ProfileData()) if f.kind == "ad"]
    if "限定価格" in ordinary:  # 定価 is never found inside 限定価格; 限定価格 itself is a comparison price
        assert all(f.term != "定価" for f in ordinary_flags)
    else:
        assert ordinary_flags == [], ordinary
    if "限定しない" in ordinary:
        assert review.flags_for(ordinary, SNAPSHOT, "", ProfileData()) == []


def test_a_reason_names_the_law_and_the_guideline_condition() -> None:
    flags = review.flags_for("当店旧価格2,480,000円から値下げしました。", SNAPSHOT, "", ProfileData())
    price = next(f for f in flags if f.kind == "ad")
    assert "景品表示法 第5条第2号" in price.reason and "8 週間" in price.reason and "過去の販売価格" in price.reason
    rank = next(f for f in review.flags_for("楽天ランキング第1位。", SNAPSHOT, "", ProfileData()) if f.kind == "ad")
    assert "第5条第1号" in rank.reason and "No.1表示" in rank.reason


def test_a_substantiated_claim_and_a_stored_comparison_price_are_not_flagged() -> None:
    shop = ProfileData(substantiated_claims=(
        {"claim": "楽天ランキング 腕時計部門 第1位", "source": "楽天市場ランキング", "surveyed": "2026年11月20日"},
    ))  # fmt: skip
    assert ad_terms("楽天ランキング 腕時計部門 第1位を獲得しました。", shop) == []
    assert ad_terms("楽天ランキング 総合 第1位を獲得しました。", shop)  # another claim is not covered
    based = dict(
        SNAPSHOT,
        specs={**SNAPSHOT["specs"], "比較価格": "2,480,000円", "比較価格の根拠": "当店で2026年9月〜11月に販売"},
    )
    assert ad_terms("当店旧価格2,480,000円から値下げしました。", snapshot=based) == []


def test_substantiated_claims_are_saved_with_the_profile(session: Session) -> None:
    tenant = f.tenant(session, "Claims shop")
    admin = f.user(session, tenant, "admin")
    data = profile.parse_form(
        {"substantiated_claims": "楽天ランキング 腕時計部門 第1位 | 楽天市場ランキング | 2026年11月20日"}
    )
    saved = profile.save_profile(session=session, actor=f.actor(admin), data=data)
    stored = profile.profile_for_tenant(session=session, tenant_id=int(tenant.id or 0), version=saved.version)
    assert stored.substantiated_claims == (
        {"claim": "楽天ランキング 腕時計部門 第1位", "source": "楽天市場ランキング", "surveyed": "2026年11月20日"},
    )
    with pytest.raises(profile.ProfileInputError, match="表示 \\| 調査元 \\| 調査日"):
        profile.parse_form({"substantiated_claims": "第1位 | 根拠なし"})


def test_the_model_reviews_law_too_and_a_wrong_answer_leaves_the_flags(session: Session, ai) -> None:  # noqa: F811
    from horologen.services.articles import claim_check

    tenant = f.tenant(session, "Risk shop")
    staff = f.user(session, tenant, "staff")
    article = Article(tenant_id=int(tenant.id or 0), user_id=int(staff.id or 0), input_snapshot=SNAPSHOT,
                      title="サブマリーナー", body="楽天ランキング第1位のモデルです。", status="done")  # fmt: skip
    session.add(article)
    session.commit()
    review.recheck(session, article)
    session.commit()
    flags_before = list(article.flags)
    answer = (
        '{"claims": [], "risks": [{"sentence": "楽天ランキング第1位のモデルです。", "category": "ranking",'
        ' "reason": "調査元と調査日がありません"}, {"sentence": "x", "category": "made_up", "reason": "x"}]}'
    )
    ai.queue_structured(FakeReply(chunks=[answer]))
    result = asyncio.run(claim_check.check_article(actor=f.actor(staff), article_id=int(article.id or 0)))
    assert result.status == "ok" and [r["category"] for r in result.risks] == ["ranking"]
    request = ai.requests[-1].body
    assert "risks" in request["output_config"]["format"]["schema"]["required"]
    assert "価格表示ガイドライン" in request["system"] and "No.1表示" in request["system"]
    session.expire_all()
    stored = session.get(Article, article.id)
    assert stored is not None and stored.claim_risks[0]["label"].startswith("順位") and stored.flags == flags_before
    ai.queue_structured(FakeReply(chunks=['{"risks": "not a list"}']))
    failed = asyncio.run(claim_check.check_article(actor=f.actor(staff), article_id=int(article.id or 0)))
    session.expire_all()
    stored = session.get(Article, article.id)
    assert failed.status == "failed" and stored is not None and stored.flags == flags_before


def test_the_shared_lines_are_there() -> None:
    assert len(shared_lines()) >= 9, "tests/data/adlaw_shared holds the lines of ../shared/cases/adlaw"
