"""Forged Reflex events: every data handler re-checks the session, role and tenant itself.

The handlers are called the way Reflex calls them for an event that arrived over the websocket,
with the cookie header the socket was opened with; the page's on_load guard plays no part.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import reflex as rx
from reflex.istate.data import RouterData
from sqlmodel import Session, select

from horologen import config
from horologen.models import AuditLog, User
from horologen.services.accounts import passwords, sessions, signin
from horologen.state.admin_staff import AdminStaffState
from horologen.state.admin_upload import AdminUploadState
from horologen.state.admin_usage import AdminUsageState
from horologen.state.password import PasswordState
from horologen.state.platform_tenants import PlatformTenantsState
from horologen.state.search import SearchState
from tests.support import factories as f


def state_for(cls: type[rx.State], token: str | None, path: str = "/") -> rx.State:
    root = rx.State()
    state = root.get_substate(cls.get_full_name().split(".")[1:])
    cookie = f"{config.SESSION_COOKIE}={token}" if token else ""
    state.router = RouterData.from_router_data(
        {"headers": {"cookie": cookie}, "pathname": path, "asPath": path, "ip": "192.0.2.10"}
    )
    return state


def run_background(state: rx.State, name: str, *args: object) -> list[object]:
    """Run a background event handler (`@rx.event(background=True)`) to its end, as Reflex would
    after the websocket delivered it; returns what it yielded or returned."""
    import asyncio
    import inspect

    result = type(state).event_handlers[name].fn(state, *args)

    async def drive() -> list[object]:
        if inspect.isasyncgen(result):
            return [item async for item in result]
        return [await result]

    return asyncio.run(drive())


def shop_a_article(world, session: Session):
    """A finished draft article of Tenant A's staff member."""
    from horologen.models import Article

    article = Article(
        tenant_id=world["people"]["staff_a"].tenant_id,
        user_id=world["people"]["staff_a"].id,
        product_id=world["product_a"].id,
        status="done",
        title="店舗Aの記事",
        body="本文",
    )
    session.add(article)
    session.commit()
    return article


def redirect_path(result: object) -> str:
    text = str(result)
    return "/login" if "/login" in text else ("/password" if "/password" in text else "")


@pytest.fixture()
def world(app_database: str, session: Session):
    a = f.tenant(session, "Tenant A")
    b = f.tenant(session, "Tenant B")
    platform = f.tenant(session, "Platform", is_platform=True)
    product_a = f.product(session, a, "ROLEX", "116610LN", price_jpy=1_980_000, specs={"ケース径": "40mm"})
    product_b = f.product(session, b, "OMEGA", "SECRET-B", price_jpy=777, name="他店の商品")
    people = {
        "staff_a": f.user(session, a, "staff"),
        "admin_a": f.user(session, a, "admin"),
        "staff_b": f.user(session, b, "staff"),
        "admin_b": f.user(session, b, "admin"),
        "platform": f.user(session, platform, "platform_admin"),
    }
    tokens = {name: f.session_token(session, row) for name, row in people.items()}
    revoked = f.session_token(session, people["staff_a"])
    sessions.logout(session=session, token=revoked)
    tokens["revoked"] = revoked
    tokens["none"] = ""
    tokens["garbage"] = "not-a-real-token"
    return {"people": people, "tokens": tokens, "product_a": product_a, "product_b": product_b}


NO_SESSION = ("none", "garbage", "revoked")


@pytest.mark.parametrize("who", NO_SESSION)
def test_search_handlers_without_a_session_return_nothing(world, who: str) -> None:
    state = state_for(SearchState, world["tokens"][who])
    assert redirect_path(state.on_load()) == "/login" and state.access != "ok"
    assert redirect_path(state.set_query("116610")) == "/login"
    assert redirect_path(state.set_brand("ROLEX")) == "/login"
    assert redirect_path(state.choose(0)) == "/login"
    assert state.results == [] and state.product is None and state.brands == []


def test_search_with_staff_session_works_and_is_tenant_scoped(world) -> None:
    state = state_for(SearchState, world["tokens"]["staff_a"])
    assert redirect_path(state.on_load()) == "" and state.access == "ok"
    assert [b.brand for b in state.brands] == ["ROLEX"]
    state.set_query("１１６６１０")
    assert [r.reference for r in state.results] == ["116610LN"]
    # A chosen product opens on its own page (issue 28): the search hands over its query.
    assert f"/staff/products/{world['product_a'].id}?q=" in str(state.key_down("Enter"))
    page = state_for(SearchState, world["tokens"]["staff_a"], f"/staff/products/{world['product_a'].id}")
    page.on_product_load()
    assert page.product.price_raw == "1980000" and page.product.price == "¥1,980,000"
    assert page.specs == [["ケース径", "40mm"]]
    state.set_query("SECRET")
    assert state.results == [] and state.result_count == 0
    forged = state_for(SearchState, world["tokens"]["staff_a"], f"/staff/products/{world['product_b'].id}")
    forged.on_product_load()  # another tenant's id, forged
    assert forged.product is None and "他店の商品" not in str(forged.dict()) and forged.error
    for bad in ("not-a-number", "99999999999"):
        wrong = state_for(SearchState, world["tokens"]["staff_a"], f"/staff/products/{bad}")
        wrong.on_product_load()
        assert wrong.product is None
    assert state.choose("not-a-number") is None and state.error


def test_platform_admin_is_refused_search_and_refusal_is_audited(world, session: Session) -> None:
    state = state_for(SearchState, world["tokens"]["platform"])
    assert state.on_load() is None and state.access == "denied"
    state.set_query("116610")
    assert state.results == []
    assert session.exec(select(AuditLog).where(AuditLog.action == "access_refused")).first() is not None


@pytest.mark.parametrize("who", [*NO_SESSION, "staff_a", "platform"])
def test_admin_staff_handlers_refuse_non_admins(world, session: Session, who: str) -> None:
    before = session.exec(select(User.id, User.is_active, User.password_hash).order_by(User.id)).all()
    state = state_for(AdminStaffState, world["tokens"][who], "/admin/staff")
    state.on_load()
    assert state.access != "ok" and state.rows == []
    target = str(world["people"]["staff_a"].id)
    state.create({"email": "intruder@example.com", "display_name": "x", "role": "admin"})
    state.disable(target)
    state.enable(target)
    state.reset_password(target)
    assert state.rows == [] and state.shown_password == ""
    session.expire_all()
    after = session.exec(select(User.id, User.is_active, User.password_hash).order_by(User.id)).all()
    assert after == before


def test_admin_cannot_touch_another_tenants_users(world, session: Session) -> None:
    state = state_for(AdminStaffState, world["tokens"]["admin_a"], "/admin/staff")
    state.on_load()
    assert state.access == "ok"
    emails = {row.email for row in state.rows}
    assert world["people"]["staff_a"].email in emails and world["people"]["staff_b"].email not in emails
    foreign = world["people"]["staff_b"]
    for handler in (state.disable, state.reset_password):
        handler(str(foreign.id))
        assert state.error and state.shown_password == ""
    session.refresh(foreign)
    assert foreign.is_active and not foreign.must_change_password
    state.create({"email": "new-staff@example.com", "display_name": "新人", "role": "platform_admin"})
    assert "役割" in state.error


def test_admin_creates_and_resets_in_own_tenant(world, session: Session) -> None:
    state = state_for(AdminStaffState, world["tokens"]["admin_a"], "/admin/staff")
    state.on_load()
    state.create({"email": "New.Staff@Example.com", "display_name": "新人", "role": "staff"})
    assert state.shown_password and state.shown_password_for == "new.staff@example.com"
    created = session.exec(select(User).where(User.email == "new.staff@example.com")).one()
    assert created.tenant_id == world["people"]["admin_a"].tenant_id and created.must_change_password
    state.reset_password(str(world["people"]["staff_a"].id))
    assert state.shown_password and "再発行" in state.notice


@pytest.mark.parametrize(
    ("cls", "allowed"),
    [
        (AdminUploadState, {"admin_a", "admin_b"}),
        (AdminUsageState, {"admin_a", "admin_b"}),
        (PlatformTenantsState, {"platform"}),
    ],
)
def test_gated_pages_refuse_other_roles(world, cls: type[rx.State], allowed: set[str]) -> None:
    for who, tokens in world["tokens"].items():
        state = state_for(cls, tokens)
        result = state.on_load()
        if who in allowed:
            assert state.access == "ok"
        elif who in NO_SESSION:
            assert redirect_path(result) == "/login" and state.access == ""
        else:
            assert state.access == "denied"


def test_forced_change_sends_every_page_to_password(world, session: Session) -> None:
    from horologen.services.accounts import users

    _, temporary = users.reset_staff_password(
        session=session,
        actor=f.actor(world["people"]["admin_a"]),
        user_id=int(world["people"]["staff_a"].id or 0),
    )
    token = signin.login(session=session, email=world["people"]["staff_a"].email, password=temporary).token
    search_state = state_for(SearchState, token)
    assert redirect_path(search_state.on_load()) == "/password"
    assert redirect_path(search_state.set_query("116610")) == "/password" and search_state.results == []
    password_state = state_for(PasswordState, token, "/password")
    assert password_state.on_load() is None and password_state.forced
    password_state.submit({"password": temporary, "new_password": "brand-new-pass-1", "new_password_confirm": "x"})
    assert "一致しません" in password_state.error
    result = password_state.submit(
        {
            "password": temporary,
            "new_password": "brand-new-pass-1",
            "new_password_confirm": "brand-new-pass-1",
        }
    )
    assert "/staff/search" in str(result) and password_state.error == ""
    assert redirect_path(search_state.on_load()) == "" and search_state.access == "ok"


@pytest.mark.parametrize("who", NO_SESSION)
def test_password_submit_without_session_changes_nothing(world, session: Session, who: str) -> None:
    state = state_for(PasswordState, world["tokens"][who], "/password")
    assert redirect_path(state.on_load()) == "/login"
    result = state.submit(
        {"password": f.PASSWORD, "new_password": "attacker-pass-1", "new_password_confirm": "attacker-pass-1"}
    )
    assert redirect_path(result) == "/login"
    assert signin.login(session=session, email=world["people"]["staff_a"].email, password=f.PASSWORD).ok


def test_events_replayed_after_password_change_are_refused(world, session: Session) -> None:
    staff = world["people"]["staff_a"]
    old_token = world["tokens"]["staff_a"]
    new_token = f.session_token(session, staff)
    me = sessions.current_user(session=session, token=new_token)
    assert me is not None
    passwords.change_password(session=session, user=me, current_password=f.PASSWORD, new_password="another-pass-22")
    replay = state_for(SearchState, old_token)
    assert redirect_path(replay.set_query("116610")) == "/login" and replay.results == []


@pytest.mark.parametrize("who", [*NO_SESSION, "staff_a", "admin_a"])
def test_platform_handlers_refuse_everyone_but_the_platform_admin(world, session: Session, who: str) -> None:
    from horologen.models import Tenant

    before = session.exec(select(Tenant.id, Tenant.name, Tenant.is_active, Tenant.plan).order_by(Tenant.id)).all()
    state = state_for(PlatformTenantsState, world["tokens"][who], "/platform/tenants")
    state.on_load()
    tenant_b = str(world["people"]["staff_b"].tenant_id)
    state.create({"name": "乗っ取り"})
    state.rename({"tenant_id": tenant_b, "name": "改名"})
    state.set_active(tenant_b, False)
    state.set_plan({"tenant_id": tenant_b, "plan": "unlimited", "monthly_limit": ""})
    state.create_admin({"tenant_id": tenant_b, "email": "evil@example.com", "display_name": "x"})
    assert state.rows == [] and state.shown_password == ""
    assert not state.has_usage and state.total_cost == "" and state.total_articles == 0  # no shop's figures
    session.expire_all()
    assert (
        session.exec(select(Tenant.id, Tenant.name, Tenant.is_active, Tenant.plan).order_by(Tenant.id)).all() == before
    )
    assert session.exec(select(User).where(User.email == "evil@example.com")).first() is None


def test_platform_admin_handlers_work(world, session: Session) -> None:
    state = state_for(PlatformTenantsState, world["tokens"]["platform"], "/platform/tenants")
    state.on_load()
    assert state.access == "ok" and len(state.rows) == 3
    assert state.model_label.startswith(config.DEFAULT_MODEL) and state.model_status == "off"  # no key here
    state.create({"name": "Tenant C"})
    new_id = next(r.id for r in state.rows if r.name == "Tenant C")
    state.set_plan({"tenant_id": new_id, "plan": "unlimited", "monthly_limit": "abc"})
    assert state.error
    state.set_plan({"tenant_id": new_id, "plan": "limited", "monthly_limit": "12"})
    assert next(r for r in state.rows if r.id == new_id).limit == "12 件/月"
    state.create_admin({"tenant_id": new_id, "email": "owner-c@example.com", "display_name": "C 店長"})
    assert state.shown_password and state.shown_password_for == "owner-c@example.com"


def test_platform_admin_sees_each_shops_month(world, session: Session) -> None:
    """Issue 29 item 5: articles, tokens and the estimated cost per shop and in total, or the empty state."""
    from horologen.services.operations import costs, quota

    state = state_for(PlatformTenantsState, world["tokens"]["platform"], "/platform/tenants")
    state.on_load()
    assert not state.has_usage and state.total_articles == 0  # nothing this month yet: the empty state
    assert all(r.cost == "約 0.0 円" and r.tokens == "0 / 0" for r in state.rows)
    article = shop_a_article(world, session)
    article.model, article.output_tokens = "claude-sonnet-5-5", 1_000_000
    article.quota_month = quota.status(session=session, tenant_id=article.tenant_id).month
    session.add(article)
    session.commit()
    state.on_load()
    shop_a = next(r for r in state.rows if r.name == "Tenant A")
    rate = Decimal(str(config.get_settings().yen_per_usd))
    assert shop_a.cost == costs.yen_label(10 * rate) and shop_a.tokens == "0 / 1,000,000"  # $10 per MTok output
    assert next(r for r in state.rows if r.name == "Tenant B").cost == "約 0.0 円"
    assert state.has_usage and state.total_articles == 1 and state.total_cost == shop_a.cost
    assert state.usage_month == article.quota_month and state.total_tokens == "0 / 1,000,000"


@pytest.mark.parametrize("who", [*NO_SESSION, "staff_a", "platform"])
def test_upload_commit_and_usage_refuse_non_admins(world, session: Session, who: str) -> None:
    from horologen.models import CatalogueUpload, MasterProduct
    from horologen.services.catalogue import upload as catalogue_upload

    admin = f.actor(world["people"]["admin_a"])
    preview = catalogue_upload.preview_upload(
        session=session, actor=admin, filename="c.csv", data=b"brand,reference,price_jpy\nX,NEW1,1\n"
    )
    upload_state = state_for(AdminUploadState, world["tokens"][who], "/admin/upload")
    upload_state.on_load()
    upload_state.upload_id = preview.upload_id  # a forged client cannot do more than this
    upload_state.commit()
    session.expire_all()
    assert session.get(CatalogueUpload, preview.upload_id).status == "previewed"
    assert session.exec(select(MasterProduct).where(MasterProduct.reference == "NEW1")).first() is None
    usage_state = state_for(AdminUsageState, world["tokens"][who], "/admin/usage")
    usage_state.on_load()
    assert usage_state.per_user == [] and usage_state.quota_label == ""


def test_other_tenants_admin_cannot_commit_an_upload(world, session: Session) -> None:
    from horologen.models import CatalogueUpload
    from horologen.services.catalogue import upload as catalogue_upload

    preview = catalogue_upload.preview_upload(
        session=session,
        actor=f.actor(world["people"]["admin_a"]),
        filename="c.csv",
        data=b"brand,reference,price_jpy\nX,NEW1,1\n",
    )
    state = state_for(AdminUploadState, world["tokens"]["admin_b"], "/admin/upload")
    state.on_load()
    state.upload_id = preview.upload_id
    state.commit()
    assert "見つかりません" in state.error
    session.expire_all()
    assert session.get(CatalogueUpload, preview.upload_id).status == "previewed"


@pytest.mark.parametrize("who", [*NO_SESSION, "staff_b", "platform"])
def test_article_handlers_refuse_outsiders(world, session: Session, who: str) -> None:
    from horologen.state.article import ArticleState

    article = shop_a_article(world, session)
    state = state_for(ArticleState, world["tokens"][who], "/staff/search")
    state.load_for_product(str(world["product_a"].id))
    assert state.workspace.history == ()
    state.open_article(str(article.id))
    assert state.body == "" and state.title == ""
    state.article_id = article.id  # forged
    state.title, state.body = "改ざん", "改ざん"
    state.save()
    session.refresh(article)
    assert article.body == "本文" and article.title == "店舗Aの記事"


def test_recent_articles_are_the_users_own(world, session: Session) -> None:
    from horologen.models import Article
    from horologen.state.article import ArticleState

    for who, title in (("staff_a", "自分の記事"), ("admin_a", "同僚の記事")):
        person = world["people"][who]
        session.add(
            Article(
                tenant_id=person.tenant_id,
                user_id=person.id,
                product_id=world["product_a"].id,
                status="done",
                title=title,
                body="本文",
            )
        )
    session.commit()
    state = state_for(ArticleState, world["tokens"]["staff_a"], "/staff/search")
    state.load_recent()
    assert [r.title for r in state.recent] == ["自分の記事"]
    outsider = state_for(ArticleState, world["tokens"]["staff_b"], "/staff/search")
    outsider.load_recent()
    assert outsider.recent == []


@pytest.mark.parametrize("who", [*NO_SESSION, "staff_a", "admin_b"])
def test_brand_alias_handlers_refuse_outsiders(world, session: Session, who: str) -> None:
    from horologen.models import BrandAlias
    from horologen.state.brand_alias import BrandAliasState

    session.add(BrandAlias(tenant_id=world["people"]["admin_a"].tenant_id, alias_key="ロレ", brand_key="ROLEX"))
    session.commit()
    alias_id = session.exec(select(BrandAlias.id)).one()
    state = state_for(BrandAliasState, world["tokens"][who], "/admin/upload")
    state.on_load()
    state.add({"alias": "偽", "brand": "OMEGA"})
    state.remove(str(alias_id))
    session.expire_all()
    tenant_a = world["people"]["admin_a"].tenant_id
    in_a = session.exec(select(BrandAlias).where(BrandAlias.tenant_id == tenant_a)).all()
    assert [(a.alias_key, a.brand_key) for a in in_a] == [("ロレ", "ROLEX")]
    assert all(row.alias != "ロレ" for row in state.aliases)  # never shown another tenant's alias


def test_brand_alias_admin_adds_and_removes(world, session: Session) -> None:
    from horologen.state.brand_alias import AliasRow, BrandAliasState

    state = state_for(BrandAliasState, world["tokens"]["admin_a"], "/admin/upload")
    state.on_load()
    state.add({"alias": "ろれっくす", "brand": "rolex"})
    assert state.aliases == [AliasRow(id=state.aliases[0].id, alias="ろれっくす", brand="ROLEX")]
    search_state = state_for(SearchState, world["tokens"]["staff_a"])
    search_state.on_load()
    search_state.set_brand("ろれっくす")
    assert [r.reference for r in search_state.results] == ["116610LN"]
    state.remove(state.aliases[0].id)
    assert state.aliases == []
    state.add({"alias": "", "brand": "ROLEX"})
    assert "入力" in state.error


@pytest.mark.parametrize("who", [*NO_SESSION, "staff_a", "admin_b", "platform"])
def test_duplicate_merge_refuses_everyone_but_the_shops_admin(world, session: Session, who: str) -> None:
    from horologen.models import MasterProduct
    from horologen.state.catalogue_duplicates import CatalogueDuplicatesState

    tenant_id = world["people"]["admin_a"].tenant_id
    from horologen.models import Tenant

    tenant = session.get(Tenant, tenant_id)
    keep_id = int(f.product(session, tenant, "ROLEX", "DUP-1").id)
    other_id = int(f.product(session, tenant, "ロレックス", "DUP1").id)
    state = state_for(CatalogueDuplicatesState, world["tokens"][who], "/admin/upload")
    state.on_load()
    assert state.groups == []
    state.keep(str(keep_id))  # forged: the page never offered it
    session.expire_all()
    assert session.get(MasterProduct, other_id) is not None
    owner = state_for(CatalogueDuplicatesState, world["tokens"]["admin_a"], "/admin/upload")
    owner.on_load()
    assert [g.reference for g in owner.groups] == ["DUP-1", "DUP1"]
    owner.keep(str(keep_id))
    session.expire_all()
    assert session.get(MasterProduct, other_id) is None and "統合しました" in owner.notice


@pytest.mark.parametrize("who", [*NO_SESSION, "staff_a", "staff_b", "admin_b", "platform"])
def test_forged_approval_and_export_events_are_refused(world, session: Session, who: str) -> None:
    """Staff approving when the shop does not allow it, another tenant's admin, no session: the
    article stays a draft and no file is made (issue 14)."""
    from horologen.models import ArticleExport
    from horologen.state.admin_articles import AdminArticlesState
    from horologen.state.article import ArticleState

    article = shop_a_article(world, session)
    panel = state_for(ArticleState, world["tokens"][who], "/staff/search")
    panel.article_id = int(article.id or 0)  # forged
    panel.title, panel.body = "店舗Aの記事", "本文"
    panel.approve()
    admin_page = state_for(AdminArticlesState, world["tokens"][who], "/admin/articles")
    admin_page.selected = [str(article.id)]  # forged
    run_background(admin_page, "approve_selected")
    admin_page.fmt = "rakuten"
    run_background(admin_page, "export_selected", True)
    session.refresh(article)
    assert article.review_status == "draft"
    assert session.exec(select(ArticleExport)).all() == []


def test_the_shops_admin_approves_through_the_page(world, session: Session) -> None:
    from horologen.state.admin_articles import AdminArticlesState

    article = shop_a_article(world, session)
    page = state_for(AdminArticlesState, world["tokens"]["admin_a"], "/admin/articles")
    page.selected = [str(article.id)]
    run_background(page, "approve_selected")
    session.refresh(article)
    assert article.review_status == "approved" and page.error == ""


def test_a_refused_edit_is_never_reported_saved(world, session: Session) -> None:
    """A body over 20,000 characters is refused as typed; 編集を保存 then says nothing was saved and
    keeps the stored text, instead of 「保存しました」 over the old one (found by a tester)."""
    from horologen.models import Article
    from horologen.state.article import ArticleState

    person = world["people"]["staff_a"]
    article = Article(tenant_id=person.tenant_id, user_id=person.id, product_id=world["product_a"].id,
                      status="done", title="題", body="短い本文A。")  # fmt: skip
    session.add(article)
    session.commit()
    state = state_for(ArticleState, world["tokens"]["staff_a"], "/staff/search")
    state.open_article(str(article.id))
    state.set_body("あ" * 20_001)
    assert "長すぎます" in state.error
    state.save()
    assert "保存していません" in state.error and state.notice != "保存しました。"
    session.expire_all()
    assert session.get(Article, article.id).body == "短い本文A。"
    state.set_body("直した本文です。")
    state.save()
    assert state.notice == "保存しました。"
    session.expire_all()
    assert session.get(Article, article.id).body == "直した本文です。"


def test_the_model_check_without_a_key_speaks_japanese(world, monkeypatch: pytest.MonkeyPatch) -> None:
    """「モデルの応答を確認」 with no ANTHROPIC_API_KEY keeps the screen's Japanese sentence; the English
    line is for operators' logs only (found by a tester)."""
    monkeypatch.setenv("ANTHROPIC_API_KEY", "")
    config.get_settings.cache_clear()
    state = state_for(PlatformTenantsState, world["tokens"]["platform"], "/platform/tenants")
    run_background(state, "check_model")
    assert state.model_detail == "ANTHROPIC_API_KEY が未設定のため、記事生成は止まっています。"
    assert state.model_status == "off"
