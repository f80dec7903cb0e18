"""A generation's database work in few statements (generation_sql, issue 29 item 4): the article
the one-statement path writes is the article the ORM path writes, the slot goes with it or not at
all, and the profile used is the shop's newest."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from horologen import config
from horologen.models import Article, QuotaUsage, ShopProfile
from horologen.services.articles import generation
from horologen.services.articles.prompting import GenerationOptions
from horologen.services.operations import quota
from tests.fakes.anthropic_server import FakeAnthropic
from tests.support import factories as f

SKIP = {"id", "created_at", "updated_at"}


@pytest.fixture()
def ai(app_database: str, fake_anthropic: FakeAnthropic, monkeypatch: pytest.MonkeyPatch) -> FakeAnthropic:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test-key")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_anthropic.url)
    config.get_settings.cache_clear()
    return fake_anthropic


def _columns(article: Article) -> dict[str, object]:
    return {c.key: getattr(article, c.key) for c in Article.__table__.columns if c.key not in SKIP}


def test_the_first_and_the_next_article_are_written_alike(session: Session, ai: FakeAnthropic) -> None:
    tenant = f.tenant(session, "Shop", monthly_limit=2)
    staff = f.actor(f.user(session, tenant, "staff"))
    product = f.product(session, tenant, "ROLEX", "126610LN", specs={"ケース径": "41mm"})
    for version, name in ((1, "旧店名"), (2, "銀座ウォッチ")):
        session.add(ShopProfile(tenant_id=int(tenant.id or 0), version=version, shop_name=name))
    session.commit()
    options = GenerationOptions()
    # The month's first article creates the quota row (the ORM way); the second takes the slot and
    # writes the article in one statement on PostgreSQL.
    first = generation.prepare(session=session, actor=staff, product_id=int(product.id or 0), options=options)
    second = generation.prepare(session=session, actor=staff, product_id=int(product.id or 0), options=options)
    assert first.profile.shop_name == second.profile.shop_name == "銀座ウォッチ"
    assert first.profile.version == second.profile.version == 2
    session.expire_all()
    one, two = session.get(Article, first.article_id), session.get(Article, second.article_id)
    assert one is not None and two is not None
    assert _columns(one) == _columns(two)
    assert (two.status, two.review_status, two.flags, two.claims, two.catch_copy) == ("streaming", "draft", [], [], "")
    usage = session.exec(select(QuotaUsage).where(QuotaUsage.tenant_id == tenant.id)).one()
    assert (usage.used, usage.reserved) == (0, 2)
    # Full: neither a slot nor an article is written.
    with pytest.raises(quota.QuotaExceeded):
        generation.prepare(session=session, actor=staff, product_id=int(product.id or 0), options=options)
    session.expire_all()
    assert len(session.exec(select(Article).where(Article.tenant_id == tenant.id)).all()) == 2
    usage = session.exec(select(QuotaUsage).where(QuotaUsage.tenant_id == tenant.id)).one()
    assert (usage.used, usage.reserved) == (0, 2)


def test_the_end_stores_the_result_and_settles_the_slot_together(session: Session, ai: FakeAnthropic) -> None:
    tenant = f.tenant(session, "Shop")
    staff = f.actor(f.user(session, tenant, "staff"))
    product = f.product(session, tenant, "OMEGA", "310.30.42.50.01.001")
    job = generation.prepare(session=session, actor=staff, product_id=int(product.id or 0), options=GenerationOptions())
    outcome = generation.GenerationOutcome(article_id=job.article_id, status="done", title="T", body="B", text="x")
    outcome.flags = [{"term": "t", "kind": "number", "reason": "r", "suggestion": "s"}]
    generation._finish(job, outcome, started=0.0)
    session.expire_all()
    article = session.get(Article, job.article_id)
    assert article is not None
    assert (article.status, article.title, article.body, article.flags[0]["term"]) == ("done", "T", "B", "t")
    assert article.finished_at is not None and article.finished_at <= datetime.now(UTC)
    usage = session.exec(select(QuotaUsage).where(QuotaUsage.tenant_id == tenant.id)).one()
    assert (usage.used, usage.reserved) == (1, 0)
    # A failure gives the slot back and keeps no text in the article's fields.
    again = generation.prepare(
        session=session, actor=staff, product_id=int(product.id or 0), options=GenerationOptions()
    )
    failed = generation.GenerationOutcome(article_id=again.article_id, status="failed", title="T", message="m")
    generation._finish(again, failed, started=0.0)
    session.expire_all()
    usage = session.exec(select(QuotaUsage).where(QuotaUsage.tenant_id == tenant.id)).one()
    assert (usage.used, usage.reserved) == (1, 0)
    stored = session.get(Article, again.article_id)
    assert stored is not None and (stored.status, stored.title, stored.error_message) == ("failed", "", "m")
