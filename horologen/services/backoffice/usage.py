"""A shop's usage this month: articles against the limit, per staff member, token totals.

The recent articles beside it on /admin/usage come from articles.library.list_articles."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, col, select

from horologen.models import Article, User, utcnow
from horologen.services.accounts.access import ADMIN, Actor, require_role
from horologen.services.operations import costs, quota
from horologen.timezones import quota_month, to_tokyo


@dataclass(frozen=True)
class UserUsage:
    email: str
    display_name: str
    articles: int
    input_tokens: int
    output_tokens: int
    cost_yen: Decimal = Decimal(0)


@dataclass(frozen=True)
class DayUsage:
    day: str  # MM/DD, Tokyo
    articles: int
    cost_yen: float


@dataclass(frozen=True)
class TenantUsage:
    status: quota.QuotaStatus
    per_user: list[UserUsage]
    input_tokens: int
    output_tokens: int
    failed: int
    cost_yen: Decimal = Decimal(0)  # every call of the month: articles (failed ones too), checks, rewrites
    days: list[DayUsage] = field(default_factory=list)
    unpriced_models: list[str] = field(default_factory=list)


def tenant_usage(*, session: Session, actor: Actor, now: datetime | None = None) -> TenantUsage:
    require_role(actor, ADMIN)
    tenant_id = int(actor.tenant_id or 0)
    now = now or utcnow()
    month = quota_month(now)
    counts = quota.month_counts(session, tenant_id, month)
    users = session.exec(select(User).where(User.tenant_id == tenant_id).order_by(User.email)).all()
    per_user = [UserUsage(u.email, u.display_name, *counts.get(int(u.id or 0), (0, 0, 0))) for u in users]
    email_ids = {u.email: int(u.id or 0) for u in users}
    failed = session.exec(
        select(func.count())
        .select_from(Article)
        .where(
            Article.tenant_id == tenant_id,
            Article.quota_month == month,
            col(Article.status).in_(("failed", "cancelled")),
        )
    ).one()
    spent = month_costs(session, tenant_id, month)
    per_user = [replace(u, cost_yen=spent.by_user.get(email_ids.get(u.email, 0), Decimal(0))) for u in per_user]
    return TenantUsage(
        status=quota.status(session=session, tenant_id=tenant_id, now=now),
        per_user=per_user,
        input_tokens=sum(c[1] for c in counts.values()),
        output_tokens=sum(c[2] for c in counts.values()),
        failed=int(failed),
        cost_yen=spent.total,
        days=spent.days,
        unpriced_models=spent.unpriced,
    )


@dataclass(frozen=True)
class MonthCosts:
    total: Decimal
    by_user: dict[int, Decimal]
    days: list[DayUsage]
    unpriced: list[str]


def month_costs(session: Session, tenant_id: int, month: str) -> MonthCosts:
    """A shop's model costs for one month (Asia/Tokyo), in yen: total, per staff member, per day."""
    articles = session.exec(select(Article).where(Article.tenant_id == tenant_id, Article.quota_month == month)).all()
    by_user: dict[int, Decimal] = {}
    by_day: dict[str, tuple[int, Decimal]] = {}
    unpriced: set[str] = set()
    for article in articles:
        amount = costs.article_yen(article)
        model = article.response_model or article.model
        if model and costs.price_for(model) is None and (article.input_tokens or article.output_tokens):
            unpriced.add(model)
        by_user[article.user_id] = by_user.get(article.user_id, Decimal(0)) + amount
        day = to_tokyo(article.created_at).strftime("%m/%d")
        count, total = by_day.get(day, (0, Decimal(0)))
        by_day[day] = (count + (1 if article.status == "done" else 0), total + amount)
    days = [DayUsage(day, n, float(round(total, 1))) for day, (n, total) in sorted(by_day.items())]
    return MonthCosts(sum(by_user.values(), Decimal(0)), by_user, days, sorted(unpriced))
