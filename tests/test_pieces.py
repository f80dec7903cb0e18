"""Issue 25 item C: pieces. A stock-number column (管理番号, 在庫番号, 商品管理番号, SKU, Stock No.)
makes each row a piece: two pieces of one reference are two products, each with its own article and
its own mall item key; without it a product is a reference, as the runbook's TESTBRAND checks expect.
Search and /staff/references list each piece with its stock number and condition; `count` counts
products. A mall file refuses two rows that would share an item key, naming both."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from horologen import api
from horologen.models import Article, MasterProduct
from horologen.services.articles import exports, lifecycle
from horologen.services.articles.prompting import snapshot_of
from horologen.services.catalogue import duplicates, search
from horologen.services.catalogue import upload as catalogue_upload
from tests.support import factories as f

SHOP_FILES = Path(__file__).parent / "data" / "shop_files"


@pytest.fixture()
def shop(app_database: str, session: Session):
    tenant = f.tenant(session, "Tenant A")
    admin = f.user(session, tenant, "admin", "admin-a@example.com")
    staff = f.user(session, tenant, "staff", "staff-a@example.com")
    f.licensed(session, tenant)
    f.product(session, tenant, "TESTBRAND", "REF001", price_jpy=123456)  # the runbook's product (§2.3)
    return tenant, f.actor(admin), f.actor(staff)


def upload(session: Session, admin, name: str, **commit):
    data = (SHOP_FILES / name).read_bytes()
    preview = catalogue_upload.preview_upload(session=session, actor=admin, filename=name, data=data)
    return preview, catalogue_upload.commit_upload(session=session, actor=admin, upload_id=preview.upload_id, **commit)


def pieces(session: Session, tenant_id: int) -> dict[str, MasterProduct]:
    session.expire_all()
    rows = session.exec(select(MasterProduct).where(MasterProduct.tenant_id == tenant_id)).all()
    return {p.stock_number: p for p in rows if p.stock_number}


@pytest.mark.parametrize(
    ("name", "stock", "count"),
    [
        ("pieces_kanri_bangou.csv", "R24-0153", 4),
        ("pieces_zaiko_bangou_cp932.csv", "GS-0007", 3),
        ("pieces_shouhin_kanri_bangou.csv", "ap-15500-a01", 3),
        ("pieces_sku.xlsx", "240601", 3),
        ("pieces_stock_no_utf16.txt", "P-1201", 3),
    ],
)
def test_each_piece_is_a_product(session: Session, shop, name: str, stock: str, count: int) -> None:
    tenant, admin, _staff = shop
    preview, result = upload(session, admin, name)
    assert preview.pieces == count and result.added == count
    stored = pieces(session, tenant.id)
    assert len(stored) == count and stock in stored
    again, result = upload(session, admin, name)  # the same file again: the same pieces, no change
    assert (again.to_add, again.existing, again.changed, result.added) == (0, count, 0, 0)


def test_two_pieces_of_one_reference_and_a_shared_stock_number(session: Session, shop) -> None:
    tenant, admin, _staff = shop
    upload(session, admin, "pieces_kanri_bangou.csv")
    subs = [p for p in pieces(session, tenant.id).values() if p.reference == "126610LN"]
    assert sorted((p.stock_number, p.price_jpy, p.specs["状態ランク"]) for p in subs) == [
        ("R24-0153", 2_080_000, "SA"), ("R24-0178", 1_980_000, "A"), ("R25-0009", 1_780_000, "B"),
    ]  # fmt: skip
    preview, _result = upload(session, admin, "pieces_duplicate_stock.csv")
    assert [(e.line, e.column) for e in preview.errors] == [(3, "A"), (5, "A")]
    assert all("B-0101" in e.reason and "3 行目" in e.reason and "5 行目" in e.reason for e in preview.errors)
    assert "B-0101" not in pieces(session, tenant.id)
    assert duplicates.find_duplicates(session=session, actor=admin) == []  # pieces are never duplicates


def test_search_and_the_api_list_each_piece(session: Session, shop) -> None:
    _tenant, admin, staff = shop
    upload(session, admin, "pieces_kanri_bangou.csv")
    page = search.search_references(session=session, actor=staff, query="126610")
    assert page.count == 3
    assert [(v.stock_number, v.condition) for v in page.items] == [("R24-0153", "SA"), ("R24-0178", "A"),
                                                                   ("R25-0009", "B")]  # fmt: skip
    client = TestClient(Starlette(routes=api.routes), base_url="http://testserver", follow_redirects=False)
    client.post("/auth/login", data={"email": "staff-a@example.com", "password": f.PASSWORD})
    body = client.get("/staff/references?q=126610LN").json()
    assert body["count"] == 3
    first = body["items"][0]
    assert (first["stock_number"], first["condition"], first["sale_state"]) == ("R24-0153", "SA", "available")
    # The runbook's checks are unchanged (§3: count 1, price_jpy=123456).
    runbook = client.get("/staff/references?brand=TESTBRAND").json()
    assert runbook["count"] == 1 and runbook["items"][0]["price_jpy"] == 123456
    assert runbook["items"][0]["stock_number"] is None


def _approved(session: Session, tenant, admin, product: MasterProduct) -> Article:
    article = Article(
        tenant_id=tenant.id, user_id=admin.user_id, product_id=product.id, input_snapshot=snapshot_of(product),
        options={"channel": "rakuten"}, title=f"ロレックス サブマリーナー {product.reference}", catch_copy="c",
        body="本文です。", status="done", flags=[],
    )  # fmt: skip
    session.add(article)
    session.commit()
    lifecycle.approve(session=session, actor=admin, article_ids=[int(article.id or 0)])
    return article


@pytest.mark.parametrize(
    ("fmt", "column", "keys"),
    [("rakuten", "商品管理番号（商品URL）", ["r24_0153", "r24_0178"]), ("yahoo", "code", ["r24-0153", "r24-0178"]),
     ("shopify", "URL handle", ["r24-0153", "r24-0178"])],
)  # fmt: skip
def test_exports_use_the_stock_number_as_the_item_key(session: Session, shop, fmt: str, column: str, keys) -> None:
    tenant, admin, _staff = shop
    upload(session, admin, "pieces_kanri_bangou.csv")
    stored = pieces(session, tenant.id)
    ids = [int(_approved(session, tenant, admin, stored[s]).id or 0) for s in ("R24-0153", "R24-0178")]
    plan = exports.plan_export(session=session, actor=admin, article_ids=ids, fmt=fmt)
    assert plan.invalid == [] and [row.values[column] for row in plan.rows] == keys
    if fmt == "rakuten":
        assert [row.values["商品番号"] for row in plan.rows] == ["R24-0153", "R24-0178"]
    if fmt == "shopify":
        assert [row.values["SKU"] for row in plan.rows] == ["R24-0153", "R24-0178"]


def test_two_rows_of_one_item_key_are_refused_naming_both(session: Session, shop) -> None:
    tenant, admin, _staff = shop
    product = f.product(session, tenant, "ROLEX", "126610LN", price_jpy=1_980_000)  # a reference: no stock number
    first, second = (_approved(session, tenant, admin, product) for _ in range(2))
    plan = exports.plan_export(session=session, actor=admin, article_ids=[first.id, second.id], fmt="rakuten")
    assert [row.article_id for row in plan.invalid] == [first.id, second.id]
    for row in plan.rows:
        problem = next(p for p in row.problems if "126610ln" in p)
        assert f"記事 {first.id}" in problem and f"記事 {second.id}" in problem
    with pytest.raises(exports.ExportError):
        exports.write_plan(session=session, actor=admin, plan=plan)
    plain = exports.plan_export(session=session, actor=admin, article_ids=[first.id, second.id], fmt="csv")
    assert plain.invalid == []  # the list file has no item key


def test_a_pieces_reference_correction_is_applied_as_a_change(session: Session, shop) -> None:
    tenant, admin, _staff = shop
    head = "管理番号,ブランド,型番,商品名,価格\n"
    one = catalogue_upload.preview_upload(
        session=session, actor=admin, filename="a.csv", data=(head + "Z-1,ROLEX,126610LV,サブ,1000\n").encode()
    )
    catalogue_upload.commit_upload(session=session, actor=admin, upload_id=one.upload_id)
    two = catalogue_upload.preview_upload(
        session=session, actor=admin, filename="b.csv", data=(head + "Z-1,ロレックス,126610LN,サブ,1000\n").encode()
    )
    assert [(c.field, c.old, c.new) for c in two.changes[0].fields] == [("reference", "126610LV", "126610LN")]
    catalogue_upload.commit_upload(session=session, actor=admin, upload_id=two.upload_id, apply="all")
    piece = pieces(session, tenant.id)["Z-1"]
    assert (piece.brand, piece.reference, piece.reference_key) == ("ROLEX", "126610LN", "126610LN")


def test_a_piece_is_found_by_its_stock_number(session: Session, shop) -> None:
    """Staff type the number on the watch's tag (as printed, or in small letters) and find that piece."""
    _tenant, admin, staff = shop
    upload(session, admin, "pieces_kanri_bangou.csv")
    for typed in ("R24-0178", "r24-0178", "Ｒ２４－０１７８"):
        page = search.search_references(session=session, actor=staff, query=typed)
        assert [v.stock_number for v in page.items] == ["R24-0178"], typed
    assert search.search_references(session=session, actor=staff, query="R24-9999").count == 0
    client = TestClient(Starlette(routes=api.routes), base_url="http://testserver", follow_redirects=False)
    client.post("/auth/login", data={"email": "staff-a@example.com", "password": f.PASSWORD})
    body = client.get("/staff/references?q=R25-0009").json()
    assert body["count"] == 1 and body["items"][0]["stock_number"] == "R25-0009"


def test_a_piece_is_found_without_its_separators_and_by_a_part(session: Session, shop) -> None:
    """Staff type K1005 for K-1005, or only its digits: the piece is found (the number typed whole
    ranks first); under three characters no part is looked for."""
    _tenant, admin, staff = shop
    upload(session, admin, "pieces_kanri_bangou.csv")
    for typed in ("R240178", "r24 0178", "Ｒ２４０１７８", "r24_0178"):
        page = search.search_references(session=session, actor=staff, query=typed)
        assert [v.stock_number for v in page.items] == ["R24-0178"], typed
    part = search.search_references(session=session, actor=staff, query="0178")
    assert "R24-0178" in [v.stock_number for v in part.items]
    assert search.search_references(session=session, actor=staff, query="R249999").count == 0


def test_the_compact_stock_number_is_the_indexed_expression(session: Session) -> None:
    """The search's expression reads exactly as migration 0017's index (else the planner cannot use
    it); on PostgreSQL the plan of a typed number uses that index."""
    import importlib.util

    from sqlalchemy import text

    from horologen.db import postgresql_sql
    from horologen.services.catalogue import search_sql

    path = Path(__file__).parent.parent / "alembic" / "versions" / "0017_stock_number_compact_index.py"
    spec = importlib.util.spec_from_file_location("migration_0017", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    rendered, _ = postgresql_sql(search_sql.stock_compact())
    assert rendered == migration.COMPACT.replace("stock_number", "master_products.stock_number")
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(text("SET LOCAL enable_seqscan = off"))
    shape, values = search_sql.shape_and_values(postgresql=True, tenant_id=1, brand="", query="R240178")
    page, _count, constants = search_sql.postgresql_text(shape)
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    cursor.execute("EXPLAIN " + page, {**constants, **values, "offset": 0, "limit": 20})
    plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "ix_master_products_stock_compact" in plan, plan
