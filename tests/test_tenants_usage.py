"""Platform tenants and shop usage: role checks, overrides, disable, first admin, per-user counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import Session

from horologen import config
from horologen.models import Article
from horologen.services.accounts import sessions, signin, tenants
from horologen.services.accounts.access import AccessDenied
from horologen.services.accounts.users import UserInputError
from horologen.services.articles import library
from horologen.services.backoffice import platform_usage, usage
from horologen.services.operations import quota
from tests.support import factories as f


@pytest.fixture()
def platform(session: Session):
    platform_tenant = f.tenant(session, "Platform", is_platform=True)
    return f.actor(f.user(session, platform_tenant, "platform_admin"))


def test_only_the_platform_admin_runs_tenants(session: Session, platform) -> None:
    shop = f.tenant(session, "Tenant A")
    for role in ("admin", "staff"):
        actor = f.actor(f.user(session, shop, role))
        with pytest.raises(AccessDenied):
            tenants.list_tenants(session=session, actor=actor)
        with pytest.raises(AccessDenied):
            tenants.create_tenant(session=session, actor=actor, name="x")
        with pytest.raises(AccessDenied):
            tenants.set_plan(session=session, actor=actor, tenant_id=shop.id, plan="unlimited", monthly_limit=None)


def test_create_rename_plan_and_first_admin(session: Session, platform) -> None:
    created = tenants.create_tenant(session=session, actor=platform, name="  銀座 ウォッチ ")
    assert created.name == "銀座 ウォッチ"
    with pytest.raises(UserInputError, match="同じ名前"):
        tenants.create_tenant(session=session, actor=platform, name="銀座 ウォッチ")
    tenants.rename_tenant(session=session, actor=platform, tenant_id=created.id, name="銀座ウォッチ本店")
    tenants.set_plan(session=session, actor=platform, tenant_id=created.id, plan="limited", monthly_limit=5)
    row = next(t for t in tenants.list_tenants(session=session, actor=platform) if t.id == created.id)
    assert (row.name, row.plan, row.limit, row.limit_override) == ("銀座ウォッチ本店", "limited", 5, 5)
    with pytest.raises(UserInputError):
        tenants.set_plan(session=session, actor=platform, tenant_id=created.id, plan="gold", monthly_limit=None)
    with pytest.raises(UserInputError):
        tenants.set_plan(session=session, actor=platform, tenant_id=created.id, plan=None, monthly_limit=-1)
    admin = tenants.create_tenant_admin(
        session=session, actor=platform, tenant_id=created.id, email="Owner@Ginza.example", display_name="店長"
    )
    result = signin.login(session=session, email="owner@ginza.example", password=admin.temporary_password)
    assert result.ok and result.must_change_password and result.role == "admin"


def test_disabling_a_tenant_locks_its_users_out(session: Session, platform) -> None:
    shop = f.tenant(session, "Tenant A")
    staff = f.user(session, shop, "staff")
    token = f.session_token(session, staff)
    other_token = f.session_token(session, f.user(session, f.tenant(session, "Tenant B"), "staff"))
    tenants.set_tenant_active(session=session, actor=platform, tenant_id=shop.id, active=False)
    assert sessions.current_user(session=session, token=token) is None
    assert sessions.current_user(session=session, token=other_token) is not None  # other shops stay signed in
    assert not signin.login(session=session, email=staff.email, password=f.PASSWORD).ok
    platform_tenant_id = platform.tenant_id
    with pytest.raises(UserInputError):
        tenants.set_tenant_active(session=session, actor=platform, tenant_id=platform_tenant_id, active=False)
    tenants.set_tenant_active(session=session, actor=platform, tenant_id=shop.id, active=True)
    assert signin.login(session=session, email=staff.email, password=f.PASSWORD).ok


def test_usage_counts_done_articles_per_user_this_month(session: Session) -> None:
    shop = f.tenant(session, "Tenant A", monthly_limit=10)
    other = f.tenant(session, "Tenant B")
    admin = f.user(session, shop, "admin")
    staff = f.user(session, shop, "staff")
    stranger = f.user(session, other, "staff")
    month = quota.status(session=session, tenant_id=shop.id).month
    for user, status, tokens in [(staff, "done", 100), (staff, "done", 50), (staff, "failed", 0), (admin, "done", 10)]:
        session.add(
            Article(
                tenant_id=shop.id,
                user_id=user.id,
                status=status,
                quota_month=month,
                input_tokens=tokens,
                output_tokens=1,
            )
        )
    session.add(Article(tenant_id=other.id, user_id=stranger.id, status="done", quota_month=month, input_tokens=999))
    session.commit()
    report = usage.tenant_usage(session=session, actor=f.actor(admin))
    counts = {u.email: u.articles for u in report.per_user}
    assert counts == {admin.email: 1, staff.email: 2}
    assert report.input_tokens == 160 and report.failed == 1
    assert stranger.email not in counts
    assert len(library.list_articles(session=session, actor=f.actor(admin), all_users=True)) == 3
    with pytest.raises(AccessDenied):
        usage.tenant_usage(session=session, actor=f.actor(staff))


def test_the_platform_sees_each_shops_month_and_the_total(session: Session, platform) -> None:
    """Issue 29 item 5: per shop, this month's finished articles, their tokens and every call's cost
    in yen, as the shop's own /admin/usage counts them; the platform's total; other months left out."""
    shop, other = f.tenant(session, "Tenant A"), f.tenant(session, "Tenant B")
    f.tenant(session, "Idle")
    admin, staff = f.user(session, shop, "admin"), f.user(session, other, "staff")
    month = quota.status(session=session, tenant_id=shop.id).month
    rows = [
        (admin, "done", "claude-sonnet-5-5", 1000, 1_000_000, month),  # $0.002 + $10
        (admin, "failed", "claude-sonnet-5-5", 500_000, 0, month),  # $1: costs, counts no article
        (staff, "done", "claude-unknown-model", 10, 10, month),  # no price: 0 yen, named
        (staff, "done", "claude-sonnet-5-5", 1, 1_000_000, "2000-01"),  # another month
    ]
    for user, status, model, tokens_in, tokens_out, in_month in rows:
        session.add(Article(tenant_id=user.tenant_id, user_id=user.id, status=status, model=model,
                            input_tokens=tokens_in, output_tokens=tokens_out, quota_month=in_month))  # fmt: skip
    session.commit()
    overview = platform_usage.platform_tenants(session=session, actor=platform)
    rate = Decimal(str(config.get_settings().yen_per_usd))
    by_name = {r.tenant.name: r.month for r in overview.rows}
    assert by_name["Tenant A"] == platform_usage.ShopMonth(1, 1000, 1_000_000, Decimal("11.002") * rate)
    assert by_name["Tenant B"] == platform_usage.ShopMonth(1, 10, 10, Decimal(0))
    assert by_name["Idle"] == by_name["Platform"] == platform_usage.ShopMonth()
    assert overview.total == platform_usage.ShopMonth(2, 1010, 1_000_010, Decimal("11.002") * rate)
    assert overview.month == month and overview.unpriced_models == ["claude-unknown-model"]
    # The shop's own page says the same.
    report = usage.tenant_usage(session=session, actor=f.actor(admin))
    shop_a = by_name["Tenant A"]
    assert (report.cost_yen, report.input_tokens, report.output_tokens) == (
        shop_a.cost_yen, shop_a.input_tokens, shop_a.output_tokens
    )  # fmt: skip
    assert [r.tenant.id for r in overview.rows] == [t.id for t in tenants.list_tenants(session=session, actor=platform)]


def test_only_the_platform_admin_sees_every_shops_cost(session: Session, platform) -> None:
    shop = f.tenant(session, "Tenant A")
    for role in ("admin", "staff"):
        with pytest.raises(AccessDenied):
            platform_usage.platform_tenants(session=session, actor=f.actor(f.user(session, shop, role)))
    empty = platform_usage.platform_tenants(session=session, actor=platform)
    assert empty.total == platform_usage.ShopMonth() and empty.unpriced_models == []


def test_a_version_made_by_editing_is_no_new_article(session: Session, platform) -> None:
    """Editing an approved article makes a version (parent_id set): /admin/usage, the tenants list and
    /platform count it as no new article, as the quota does (a tester saw 4 beside 「今月 3 / 30」)."""
    shop = f.tenant(session, "Tenant A", monthly_limit=30)
    admin = f.user(session, shop, "admin")
    month = quota.status(session=session, tenant_id=shop.id).month
    first = Article(tenant_id=shop.id, user_id=admin.id, status="done", quota_month=month, input_tokens=100)
    session.add(first)
    session.commit()
    session.add(Article(tenant_id=shop.id, user_id=admin.id, status="done", quota_month=month, parent_id=first.id,
                        version=2))  # fmt: skip
    session.commit()
    report = usage.tenant_usage(session=session, actor=f.actor(admin))
    assert [u.articles for u in report.per_user] == [1] and report.input_tokens == 100
    overview = platform_usage.platform_tenants(session=session, actor=platform)
    assert {r.tenant.name: r.month.articles for r in overview.rows}["Tenant A"] == 1
    listed = {t.name: t for t in tenants.list_tenants(session=session, actor=platform)}
    assert listed["Tenant A"].used_this_month == 1
