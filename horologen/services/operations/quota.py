"""Monthly article quota per tenant (Asia/Tokyo calendar month), reserved atomically.

A slot is reserved before the model is called and settled after: success consumes it,
failure releases it. The reservation is one conditional UPDATE, so concurrent requests
cannot push a tenant past its limit on PostgreSQL or SQLite. `month_counts` counts a month's done
articles per staff member (the tenants list and the usage report).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Update, case, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from horologen import config
from horologen.errors import UserFacingError
from horologen.models import Article, QuotaUsage, Tenant, utcnow
from horologen.timezones import quota_month

UNLIMITED = "unlimited"


class QuotaExceeded(UserFacingError, RuntimeError):
    """The tenant used this month's articles; the message is shown as is."""


@dataclass(frozen=True)
class QuotaStatus:
    month: str
    plan: str
    limit: int | None  # None: unlimited
    used: int
    reserved: int

    @property
    def remaining(self) -> int | None:
        return None if self.limit is None else max(0, self.limit - self.used - self.reserved)

    @property
    def label(self) -> str:
        return f"今月 {self.used} / 無制限" if self.limit is None else f"今月 {self.used} / {self.limit}"


def effective_plan(tenant: Tenant) -> tuple[str, int | None]:
    """The tenant's override when set, else the deployment default (HOROLOGEN_PLAN / _MONTHLY_LIMIT)."""
    return plan_and_limit(tenant.plan, tenant.monthly_limit)


def plan_and_limit(plan: str | None, monthly_limit: int | None) -> tuple[str, int | None]:
    """(plan, articles a month or None for unlimited) of a tenant's own `plan` / `monthly_limit`
    (None: the deployment default, HOROLOGEN_PLAN / HOROLOGEN_MONTHLY_LIMIT)."""
    settings = config.get_settings()
    plan = plan or settings.plan
    if plan == UNLIMITED:
        return plan, None
    return plan, monthly_limit if monthly_limit is not None else settings.monthly_limit


def _ensure_row(session: Session, tenant_id: int, month: str) -> None:
    exists = session.exec(
        select(QuotaUsage.id).where(QuotaUsage.tenant_id == tenant_id, QuotaUsage.month == month)
    ).first()
    if exists is not None:
        return
    try:
        with session.begin_nested():
            session.add(QuotaUsage(tenant_id=tenant_id, month=month))
    except IntegrityError:
        pass  # another request created it first


def status(*, session: Session, tenant_id: int, now: datetime | None = None) -> QuotaStatus:
    month = quota_month(now or utcnow())
    tenant = session.get(Tenant, tenant_id)
    if tenant is None:
        raise QuotaExceeded("テナントが見つかりません。")
    plan, limit = effective_plan(tenant)
    row = session.exec(select(QuotaUsage).where(QuotaUsage.tenant_id == tenant_id, QuotaUsage.month == month)).first()
    return QuotaStatus(month, plan, limit, row.used if row else 0, row.reserved if row else 0)


def reserve(
    *, session: Session, tenant_id: int, now: datetime | None = None, commit: bool = True, count: int = 1
) -> str:
    """Take `count` slots for this month in one atomic statement, or none and raise QuotaExceeded;
    returns the month. With commit=False the caller commits (so the slots and the articles or bulk
    job that use them land in one transaction)."""
    now = now or utcnow()
    month = quota_month(now)
    tenant = session.get(Tenant, tenant_id)
    if tenant is None:
        raise QuotaExceeded("テナントが見つかりません。")
    _, limit = effective_plan(tenant)
    statement = reserve_statement(tenant_id=tenant_id, month=month, limit=limit, now=now, count=count)
    # The month's row exists after the first article of the month: try the atomic update first and
    # create the row only when it touched nothing (one round trip fewer per generation).
    result = session.exec(statement)
    if (result.rowcount or 0) != 1:
        _ensure_row(session, tenant_id, month)
        result = session.exec(statement)
    if (result.rowcount or 0) != 1:
        session.rollback()
        raise QuotaExceeded(
            f"今月の記事作成数が上限（{limit} 件）に達しました。"
            "来月 1 日（日本時間）に回復します。上限の変更は管理者にご相談ください。"
        )
    if commit:
        session.commit()
    return month


def reserve_statement(
    *,
    tenant_id: int | ColumnElement[int],
    month: str | ColumnElement[str],
    limit: int | ColumnElement[int] | None,
    now: datetime | ColumnElement[datetime],
    count: int = 1,
) -> Update:
    """The one conditional UPDATE that takes `count` slots of `month` (a "YYYY-MM" Tokyo month) when
    the limit (None: unlimited) allows it; it updates no row when the month's row is missing or full.
    The values may be bound parameters, for a statement built once (generation_sql)."""
    statement = update(QuotaUsage).where(col(QuotaUsage.tenant_id) == tenant_id, col(QuotaUsage.month) == month)
    if limit is not None:
        statement = statement.where(col(QuotaUsage.used) + col(QuotaUsage.reserved) + count <= limit)
    return statement.values(reserved=col(QuotaUsage.reserved) + count, updated_at=now)


def settle_statement(
    *,
    tenant_id: int | ColumnElement[int],
    month: str | ColumnElement[str],
    consumed: bool,
    count: int = 1,
    now: datetime | ColumnElement[datetime] | None = None,
) -> Update:
    """The UPDATE that settles `count` reserved slots: used when `consumed`, else given back. The
    values may be bound parameters, for a statement built once (generation_sql)."""
    values = {"reserved": QuotaUsage.reserved - count, "updated_at": utcnow() if now is None else now}
    if consumed:
        values["used"] = QuotaUsage.used + count
    return (
        update(QuotaUsage)
        .where(
            col(QuotaUsage.tenant_id) == tenant_id, col(QuotaUsage.month) == month, col(QuotaUsage.reserved) >= count
        )
        .values(**values)
    )


def settle(
    *, session: Session, tenant_id: int, month: str, consumed: bool, commit: bool = True, count: int = 1
) -> None:
    """Success turns `count` reserved slots into used articles; failure gives them back.
    With commit=False the caller commits (with the article's final status)."""
    session.execute(settle_statement(tenant_id=tenant_id, month=month, consumed=consumed, count=count))
    if commit:
        session.commit()


def month_counts(session: Session, tenant_id: int, month: str) -> dict[int, tuple[int, int, int]]:
    """user_id → (done articles, input tokens, output tokens) for one month; the tokens include the
    rewrites of 「短くする」 (which use no slot)."""
    rows = session.exec(
        select(
            Article.user_id,
            # A version made by editing an approved article (parent_id set) is no new article.
            func.coalesce(func.sum(case((col(Article.parent_id).is_(None), 1), else_=0)), 0),
            func.coalesce(func.sum(Article.input_tokens + Article.rewrite_input_tokens), 0),
            func.coalesce(func.sum(Article.output_tokens + Article.rewrite_output_tokens), 0),
        )
        .where(Article.tenant_id == tenant_id, Article.quota_month == month, Article.status == "done")
        .group_by(col(Article.user_id))
    ).all()
    return {int(user_id): (int(n), int(tin), int(tout)) for user_id, n, tin, tout in rows}
