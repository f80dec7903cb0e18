"""A shop's usage this month: articles against the limit, per staff member, token totals.

The recent articles beside it on /admin/usage come from articles.library.list_articles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from horologen.models import Article, User, utcnow
from horologen.services.accounts.access import ADMIN, Actor, require_role
from horologen.services.operations import quota
from horologen.timezones import quota_month


@dataclass(frozen=True)
class UserUsage:
    email: str
    display_name: str
    articles: int
    input_tokens: int
    output_tokens: int


@dataclass(frozen=True)
class TenantUsage:
    status: quota.QuotaStatus
    per_user: list[UserUsage]
    input_tokens: int
    output_tokens: int
    failed: int


def month_counts(session: Session, tenant_id: int, month: str) -> dict[int, tuple[int, int, int]]:
    """user_id → (done articles, input tokens, output tokens) for one month; the tokens include the
    rewrites of 「短くする」 (which use no slot)."""
    rows = session.exec(
        select(
            Article.user_id,
            func.count(),
            func.coalesce(func.sum(Article.input_tokens + Article.rewrite_input_tokens), 0),
            func.coalesce(func.sum(Article.output_tokens + Article.rewrite_output_tokens), 0),
        )
        .where(Article.tenant_id == tenant_id, Article.quota_month == month, Article.status == "done")
        .group_by(Article.user_id)
    ).all()
    return {int(user_id): (int(n), int(tin), int(tout)) for user_id, n, tin, tout in rows}


def tenant_usage(*, session: Session, actor: Actor, now: datetime | None = None) -> TenantUsage:
    require_role(actor, ADMIN)
    tenant_id = int(actor.tenant_id or 0)
    now = now or utcnow()
    month = quota_month(now)
    counts = month_counts(session, tenant_id, month)
    users = session.exec(select(User).where(User.tenant_id == tenant_id).order_by(User.email)).all()
    per_user = [UserUsage(u.email, u.display_name, *counts.get(int(u.id or 0), (0, 0, 0))) for u in users]
    failed = session.exec(
        select(func.count())
        .select_from(Article)
        .where(
            Article.tenant_id == tenant_id,
            Article.quota_month == month,
            col(Article.status).in_(("failed", "cancelled")),
        )
    ).one()
    return TenantUsage(
        status=quota.status(session=session, tenant_id=tenant_id, now=now),
        per_user=per_user,
        input_tokens=sum(c[1] for c in counts.values()),
        output_tokens=sum(c[2] for c in counts.values()),
        failed=int(failed),
    )
