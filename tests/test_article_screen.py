"""Issue 24 item 1: the article workspace's one screen model, through the real service on both
databases. What the workspace shows (flags, outputs, copy texts, actions, history, sold note, diff)
comes from `article_screen` alone, edits are rendered without being saved, and another shop's
article is refused."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from horologen.models import Article
from horologen.services.accounts.access import AccessDenied
from horologen.services.articles import lifecycle
from horologen.services.articles.article_screen import Edits, article_screen
from horologen.services.articles.prompting import snapshot_of
from horologen.services.catalogue import sale
from tests.support import factories as f


@pytest.fixture()
def shop(session: Session):
    tenant = f.tenant(session, "Screen shop")
    admin = f.actor(f.user(session, tenant, "admin"))
    staff = f.actor(f.user(session, tenant, "staff"))
    f.licensed(session, tenant)
    product = f.product(session, tenant, "ROLEX", "126610LN", price_jpy=1_980_000, specs={"状態": "A"},
                        stock_number="A-0012")  # fmt: skip
    stranger = f.actor(f.user(session, f.tenant(session, "Other shop"), "admin"))
    return tenant, admin, staff, product, stranger


def article(session: Session, tenant, author, product, body: str, channel: str = "rakuten") -> int:
    row = Article(
        tenant_id=tenant.id, user_id=author.user_id, product_id=product.id, input_snapshot=snapshot_of(product),
        options={"channel": channel}, title="ロレックス サブマリーナー 126610LN", catch_copy="黒のベゼル",
        body=body, status="done", flags=[],
    )  # fmt: skip
    session.add(row)
    session.commit()
    return int(row.id or 0)


def test_the_screen_shows_what_the_workspace_needs(session: Session, shop) -> None:
    tenant, admin, staff, product, stranger = shop
    article_id = article(session, tenant, staff, product, "日本一の品質です。状態のよい一本です。")
    screen = article_screen(session=session, actor=staff, article_id=article_id)
    assert screen.workspace.product_id == product.id
    assert [item.id for item in screen.workspace.history] == [article_id]
    opened = screen.article
    assert opened is not None and opened.id == article_id and opened.channel == "rakuten"
    assert opened.product_label == "ROLEX 126610LN"
    assert opened.open_flags >= 1 and any("日本一" in flag.term for flag in opened.flags)
    assert (opened.copy_html, opened.copy_text) == ("", "")  # nothing leaves while a flag is open
    assert opened.html_copy and {row.key for row in opened.outputs} >= {"pc_description"}
    assert opened.actions.submit and not opened.actions.approve and not opened.actions.frozen
    assert opened.diff == () and opened.sold_note == ""

    # The editor's unsaved text is rendered, and stored nothing.
    edited = article_screen(
        session=session,
        actor=staff,
        article_id=article_id,
        edits=Edits(title="ロレックス 126610LN", catch_copy="黒", body="状態のよい一本です。"),
        channel="own_site",
    ).article
    assert edited is not None and edited.open_flags == 0 and edited.channel == "own_site"
    assert "状態のよい一本です。" in edited.copy_text and edited.copy_html
    assert session.get(Article, article_id).body.startswith("日本一")

    # The shop admin may approve; approved, the article is frozen; sold, the copy buttons say so.
    assert article_screen(session=session, actor=admin, article_id=article_id).article.actions.approve
    clean = article(session, tenant, staff, product, "状態のよい一本です。")
    lifecycle.approve(session=session, actor=admin, article_ids=[clean])
    sale.set_sale_state(session=session, actor=admin, product_id=int(product.id or 0), state="sold")
    frozen = article_screen(session=session, actor=admin, article_id=clean).article
    assert frozen is not None and frozen.actions.frozen and not frozen.actions.submit
    assert "取り下げ" in frozen.sold_note

    with pytest.raises(AccessDenied):
        article_screen(session=session, actor=stranger, article_id=article_id)
    assert article_screen(session=session, actor=stranger, product_id=int(product.id or 0)).workspace.history == ()
