"""「短くする」 by rewrite (issue 27 item 4): the model writes the same article within the channel's
limits through the real SDK and the fake API; the cut is the fallback; no slot, tokens stored."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from sqlmodel import Session, select

from horologen.models import Article, QuotaUsage
from horologen.services.accounts.access import AccessDenied
from horologen.services.articles import channels, library, rewrite
from horologen.services.articles.prompting import product_snapshot
from horologen.services.backoffice import usage
from tests.fakes.anthropic_server import FakeAnthropic, FakeReply
from tests.support import factories as f
from tests.test_generation import ai  # noqa: F401  (fixture)

LONG_BODY = "リード文です。" + "".join(f"\n\n## 見出し{i}\n\n" + "長い段落の文章です。" * 200 for i in range(6))
SHORT_ANSWER = "# ロレックス サブマリーナー デイト\n> 海の名作\n\nケース径41mmの一本です。状態の良い中古品です。"


@pytest.fixture()
def long_article(session: Session):
    tenant = f.tenant(session, "Rewrite shop", monthly_limit=5)
    staff = f.user(session, tenant, "staff")
    snapshot = product_snapshot(
        "ROLEX", "126610LN", "サブマリーナー デイト", 1_980_000, {"ケース径": "41mm"}, "included"
    )
    article = Article(tenant_id=int(tenant.id or 0), user_id=int(staff.id or 0), input_snapshot=snapshot,
                      options={"channel": "rakuten"}, title="ロレックス サブマリーナー デイト", catch_copy="海の名作",
                      body=LONG_BODY, status="done", quota_month="2026-11")  # fmt: skip
    session.add(article)
    session.commit()
    return tenant, staff, article


def edited(session: Session, staff, article: Article) -> channels.ArticleContent:
    view = library.get_article(session=session, actor=f.actor(staff), article_id=int(article.id or 0))
    return library.content_of(session=session, view=view)


def test_the_model_rewrites_within_the_limit_without_a_slot(session: Session, ai: FakeAnthropic, long_article) -> None:  # noqa: F811
    tenant, staff, article = long_article
    content = edited(session, staff, article)
    assert any(field.over for field in channels.render(content, "rakuten").fields)
    ai.queue(FakeReply(chunks=[SHORT_ANSWER], input_tokens=1200, output_tokens=300))
    outcome = asyncio.run(rewrite.shorten(actor=f.actor(staff), article_id=int(article.id or 0), edited=content,
                                          channel="rakuten"))  # fmt: skip
    assert outcome.how == "rewrite" and "書き直しました" in outcome.message
    assert outcome.content.body.startswith("ケース径41mm") and not any(
        field.over for field in channels.render(outcome.content, "rakuten").fields
    )
    request = ai.generation_requests()[-1].body
    assert request["system"][0]["cache_control"] == {"type": "ephemeral"}  # the same cached system prompt
    assert "<current_article>" in request["messages"][0]["content"] and "<limits>" in request["messages"][0]["content"]
    assert "バイト" in request["messages"][0]["content"]
    session.expire_all()
    stored = session.get(Article, article.id)
    assert stored is not None and (stored.rewrite_input_tokens, stored.rewrite_output_tokens) == (1200, 300)
    assert stored.body == LONG_BODY  # the editor gets the text; nothing is saved until staff save it
    assert session.exec(select(QuotaUsage).where(QuotaUsage.tenant_id == tenant.id)).all() == []  # no slot
    admin = f.user(session, tenant, "admin")
    report = usage.tenant_usage(session=session, actor=f.actor(admin))
    assert report.input_tokens >= 1200 and report.output_tokens >= 300


@pytest.mark.parametrize("reply", [{"status": 500}, {"chunks": ["長い段落の文章です。" * 3000]}])
def test_a_failed_or_too_long_rewrite_falls_back_to_the_cut(session: Session, ai: FakeAnthropic, long_article,  # noqa: F811
                                                           reply: dict) -> None:  # fmt: skip
    _tenant, staff, article = long_article
    content = edited(session, staff, article)
    ai.queue(FakeReply(**reply))
    outcome = asyncio.run(rewrite.shorten(actor=f.actor(staff), article_id=int(article.id or 0), edited=content,
                                          channel="rakuten"))  # fmt: skip
    assert outcome.how == "cut" and "文末から短くしました" in outcome.message
    assert not any(field.over for field in channels.render(outcome.content, "rakuten").fields)
    assert "ケース径" in channels.render(outcome.content, "rakuten").fields[2].value  # the facts block stays


def test_another_shop_cannot_rewrite(session: Session, ai: FakeAnthropic, long_article) -> None:  # noqa: F811
    _tenant, staff, article = long_article
    stranger = f.user(session, f.tenant(session, "Rewrite stranger"), "admin")
    content = replace(edited(session, staff, article), body="x")
    with pytest.raises(AccessDenied):
        asyncio.run(rewrite.shorten(actor=f.actor(stranger), article_id=int(article.id or 0), edited=content,
                                    channel="rakuten"))  # fmt: skip
