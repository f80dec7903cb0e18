"""Cost in plain sight (issue 29 item 5): stored tokens priced by the model that made them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import Session

from horologen import config
from horologen.models import Article
from horologen.services.backoffice import usage
from horologen.services.operations import costs
from tests.support import factories as f


def test_a_sonnet_article_costs_what_the_published_prices_say(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOROLOGEN_YEN_PER_USD", "150")
    config.get_settings.cache_clear()
    article = Article(tenant_id=1, user_id=1, response_model="claude-sonnet-5-5", input_tokens=500, output_tokens=4000,
                      cache_creation_input_tokens=0, cache_read_input_tokens=3000, claim_model="claude-haiku-5-5",
                      claim_input_tokens=2000, claim_output_tokens=400)  # fmt: skip
    # 500 × $2 + 4,000 × $10 + 3,000 × $0.10 per MTok = $0.0413; claim 2,000 × $0.10 + 400 × $0.50 = $0.0004
    assert costs.article_yen(article) == Decimal("0.0417") * 150
    bulk = Article(
        tenant_id=1, user_id=1, model="claude-sonnet-5-5", input_tokens=1000, output_tokens=1000, source="bulk"
    )
    assert costs.article_yen(bulk) == Decimal("0.012") / 2 * 150  # the Message Batches API halves it
    dated = Article(tenant_id=1, user_id=1, response_model="claude-sonnet-5-5-20261001", output_tokens=1_000_000)
    assert costs.article_yen(dated) == Decimal(10) * 150
    assert costs.article_yen(Article(tenant_id=1, user_id=1, model="unknown-model", output_tokens=10)) == 0
    config.get_settings.cache_clear()


def test_prices_and_the_rate_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOROLOGEN_YEN_PER_USD", "100")
    monkeypatch.setenv("HOROLOGEN_MODEL_PRICES", '{"claude-test-model": {"input": 1, "output": 2}}')
    config.get_settings.cache_clear()
    article = Article(
        tenant_id=1, user_id=1, model="claude-test-model", input_tokens=1_000_000, output_tokens=1_000_000
    )
    assert costs.article_yen(article) == Decimal(300)
    monkeypatch.setenv("HOROLOGEN_MODEL_PRICES", "not json")
    config.get_settings.cache_clear()
    with pytest.raises(config.ConfigError, match="HOROLOGEN_MODEL_PRICES"):
        config.get_settings()
    monkeypatch.delenv("HOROLOGEN_MODEL_PRICES")
    config.get_settings.cache_clear()


def test_the_shops_month_by_day_and_staff(session: Session) -> None:
    tenant = f.tenant(session, "Cost shop")
    admin, staff = f.user(session, tenant, "admin"), f.user(session, tenant, "staff")
    month = usage.quota_month(usage.utcnow())
    for user, tokens in ((staff, 1_000_000), (staff, 0), (admin, 500_000)):
        session.add(Article(tenant_id=int(tenant.id or 0), user_id=int(user.id or 0), model="claude-sonnet-5-5",
                            output_tokens=tokens, status="done", quota_month=month))  # fmt: skip
    session.commit()
    report = usage.tenant_usage(session=session, actor=f.actor(admin))
    per = {u.email: u.cost_yen for u in report.per_user}
    rate = Decimal(str(config.get_settings().yen_per_usd))
    assert per[staff.email] == 10 * rate and per[admin.email] == 5 * rate
    assert report.cost_yen == 15 * rate and sum(d.articles for d in report.days) == 3
