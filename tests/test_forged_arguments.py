"""Forged event arguments (issue 23 item 7): a list or null where an id is expected, an id past 32
bits, a NUL in a text — each handler answers with one clear message and touches nothing; no
handler raises (which would show an error ID) and nothing reaches the database."""

from __future__ import annotations

import logging

import pytest
from sqlmodel import Session, select

from horologen.models import AuditLog, BrandAlias, MasterProduct, User
from tests.test_state_events import run_background, shop_a_article, state_for, world  # noqa: F401

BAD_IDS = [["1", "2"], None, 2**40, "99999999999999999999", "1\x00", {"id": 1}, True, -1, "１"]
BAD_TEXTS = [["a"], None, 12, "a\x00b", {"x": "y"}]
BAD_FORMS = [["a"], None, "form", {"brand": ["x"]}, {"brand": "a\x00"}, {1: "x"}]


def _state(cls_path: str, token: str, path: str):
    module, name = cls_path.rsplit(".", 1)
    cls = getattr(__import__(module, fromlist=[name]), name)
    return state_for(cls, token, path)


# (state class, page, handler, who, how the bad value is passed)
ID_HANDLERS = [
    ("horologen.state.search.SearchState", "/staff/search", "choose", "staff_a", lambda v: (v,)),
    ("horologen.state.search.SearchState", "/staff/search", "open_recent", "staff_a", lambda v: ("1", v)),
    ("horologen.state.article.ArticleState", "/staff/search", "load_for_product", "staff_a", lambda v: (v,)),
    ("horologen.state.article.ArticleState", "/staff/search", "open_article", "staff_a", lambda v: (v,)),
    ("horologen.state.admin_articles.AdminArticlesState", "/admin/articles", "toggle", "admin_a", lambda v: (v, True)),
    ("horologen.state.admin_staff.AdminStaffState", "/admin/staff", "disable", "admin_a", lambda v: (v,)),
    ("horologen.state.admin_staff.AdminStaffState", "/admin/staff", "reset_password", "admin_a", lambda v: (v,)),
    ("horologen.state.admin_bulk.AdminBulkState", "/admin/bulk", "cancel", "admin_a", lambda v: (v,)),
    ("horologen.state.brand_alias.BrandAliasState", "/admin/upload", "remove", "admin_a", lambda v: (v,)),
    ("horologen.state.catalogue_duplicates.CatalogueDuplicatesState", "/admin/upload", "keep", "admin_a",
     lambda v: (v,)),
    ("horologen.state.platform_tenants.PlatformTenantsState", "/platform/tenants", "set_active", "platform",
     lambda v: (v, False)),
    ("horologen.state.platform_tenants.PlatformTenantsState", "/platform/tenants", "set_plan", "platform",
     lambda v: ({"tenant_id": v, "plan": "limited", "monthly_limit": "5"},)),
    ("horologen.state.platform_tenants.PlatformTenantsState", "/platform/tenants", "create_admin", "platform",
     lambda v: ({"tenant_id": v, "email": "new-admin@example.com", "display_name": "x"},)),
]  # fmt: skip
TEXT_HANDLERS = [
    ("horologen.state.search.SearchState", "/staff/search", "set_query", "staff_a"),
    ("horologen.state.search.SearchState", "/staff/search", "set_brand", "staff_a"),
    ("horologen.state.article.ArticleState", "/staff/search", "set_title", "staff_a"),
    ("horologen.state.article.ArticleState", "/staff/search", "set_body", "staff_a"),
    ("horologen.state.article.ArticleState", "/staff/search", "set_catch_copy", "staff_a"),
]
FORM_HANDLERS = [
    ("horologen.state.admin_articles.AdminArticlesState", "/admin/articles", "apply_filters", "admin_a"),
    ("horologen.state.admin_bulk.AdminBulkState", "/admin/bulk", "preview", "admin_a"),
    ("horologen.state.admin_profile.AdminProfileState", "/admin/profile", "save", "admin_a"),
    ("horologen.state.admin_staff.AdminStaffState", "/admin/staff", "create", "admin_a"),
    ("horologen.state.brand_alias.BrandAliasState", "/admin/upload", "add", "admin_a"),
    ("horologen.state.platform_tenants.PlatformTenantsState", "/platform/tenants", "create", "platform"),
    ("horologen.state.password.PasswordState", "/password", "submit", "staff_a"),
]


def _snapshot(session: Session) -> tuple[int, int, int, list[bool]]:
    session.expire_all()
    return (
        len(session.exec(select(MasterProduct)).all()),
        len(session.exec(select(BrandAlias)).all()),
        len(session.exec(select(User)).all()),
        [u.is_active for u in session.exec(select(User).order_by(User.id))],
    )


@pytest.mark.parametrize("handler", ID_HANDLERS, ids=lambda h: h[2])
def test_a_forged_id_gets_a_message_and_changes_nothing(world, session: Session, handler, caplog) -> None:  # noqa: F811
    cls_path, page, name, who, call = handler
    before = _snapshot(session)
    for value in BAD_IDS:
        state = _state(cls_path, world["tokens"][who], page)
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="horologen.refusals"):
            getattr(state, name)(*call(value))  # never raises: no error ID for a forged value
        assert getattr(state, "error", "") or name in ("toggle", "open_recent"), (name, value)
        if hasattr(state, "error") and state.error:
            assert "Traceback" not in state.error and "psycopg" not in state.error
    assert _snapshot(session) == before


@pytest.mark.parametrize("handler", TEXT_HANDLERS, ids=lambda h: h[2])
def test_a_forged_text_is_refused(world, session: Session, handler, caplog) -> None:  # noqa: F811
    cls_path, page, name, who = handler
    for value in BAD_TEXTS:
        state = _state(cls_path, world["tokens"][who], page)
        with caplog.at_level(logging.WARNING, logger="horologen.refusals"):
            getattr(state, name)(value)
        field = {"set_query": "query", "set_brand": "brand", "set_title": "title", "set_body": "body",
                 "set_catch_copy": "catch_copy"}[name]  # fmt: skip
        if isinstance(value, str) and name.startswith(("set_title", "set_body", "set_catch")):
            # Typed into the editor: control characters are taken out and staff are told.
            assert getattr(state, field) == "ab" and "取り除きました" in state.notice
            continue
        assert state.error, (name, value)
        assert getattr(state, field) == "", "the forged value was not kept"
    assert any("refused event argument" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("handler", FORM_HANDLERS, ids=lambda h: h[2])
def test_a_forged_form_is_refused(world, session: Session, handler) -> None:  # noqa: F811
    cls_path, page, name, who = handler
    before = _snapshot(session)
    for value in BAD_FORMS:
        state = _state(cls_path, world["tokens"][who], page)
        getattr(state, name)(value)
        assert state.error, (name, value)
    assert _snapshot(session) == before


def test_forged_flags_and_background_arguments(world, session: Session) -> None:  # noqa: F811
    from horologen.state.admin_articles import AdminArticlesState
    from horologen.state.admin_bulk import AdminBulkState

    article = shop_a_article(world, session)
    page = state_for(AdminArticlesState, world["tokens"]["admin_a"], "/admin/articles")
    page.selected = [str(article.id)]
    for value in (["x"], None, "yes", 1):
        run_background(page, "export_selected", value)
        assert "正しくありません" in page.error
        page.set_self_approve(value)
        assert "正しくありません" in page.error
    bulk_page = state_for(AdminBulkState, world["tokens"]["admin_a"], "/admin/bulk")
    bulk_page._product_ids = [int(world["product_a"].id)]
    run_background(bulk_page, "submit", ["x"])
    assert "正しくありません" in bulk_page.error


def test_a_long_brand_alias_from_the_ordinary_form_gets_a_message(world, session: Session) -> None:  # noqa: F811
    from horologen.state.brand_alias import BrandAliasState

    state = state_for(BrandAliasState, world["tokens"]["admin_a"], "/admin/upload")
    state.add({"alias": "ロ" * 101, "brand": "ROLEX"})
    assert "100 文字まで" in state.error
    assert session.exec(select(BrandAlias)).all() == []
    assert session.exec(select(AuditLog).where(AuditLog.action == "brand_alias_added")).all() == []


def test_a_nul_in_a_saved_title_is_refused_by_the_service(world, session: Session) -> None:  # noqa: F811
    from horologen.services.articles import library
    from horologen.services.operations.inputs import InputRefused
    from tests.support import factories as f

    article = shop_a_article(world, session)
    with pytest.raises(InputRefused):
        library.save_edit(session=session, actor=f.actor(world["people"]["staff_a"]), article_id=int(article.id or 0),
                          title="a\x00b", body="本文")  # fmt: skip
