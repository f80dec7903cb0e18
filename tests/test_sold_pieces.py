"""Issue 25 item D: sold and withdrawn. A piece is marked 売約済み from the catalogue file or by the
product card's button (a service checked for role and tenant, audited); its approved or exported
articles are 取り下げ要 on /admin/articles until a withdrawal file (楽天 item-delete.csv, Yahoo!
code CSV, Shopify product CSV with Status=archived) takes them off the malls. Sold pieces stay
searchable, marked, and bulk generation skips them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlmodel import Session, select

from horologen.models import Article, ArticleExport, AuditLog, MasterProduct, User
from horologen.services.accounts.access import AccessDenied
from horologen.services.articles import bulk, exports, library, lifecycle, withdrawals
from horologen.services.articles.prompting import snapshot_of
from horologen.services.catalogue import sale, search
from horologen.services.catalogue import upload as catalogue_upload
from horologen.state.search import ProductCard, SearchState
from tests.support import factories as f
from tests.test_state_events import state_for

SHOP_FILES = Path(__file__).parent / "data" / "shop_files"


@pytest.fixture()
def shop(app_database: str, session: Session):
    tenant = f.tenant(session, "Sold shop")
    admin = f.user(session, tenant, "admin")
    staff = f.user(session, tenant, "staff")
    f.licensed(session, tenant)
    piece = f.product(session, tenant, "ROLEX", "126610LN", price_jpy=1_980_000, specs={"状態": "A"},
                      stock_number="A-0012")  # fmt: skip
    other = f.tenant(session, "Other shop")
    return tenant, f.actor(admin), f.actor(staff), piece, f.actor(f.user(session, other, "staff"))


def approved(session: Session, tenant, admin, product: MasterProduct) -> Article:
    article = Article(
        tenant_id=tenant.id, user_id=admin.user_id, product_id=product.id, input_snapshot=snapshot_of(product),
        options={"channel": "rakuten"}, title="ロレックス サブマリーナー 126610LN", catch_copy="c", body="本文です。",
        status="done", flags=[],
    )  # fmt: skip
    session.add(article)
    session.commit()
    lifecycle.approve(session=session, actor=admin, article_ids=[int(article.id or 0)])
    return article


def test_marking_sold_is_checked_and_audited(session: Session, shop) -> None:
    tenant, _admin, staff, piece, stranger = shop
    with pytest.raises(AccessDenied):
        sale.set_sale_state(session=session, actor=stranger, product_id=int(piece.id or 0), state="sold")
    with pytest.raises(sale.SaleStateError):
        sale.set_sale_state(session=session, actor=staff, product_id=int(piece.id or 0), state="gone")
    marked = sale.set_sale_state(session=session, actor=staff, product_id=int(piece.id or 0), state="sold")
    assert marked.sale_state == "sold" and marked.sold_at is not None
    row = session.exec(select(AuditLog).where(AuditLog.action == sale.SALE_STATE_CHANGED)).one()
    assert (row.tenant_id, row.user_id, row.detail["old"], row.detail["new"]) == (tenant.id, staff.user_id,
                                                                                   "available", "sold")  # fmt: skip
    assert "A-0012" in row.target


def test_a_sold_piece_stays_searchable_is_skipped_by_bulk_and_refused_by_mall_exports(session: Session, shop) -> None:
    tenant, admin, staff, piece, _stranger = shop
    article = approved(session, tenant, admin, piece)
    sale.set_sale_state(session=session, actor=staff, product_id=int(piece.id or 0), state="sold")
    page = search.search_references(session=session, actor=staff, query="126610")
    assert [(v.stock_number, v.sale_state) for v in page.items] == [("A-0012", "sold")] and page.count == 1
    assert bulk.select_products(session=session, actor=admin).product_ids == []
    plan = exports.plan_export(session=session, actor=admin, article_ids=[int(article.id or 0)], fmt="rakuten")
    assert any("売約済み" in p for p in plan.rows[0].problems)


def test_withdrawal_needed_until_a_file_takes_the_article_off(session: Session, shop) -> None:
    tenant, admin, staff, piece, _stranger = shop
    article = approved(session, tenant, admin, piece)
    assert withdrawals.pending(session=session, actor=admin) == []
    sale.set_sale_state(session=session, actor=staff, product_id=int(piece.id or 0), state="sold")
    assert [a.id for a, _p in withdrawals.pending(session=session, actor=admin)] == [article.id]
    rows = library.list_for_review(session=session, actor=admin, withdraw_only=True)
    assert [(r.view.id, r.withdraw) for r in rows] == [(article.id, True)]
    with pytest.raises(AccessDenied):
        withdrawals.pending(session=session, actor=staff)  # shop admins only
    made = withdrawals.withdraw(session=session, actor=admin, article_ids=[int(article.id or 0)], fmt="rakuten")
    assert made.filename == "item-delete.csv"
    lines = list(csv.reader(io.StringIO(made.content.decode("cp932"))))
    assert lines == [["商品管理番号（商品URL）"], ["a_0012"]]  # the item key the export used (the stock number)
    assert withdrawals.pending(session=session, actor=admin) == []
    record = session.get(ArticleExport, made.export_id)
    assert record is not None and record.channel == "rakuten_withdraw" and record.article_ids == [article.id]
    # Back on sale and sold again: 取り下げ要 again (withdrawn before this sale).
    sale.set_sale_state(session=session, actor=staff, product_id=int(piece.id or 0), state="available")
    sale.set_sale_state(session=session, actor=staff, product_id=int(piece.id or 0), state="sold")
    assert [a.id for a, _p in withdrawals.pending(session=session, actor=admin)] == [article.id]


@pytest.mark.parametrize(
    ("fmt", "encoding", "expected"),
    [
        ("yahoo", "cp932", [["code"], ["a-0012"]]),
        ("shopify", "utf-8", [["Title", "URL handle", "Status", "Published on online store"],
                              ["ロレックス サブマリーナー 126610LN", "a-0012", "archived", "FALSE"]]),
    ],
)  # fmt: skip
def test_withdrawal_files_per_channel(session: Session, shop, fmt: str, encoding: str, expected) -> None:
    tenant, admin, staff, piece, _stranger = shop
    article = approved(session, tenant, admin, piece)
    sale.set_sale_state(session=session, actor=staff, product_id=int(piece.id or 0), state="sold")
    made = withdrawals.withdraw(session=session, actor=admin, article_ids=[int(article.id or 0)], fmt=fmt)
    assert list(csv.reader(io.StringIO(made.content.decode(encoding)))) == expected


def test_only_sold_pieces_articles_are_withdrawn(session: Session, shop) -> None:
    tenant, admin, staff, piece, stranger = shop
    article = approved(session, tenant, admin, piece)
    with pytest.raises(exports.ExportError, match="売約済み"):
        withdrawals.withdraw(session=session, actor=admin, article_ids=[int(article.id or 0)], fmt="rakuten")
    sale.set_sale_state(session=session, actor=staff, product_id=int(piece.id or 0), state="sold")
    with pytest.raises(AccessDenied):
        withdrawals.withdraw(session=session, actor=staff, article_ids=[int(article.id or 0)], fmt="rakuten")
    with pytest.raises(AccessDenied):
        withdrawals.withdraw(session=session, actor=stranger, article_ids=[int(article.id or 0)], fmt="yahoo")


def test_sold_and_reserved_from_the_file(session: Session, shop) -> None:
    tenant, admin, _staff, _piece, _stranger = shop
    data = (SHOP_FILES / "status_column.csv").read_bytes()
    preview = catalogue_upload.preview_upload(session=session, actor=admin, filename="s.csv", data=data)
    assert (preview.sold, preview.reserved, preview.pieces) == (2, 1, 5)
    assert [(w.line, w.column) for w in preview.warnings] == [(6, "F,G")]  # SOLD beside 在庫あり
    catalogue_upload.commit_upload(session=session, actor=admin, upload_id=preview.upload_id)
    rows = session.exec(select(MasterProduct).where(MasterProduct.tenant_id == tenant.id)).all()
    states = {p.stock_number: (p.sale_state, p.price_jpy) for p in rows}
    assert states["D-0302"] == ("sold", 1_880_000) and states["D-0303"] == ("reserved", 1_650_000)
    assert states["D-0305"] == ("sold", None) and states["D-0301"] == ("available", 1_980_000)


def test_the_product_card_button(session: Session, shop) -> None:
    """SearchState.set_sale_state: the signed-in staff member's shop only; the card shows it after;
    another shop's staff with the product forged into the state gets 「見つかりません」."""
    _tenant, _admin, staff, piece, stranger = shop
    token = f.session_token(session, session.get(User, staff.user_id))
    state = state_for(SearchState, token, f"/staff/products/{piece.id}")
    state.on_load()
    state._select(str(piece.id), "")  # what /staff/products/<id> does on load
    assert state.product.sale_state == "available" and state.product.stock == "A-0012"
    state.set_sale_state("sold")
    assert (state.product.sale_state, state.product.sale) == ("sold", "売約済み")
    forged = state_for(SearchState, f.session_token(session, session.get(User, stranger.user_id)), "/staff/search")
    forged.product = ProductCard(id=str(piece.id))
    forged.set_sale_state("available")
    assert "見つかりません" in forged.error
    session.expire_all()
    assert session.get(MasterProduct, piece.id).sale_state == "sold"


def test_a_sold_piece_gets_no_new_article(session: Session, shop) -> None:
    """Writing a new advertisement for a piece the shop has sold is refused with a message that says
    how to sell it again; nothing is reserved from the quota and no article row is left behind."""
    from horologen.services.articles import generation
    from horologen.services.articles.prompting import GenerationOptions

    _tenant, _admin, staff, piece, _stranger = shop
    sale.set_sale_state(session=session, actor=staff, product_id=int(piece.id or 0), state="sold")
    with pytest.raises(generation.GenerationRefused, match="売約済み") as refused:
        generation.prepare(session=session, actor=staff, product_id=int(piece.id or 0), options=GenerationOptions())
    assert "販売中に戻す" in refused.value.message
    assert session.exec(select(Article).where(Article.product_id == piece.id)).all() == []
    sale.set_sale_state(session=session, actor=staff, product_id=int(piece.id or 0), state="reserved")
    with pytest.raises(generation.GenerationRefused) as no_key:  # reserved may be written about
        generation.prepare(session=session, actor=staff, product_id=int(piece.id or 0), options=GenerationOptions())
    assert "売約済み" not in no_key.value.message


@pytest.mark.parametrize("word", ["商談中", "SOLD"])
def test_a_sale_word_in_the_price_cell_keeps_the_stored_price(session: Session, shop, word: str) -> None:
    """Re-importing with 価格だけ反映 a row whose price cell says 商談中 or SOLD changes the sale state
    only: the stored price stays, so 販売中に戻す after a deal falls through finds it (a tester saw
    the price erased)."""
    _tenant, admin, staff, piece, _stranger = shop
    data = f"管理番号,ブランド,型番,商品名,価格\nA-0012,ROLEX,126610LN,サブマリーナー,{word}\n".encode()
    preview = catalogue_upload.preview_upload(session=session, actor=admin, filename="v2.csv", data=data)
    assert [f.field for change in preview.changes for f in change.fields] == ["price_state"]
    catalogue_upload.commit_upload(session=session, actor=admin, upload_id=preview.upload_id, apply="prices")
    session.expire_all()
    stored = session.get(MasterProduct, piece.id)
    assert (stored.price_jpy, stored.sale_state) == (1_980_000, "reserved" if word == "商談中" else "sold")
    sale.set_sale_state(session=session, actor=staff, product_id=int(piece.id or 0), state="available")
    session.expire_all()
    assert session.get(MasterProduct, piece.id).price_jpy == 1_980_000
