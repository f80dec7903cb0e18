"""The third tester's UI findings that a browser is not needed for: the article lists link to real
addresses (no `href="#"`), an article's own page leads each role back to a screen it can use, one
action says 保存しました / 承認しました once, and an approved article's 要確認 box says the flags were
confirmed at approval. The server-rendered parts are checked on the compiled components."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from horologen.models import MasterProduct
from horologen.services.articles import lifecycle, review
from horologen.services.articles.article_screen import (
    BACK_TO_ARTICLES,
    FLAGS_APPROVED_NOTE,
    FLAGS_DONE_NOTE,
    FLAGS_OPEN_NOTE,
    article_screen,
)
from tests.support import factories as f
from tests.test_state_events import run_background, state_for


@pytest.fixture()
def shop(session: Session):
    tenant = f.tenant(session, "Findings 3 shop")
    admin = f.user(session, tenant, "admin")
    staff = f.user(session, tenant, "staff")
    f.licensed(session, tenant)
    product = f.product(session, tenant, "ROLEX", "126610LN", price_jpy=1_980_000)
    return tenant, admin, staff, product


def draft(session: Session, tenant, author, product: MasterProduct, body: str) -> int:
    return f.reviewed_draft(session, tenant, author.id, product, body)


def toasts(result: object) -> list[str]:
    """The toasts among what a handler returned or yielded."""
    items = result if isinstance(result, list) else [result]
    return [str(item) for item in items if item is not None and "toast" in str(item)]


# --- 2. the article lists' links -----------------------------------------------------------------


def test_the_article_lists_link_to_real_addresses() -> None:
    from horologen.pages.article.panel import article_panel
    from horologen.pages.search import search_page

    workspace, own_page, search = str(article_panel()), str(article_panel(review=True)), str(search_page())
    for compiled in (workspace, own_page, search):
        assert 'href:"#"' not in compiled  # a link with only on_click went to the top of the page
    # under a product: that product's page with the article open, keeping the search to go back to
    assert '"/staff/products/"+' in workspace and '"?article="' in workspace and "back_params" in workspace
    assert '"/admin/articles/"+' in own_page  # on an article's own page: the other article's own page
    assert '"?article="' in search  # 最近の記事: the product's page with the article open


# --- 3. the back link of /admin/articles/<id> ----------------------------------------------------


def test_an_articles_own_page_leads_each_role_back_to_a_screen_it_can_use(session: Session, shop) -> None:
    tenant, admin, staff, product = shop
    article_id = draft(session, tenant, staff, product, "状態のよい一本です。")
    as_admin = article_screen(session=session, actor=f.actor(admin), article_id=article_id).article
    assert (as_admin.back_url, as_admin.back_label) == BACK_TO_ARTICLES
    as_staff = article_screen(session=session, actor=f.actor(staff), article_id=article_id).article
    assert as_staff.back_url == f"/staff/products/{product.id}?article={article_id}"
    assert "/admin" not in as_staff.back_url and "記事の管理" not in as_staff.back_label

    from horologen.pages.article_review import article_review_page

    compiled = str(article_review_page())
    back = compiled[compiled.index('id:"back-to-articles"') :][:600]
    assert '["back_url"]' in back and '["back_label"]' in back  # the page shows the model's link, for any role


# --- 4. one success message per action -----------------------------------------------------------


def test_saving_and_approving_say_so_once(app_database: str, session: Session, shop) -> None:
    from horologen.state.admin_articles import AdminArticlesState
    from horologen.state.article import ArticleState

    tenant, admin, staff, product = shop
    article_id = draft(session, tenant, staff, product, "状態のよい一本です。")
    editor = state_for(ArticleState, f.session_token(session, staff), "/staff/search")
    editor.open_article(str(article_id))
    editor.set_body("状態のよい一本です。ご来店をお待ちしております。")
    saved = editor.save()
    assert editor.notice == "保存しました。" and toasts(saved) == []  # the banner, not a toast as well

    page = state_for(AdminArticlesState, f.session_token(session, admin), "/admin/articles")
    page.selected = [str(article_id)]
    approved = run_background(page, "approve_selected")
    assert (page.notice, page.error, toasts(approved)) == ("1 件を承認しました。", "", [])


# --- 5. the 要確認 box of an approved article ------------------------------------------------------


def test_an_approved_articles_flag_box_says_the_flags_were_confirmed_at_approval(session: Session, shop) -> None:
    tenant, admin, staff, product = shop
    article_id = draft(session, tenant, staff, product, "日本一の品質です。状態のよい一本です。")
    opened = article_screen(session=session, actor=f.actor(staff), article_id=article_id).article
    assert opened.open_flags >= 1 and opened.flags_note == FLAGS_OPEN_NOTE
    for flag in opened.flags:
        review.acknowledge(session=session, actor=f.actor(staff), article_id=article_id, term=flag.term)
    ticked = article_screen(session=session, actor=f.actor(staff), article_id=article_id).article
    assert ticked.open_flags == 0 and ticked.flags and ticked.flags_note == FLAGS_DONE_NOTE
    lifecycle.approve(session=session, actor=f.actor(admin), article_ids=[article_id])
    for who in (staff, admin):
        approved = article_screen(session=session, actor=f.actor(who), article_id=article_id).article
        assert approved.review_status == "approved" and approved.flags
        assert approved.flags_note == FLAGS_APPROVED_NOTE
        assert "承認の依頼" not in approved.flags_note and "承認の時点" in approved.flags_note
