"""The platform admin's tenants list with each shop's month beside it (issue 29 item 5): articles,
tokens and the estimated model cost in yen, and the platform's totals, from one call.

Each shop's figures are counted as /admin/usage counts them (usage.tenant_usage): articles and
tokens of the month's finished articles (rewrites included), the cost of every call of the month
(failed articles, claim checks and rewrites too), priced by operations.costs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import load_only
from sqlmodel import Session, col, select

from horologen.models import Article, utcnow
from horologen.services.accounts import tenants
from horologen.services.accounts.access import PLATFORM_ADMIN, Actor, require_role
from horologen.services.operations import costs
from horologen.timezones import quota_month

# What costs.article_yen reads, and no more: never the articles' text.
_COST_FIELDS = (
    "tenant_id", "status", "parent_id", "source", "model", "response_model", "input_tokens", "output_tokens",
    "cache_creation_input_tokens", "cache_read_input_tokens", "claim_model", "claim_input_tokens",
    "claim_output_tokens", "rewrite_input_tokens", "rewrite_output_tokens",
)  # fmt: skip


@dataclass(frozen=True)
class ShopMonth:
    """One shop's month: finished articles, their tokens (input / output) and the estimated cost in yen."""

    articles: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_yen: Decimal = Decimal(0)


@dataclass(frozen=True)
class TenantWithUsage:
    tenant: tenants.TenantRow
    month: ShopMonth


@dataclass(frozen=True)
class PlatformTenants:
    """What /platform/tenants shows: every tenant with its month, and the platform's totals."""

    month: str  # YYYY-MM, Asia/Tokyo
    rows: list[TenantWithUsage]
    total: ShopMonth
    unpriced_models: list[str] = field(default_factory=list)  # models with tokens but no price (counted 0)


def platform_tenants(*, session: Session, actor: Actor, now: datetime | None = None) -> PlatformTenants:
    """Every tenant (accounts.tenants.list_tenants) with this month's usage; the platform admin only."""
    require_role(actor, PLATFORM_ADMIN)
    now = now or utcnow()
    month = quota_month(now)
    listed = tenants.list_tenants(session=session, actor=actor, now=now)
    per_shop, unpriced = _month_by_tenant(session, month)
    rows = [TenantWithUsage(row, per_shop.get(row.id, ShopMonth())) for row in listed]
    total = ShopMonth(
        articles=sum(r.month.articles for r in rows),
        input_tokens=sum(r.month.input_tokens for r in rows),
        output_tokens=sum(r.month.output_tokens for r in rows),
        cost_yen=sum((r.month.cost_yen for r in rows), Decimal(0)),
    )
    return PlatformTenants(month=month, rows=rows, total=total, unpriced_models=unpriced)


def _month_by_tenant(session: Session, month: str) -> tuple[dict[int, ShopMonth], list[str]]:
    """tenant id → its month, from one query over the month's articles; and the unpriced models."""
    found: dict[int, ShopMonth] = {}
    unpriced: set[str] = set()
    month_articles = (
        select(Article)
        .where(col(Article.quota_month) == month)
        .options(load_only(*(getattr(Article, name) for name in _COST_FIELDS)))
    )
    for article in session.exec(month_articles).all():
        model = article.response_model or article.model
        if model and costs.price_for(model) is None and (article.input_tokens or article.output_tokens):
            unpriced.add(model)
        done = article.status == "done"
        shop = found.get(article.tenant_id, ShopMonth())
        found[article.tenant_id] = ShopMonth(
            articles=shop.articles + (1 if done and article.parent_id is None else 0),  # a version is no new article
            input_tokens=shop.input_tokens + (article.input_tokens + article.rewrite_input_tokens if done else 0),
            output_tokens=shop.output_tokens + (article.output_tokens + article.rewrite_output_tokens if done else 0),
            cost_yen=shop.cost_yen + costs.article_yen(article),
        )
    return found, sorted(unpriced)
