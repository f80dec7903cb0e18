"""The second tester's findings, each through the real services (both databases) or a real HTTP
request: a sold piece is neither generated, submitted nor approved (reserved still is), bulk
approval names articles as staff know them and approves what it can, e-mail addresses typed with
an IME sign in, the JSON API's strict `limit` and JSON 405, one `vary: Origin`, and /platform."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from horologen import config
from horologen.models import Article, MasterProduct
from horologen.services.articles import lifecycle, review
from horologen.services.articles.article_screen import article_screen
from horologen.services.articles.generation import SOLD_MESSAGE
from horologen.services.catalogue import sale
from tests.support import factories as f


@pytest.fixture()
def shop(session: Session, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test-key")
    config.get_settings.cache_clear()
    tenant = f.tenant(session, "Findings shop")
    admin = f.actor(f.user(session, tenant, "admin"))
    staff = f.actor(f.user(session, tenant, "staff"))
    piece = f.product(session, tenant, "ROLEX", "126610LN", price_jpy=1_980_000, stock_number="A-0012")
    plain = f.product(session, tenant, "OMEGA", "210.30.42.20.03.001", price_jpy=880_000)
    yield tenant, admin, staff, piece, plain
    config.get_settings.cache_clear()


def draft(session: Session, tenant, author, product: MasterProduct, body: str = "状態のよい一本です。") -> int:
    return f.reviewed_draft(session, tenant, author.user_id, product, body)


def mark(session: Session, admin, product: MasterProduct, state: str) -> None:
    sale.set_sale_state(session=session, actor=admin, product_id=int(product.id or 0), state=state)


# --- 2. a sold piece -----------------------------------------------------------------------------


def test_the_workspace_of_a_sold_piece_says_why_generation_is_unavailable(session: Session, shop) -> None:
    _tenant, admin, staff, piece, _plain = shop
    assert article_screen(session=session, actor=staff, product_id=int(piece.id or 0)).workspace.unavailable == ""
    mark(session, admin, piece, "reserved")  # 商談中: still written about
    assert article_screen(session=session, actor=staff, product_id=int(piece.id or 0)).workspace.unavailable == ""
    mark(session, admin, piece, "sold")
    screen = article_screen(session=session, actor=staff, product_id=int(piece.id or 0))
    assert screen.workspace.unavailable == SOLD_MESSAGE


def test_a_sold_pieces_draft_is_neither_submitted_nor_approved(session: Session, shop) -> None:
    tenant, admin, staff, piece, _plain = shop
    article_id = draft(session, tenant, staff, piece)
    mark(session, admin, piece, "sold")
    opened = article_screen(session=session, actor=admin, article_id=article_id).article
    assert not opened.actions.submit and not opened.actions.approve
    with pytest.raises(lifecycle.LifecycleError, match="売約済み"):
        lifecycle.submit(session=session, actor=staff, article_id=article_id)
    with pytest.raises(lifecycle.LifecycleError, match="売約済み"):
        lifecycle.approve(session=session, actor=admin, article_ids=[article_id])
    session.expire_all()
    assert session.get(Article, article_id).review_status == "draft"


def test_a_reserved_pieces_draft_is_still_submitted_and_approved(session: Session, shop) -> None:
    tenant, admin, staff, piece, _plain = shop
    article_id = draft(session, tenant, staff, piece)
    mark(session, admin, piece, "reserved")
    assert lifecycle.submit(session=session, actor=staff, article_id=article_id).review_status == "submitted"
    assert [a.id for a in lifecycle.approve(session=session, actor=admin, article_ids=[article_id])] == [article_id]


# --- 3. bulk approval --------------------------------------------------------------------------


def test_approval_errors_name_the_article_not_its_id(session: Session, shop) -> None:
    tenant, admin, staff, piece, plain = shop
    flagged = draft(session, tenant, staff, piece, body="日本一の品質です。")
    with pytest.raises(review.ReviewPending) as caught:
        lifecycle.approve(session=session, actor=admin, article_ids=[flagged])
    assert "ROLEX 126610LN（管理番号 A-0012）" in caught.value.message
    done = draft(session, tenant, staff, plain)
    lifecycle.approve(session=session, actor=admin, article_ids=[done])
    with pytest.raises(lifecycle.LifecycleError) as wrong:
        lifecycle.approve(session=session, actor=admin, article_ids=[done])
    assert "OMEGA 210.30.42.20.03.001 の記事は「承認済み」" in wrong.value.message
    assert f"記事 {done}" not in wrong.value.message


def test_bulk_approval_approves_what_it_can_and_names_the_rest(session: Session, shop) -> None:
    tenant, admin, staff, piece, plain = shop
    flagged = draft(session, tenant, staff, piece, body="日本一の品質です。")
    clean = draft(session, tenant, staff, plain)
    outcome = lifecycle.approve_selection(session=session, actor=admin, article_ids=[flagged, clean])
    assert [a.id for a in outcome.approved] == [clean]
    assert len(outcome.refused) == 1 and outcome.refused[0].startswith("ROLEX 126610LN（管理番号 A-0012）: 要確認が")
    session.expire_all()
    assert session.get(Article, flagged).review_status == "draft"
    assert session.get(Article, clean).review_status == "approved"


def test_bulk_approval_refuses_a_sold_piece_by_name(session: Session, shop) -> None:
    tenant, admin, staff, piece, _plain = shop
    article_id = draft(session, tenant, staff, piece)
    mark(session, admin, piece, "sold")
    outcome = lifecycle.approve_selection(session=session, actor=admin, article_ids=[article_id])
    assert outcome.approved == [] and "ROLEX 126610LN（管理番号 A-0012）: この商品は売約済み" in outcome.refused[0]


# --- 4. e-mail addresses typed with a Japanese IME -----------------------------------------------


def test_an_address_typed_full_width_signs_in_and_is_stored_ascii(session: Session) -> None:
    from horologen.services.accounts import signin, users

    tenant = f.tenant(session, "IME shop")
    admin = f.user(session, tenant, "admin", "admin-ime@example.com")
    typed = "\u3000ａｄｍｉｎ-ime＠ｅｘａｍｐｌｅ．ｃｏｍ\u3000"
    assert signin.login(session=session, email=typed, password=f.PASSWORD).ok
    unknown = signin.login(session=session, email="ｎｏｂｏｄｙ＠example.com", password=f.PASSWORD)
    assert not unknown.ok and unknown.message == signin.LOGIN_FAILED_MESSAGE

    created = users.create_user(
        session=session, actor=f.actor(admin), email="Ｓｔａｆｆ-ime＠Example.com", display_name="店員", role="staff"
    )
    assert created.row.email == "staff-ime@example.com"
    assert signin.login(session=session, email="staff-ime＠example.com", password=created.temporary_password).ok
    with pytest.raises(users.UserInputError):  # the same address, typed the other way, is taken
        users.create_user(session=session, actor=f.actor(admin), email="staff-ime@example.com", display_name="",
                          role="staff")  # fmt: skip


# --- 5. the JSON API: strict integers, JSON 405 ------------------------------------------------


@pytest.fixture()
def api_client(app_database: str, session: Session):
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from horologen import api

    tenant = f.tenant(session, "API shop")
    f.product(session, tenant, "ROLEX", "126610LN")
    f.user(session, tenant, "staff", "staff-api@example.com")
    client = TestClient(Starlette(routes=api.routes), base_url="http://testserver", follow_redirects=False)
    assert (
        client.post("/auth/login", data={"email": "staff-api@example.com", "password": f.PASSWORD}).status_code == 303
    )
    return client


@pytest.mark.parametrize("value", ["1_0", "５", "１０", " 5", "5 ", "+5", "٣", "0x10", "1e1", "-0_1"])
def test_limit_and_offset_take_ascii_digits_only(api_client, value: str) -> None:
    for name in ("limit", "offset"):
        bad = api_client.get("/staff/references", params={name: value})
        assert bad.status_code == 400, (name, value, bad.text)
        assert bad.json() == {"error": "bad_request", "message": f"{name} は半角数字の整数で指定してください。"}
    assert api_client.get("/staff/references", params={"limit": "10", "offset": "0"}).json()["count"] == 1


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_other_methods_on_the_json_api_get_a_json_405(api_client, method: str) -> None:
    for path in ("/staff/references", "/admin/exports/1/file"):
        answer = api_client.request(method, path)
        assert answer.status_code == 405 and answer.headers["allow"] == "GET, HEAD"
        assert answer.headers["content-type"].startswith("application/json")
        body = answer.json()
        assert body["error"] == "method_not_allowed" and "GET" in body["message"]
    assert api_client.head("/staff/references").status_code == 200


# --- 7. /platform ------------------------------------------------------------------------------


def test_platform_leads_to_the_tenants_page(api_client) -> None:
    for path in ("/platform", "/platform/"):
        answer = api_client.get(path)
        assert answer.status_code == 307 and answer.headers["location"] == "/platform/tenants"


def test_a_sold_pieces_draft_cannot_be_copied_and_is_no_withdrawal(session: Session, shop) -> None:
    """A draft was never published: it is not 取り下げ要, and nothing of it may be copied; an approved
    article of a sold piece is 取り下げ要 (its copy buttons say so)."""
    from horologen.services.articles import withdrawals

    tenant, admin, staff, piece, plain = shop
    article_id = draft(session, tenant, staff, piece)
    opened = article_screen(session=session, actor=staff, article_id=article_id).article
    assert not opened.copy_closed and opened.copy_text and opened.sold_note == ""
    mark(session, admin, piece, "sold")
    opened = article_screen(session=session, actor=staff, article_id=article_id).article
    assert opened.copy_closed and (opened.copy_text, opened.copy_html) == ("", "")
    assert opened.sold_note == withdrawals.SOLD_DRAFT and "取り下げ要" not in opened.sold_note
    approved = draft(session, tenant, staff, plain)
    lifecycle.approve(session=session, actor=admin, article_ids=[approved])
    mark(session, admin, plain, "sold")
    opened = article_screen(session=session, actor=admin, article_id=approved).article
    assert opened.sold_note == withdrawals.NEEDS_WITHDRAWAL and not opened.copy_closed and opened.copy_text


def test_the_admin_list_tells_pieces_and_sold_pieces_apart(session: Session, shop) -> None:
    from horologen.services.articles import library
    from horologen.state.admin_articles_rows import article_line

    tenant, admin, staff, piece, plain = shop
    draft(session, tenant, staff, piece)
    draft(session, tenant, staff, plain)
    mark(session, admin, piece, "sold")
    labels = sorted(article_line(row).product for row in library.list_for_review(session=session, actor=admin))
    assert labels == ["OMEGA 210.30.42.20.03.001", "ROLEX 126610LN（管理番号 A-0012）・売約済み"]
