"""Issue 25 item B: a re-import applies corrections as the admin chooses.

The change report of the upload preview is checked against tests/data/shop_files/cases.json (the
corr_* pairs, written by someone who never read this code) through the real services on both
databases; the three apply modes, the blank-cell option, one audit row per changed product, the
single transaction, 要更新 end to end, and the runbook's non-destructive SQLite import.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from horologen.models import Article, AuditLog, MasterProduct
from horologen.services.articles import library, lifecycle
from horologen.services.articles.prompting import snapshot_of
from horologen.services.catalogue import import_writer
from horologen.services.catalogue import upload as catalogue_upload
from horologen.services.catalogue.sqlite_import import import_from_sqlite
from tests.support import factories as f

SHOP_FILES = Path(__file__).parent / "data" / "shop_files"
CATALOGUE = Path(__file__).parent / "data" / "catalogue"
CASES = {c["file"]: c for c in json.loads((SHOP_FILES / "cases.json").read_text(encoding="utf-8"))["cases"]}
CORRECTIONS = [name for name, case in CASES.items() if "changes_vs" in case["expect"]]


@pytest.fixture()
def shop(session: Session):
    tenant = f.tenant(session, "Corrections shop")
    admin = f.user(session, tenant, "admin")
    f.licensed(session, tenant)
    return tenant, f.actor(admin)


def upload(session: Session, admin, path: Path, **commit: Any):
    preview = catalogue_upload.preview_upload(session=session, actor=admin, filename=path.name, data=path.read_bytes())
    result = catalogue_upload.commit_upload(session=session, actor=admin, upload_id=preview.upload_id, **commit)
    return preview, result


def preview_of(session: Session, admin, path: Path):
    return catalogue_upload.preview_upload(session=session, actor=admin, filename=path.name, data=path.read_bytes())


def key_of(stock: str | None, brand: str, reference: str, by_stock: bool) -> str:
    return (stock or "") if by_stock else f"{brand}|{reference}"


def products(session: Session, tenant_id: int) -> dict[str, MasterProduct]:
    session.expire_all()
    rows = session.exec(select(MasterProduct).where(MasterProduct.tenant_id == tenant_id)).all()
    return {p.stock_number or f"{p.brand}|{p.reference}": p for p in rows}


@pytest.mark.parametrize("file", CORRECTIONS)
def test_the_change_report_is_the_cases(session: Session, shop, file: str) -> None:
    """Import v1, preview v2: every changed field old → new as cases.json lists it, nothing else;
    the added keys are to be added; the removed ones are reported as missing, never deleted."""
    _tenant, admin = shop
    expect = CASES[file]["expect"]
    upload(session, admin, SHOP_FILES / expect["changes_vs"])
    preview = preview_of(session, admin, SHOP_FILES / file)
    by_stock = expect["change_key"] == "stock_number"
    report = {
        key_of(c.product.stock_number, c.product.brand, c.product.reference, by_stock): {
            field.field: [field.old, field.new] for field in field_list
        }
        for c in preview.changes
        if (field_list := c.fields)
    }
    assert report == expect["changed_fields"]
    assert not set(report) & set(expect["unchanged"])
    added = sorted(key_of(r.stock_number, r.brand, r.reference, by_stock) for r in preview.sample_add)
    assert added == sorted(expect["added"])
    assert preview.missing == len(expect["removed"])
    assert sorted(m.replace(" ", "|", 1) for m in preview.missing_sample) == sorted(expect["removed"])


def test_nothing_is_the_default_and_prices_change_prices_only(session: Session, shop) -> None:
    tenant, admin = shop
    upload(session, admin, SHOP_FILES / "corr_a_v1.csv")
    before = {k: (p.name, p.price_jpy, dict(p.specs)) for k, p in products(session, tenant.id).items()}
    _preview, result = upload(session, admin, SHOP_FILES / "corr_a_v2.csv")
    assert (result.added, result.updated, result.skipped) == (0, 0, 4)
    assert {k: (p.name, p.price_jpy, dict(p.specs)) for k, p in products(session, tenant.id).items()} == before
    _preview, result = upload(session, admin, SHOP_FILES / "corr_a_v2.csv", apply="prices")
    now = products(session, tenant.id)
    assert result.updated == 1 and now["A-0013"].price_jpy == 1_780_000
    assert now["A-0012"].specs["状態ランク"] == "A" and now["A-0031"].name == "スピードマスター ムーンウォッチ"


def test_every_change_keeps_a_blank_cell_unless_asked(session: Session, shop) -> None:
    tenant, admin = shop
    upload(session, admin, SHOP_FILES / "corr_a_v1.csv")
    preview, result = upload(session, admin, SHOP_FILES / "corr_a_v2.csv", apply="all")
    assert preview.changed == 3 and preview.blank_cells == 1 and result.updated == 3
    now = products(session, tenant.id)
    assert now["A-0012"].specs["状態ランク"] == "B" and now["A-0012"].specs["付属品"] == "保証書のみ（箱なし）"
    assert now["A-0013"].price_jpy == 1_780_000
    assert now["A-0031"].name == "スピードマスター プロフェッショナル ムーンウォッチ"
    assert now["A-0031"].specs["年式"] == "2022年"  # the blank cell did not erase it
    assert now["A-0040"].updated_at == now["A-0040"].created_at  # unchanged, untouched
    _preview, result = upload(session, admin, SHOP_FILES / "corr_a_v2.csv", apply="all", blank_erases=True)
    assert result.updated == 1 and "年式" not in products(session, tenant.id)["A-0031"].specs


def test_each_changed_product_is_audited_with_old_and_new_values(session: Session, shop) -> None:
    tenant, admin = shop
    upload(session, admin, SHOP_FILES / "corr_b_v1.txt")
    upload(session, admin, SHOP_FILES / "corr_b_v2.txt", apply="all", blank_erases=True)
    rows = session.exec(select(AuditLog).where(AuditLog.action == import_writer.PRODUCT_CHANGED)).all()
    by_target = {row.target.split(" ", 2)[2]: row.detail for row in rows}
    assert set(by_target) == {"ROLEX 126334", "GRAND SEIKO SBGH267"}
    rolex = by_target["ROLEX 126334"]
    assert rolex["mode"] == "all" and rolex["source"].endswith("corr_b_v2.txt")
    assert rolex["changes"]["price_jpy"] == [1_650_000, None] and rolex["changes"]["コンディション"] == ["SA", "A"]
    assert by_target["GRAND SEIKO SBGH267"]["changes"] == {"付属品": ["箱のみ", None]}
    assert all(row.tenant_id == tenant.id and row.user_id == admin.user_id for row in rows)
    stored = products(session, tenant.id)
    assert stored["ROLEX|126334"].price_jpy is None and "付属品" not in stored["GRAND SEIKO|SBGH267"].specs
    assert "IWC|IW371605" in stored  # missing from the file: reported, never deleted


def test_the_changes_and_their_audit_rows_are_one_transaction(
    session: Session, shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant, admin = shop
    upload(session, admin, SHOP_FILES / "corr_a_v1.csv")
    before = {k: (p.price_jpy, dict(p.specs)) for k, p in products(session, tenant.id).items()}
    preview = preview_of(session, admin, SHOP_FILES / "corr_a_v2.csv")
    real_insert = import_writer._insert

    def failing(session_, table, columns, values):  # the audit rows fail after the products were updated
        if table.__tablename__ == "audit_log" and values:
            raise RuntimeError("disk full")
        return real_insert(session_, table, columns, values)

    monkeypatch.setattr(import_writer, "_insert", failing)
    with pytest.raises(RuntimeError):
        catalogue_upload.commit_upload(session=session, actor=admin, upload_id=preview.upload_id, apply="all")
    assert {k: (p.price_jpy, dict(p.specs)) for k, p in products(session, tenant.id).items()} == before


def _approved_article(session: Session, tenant, admin, product: MasterProduct) -> Article:
    article = Article(
        tenant_id=tenant.id, user_id=admin.user_id, product_id=product.id, input_snapshot=snapshot_of(product),
        options={"channel": "rakuten"}, title=f"{product.brand} {product.reference}", catch_copy="c",
        body="本文です。", status="done", flags=[],
    )  # fmt: skip
    session.add(article)
    session.commit()
    lifecycle.approve(session=session, actor=admin, article_ids=[int(article.id or 0)])
    return article


@pytest.mark.parametrize(("v1", "v2", "key"), [
    (CATALOGUE / "c30_catalogue_v1.csv", CATALOGUE / "c30_catalogue_v2.csv", "ROLEX|126610LN"),
    (SHOP_FILES / "corr_a_v1.csv", SHOP_FILES / "corr_a_v2.csv", "A-0012"),
])  # fmt: skip
def test_a_spec_correction_makes_the_approved_article_stale(session: Session, shop, v1, v2, key) -> None:
    """状態 A → B and 付属品 applied: the approved article is 要更新 with both fields, on the list
    the admin sees (library.list_for_review) and in lifecycle.stale_articles."""
    tenant, admin = shop
    upload(session, admin, v1)
    article = _approved_article(session, tenant, admin, products(session, tenant.id)[key])
    assert lifecycle.stale_articles(session=session, actor=admin) == []
    upload(session, admin, v2)  # nothing applied: not stale
    assert lifecycle.stale_articles(session=session, actor=admin) == []
    upload(session, admin, v2, apply="all")
    stale = lifecycle.stale_articles(session=session, actor=admin)
    assert [a.id for a, _ in stale] == [article.id]
    changes = {c["field"]: (c["old"], c["new"]) for c in stale[0][1]}
    rank = "状態" if "状態" in changes else "状態ランク"
    assert changes[rank] == ("A", "B") and changes["付属品"][1].startswith("保証書のみ")
    rows = library.list_for_review(session=session, actor=admin, stale_only=True)
    assert [r.view.id for r in rows] == [article.id] and {c["field"] for c in rows[0].stale} == {rank, "付属品"}


def test_the_runbook_sqlite_import_never_changes_existing_products(session: Session, shop, tmp_path: Path) -> None:
    """Runbook §2.4: existing (tenant_id, brand, reference) keys are skipped, nothing is updated,
    however different the SQLite row is; new rows are added."""
    tenant, _admin = shop
    f.product(session, tenant, "TESTBRAND", "REF001", price_jpy=123456, specs={"状態": "A"})
    source = tmp_path / "horologen.db"
    connection = sqlite3.connect(source)
    connection.execute("CREATE TABLE master_products (brand TEXT, reference TEXT, name TEXT, price_jpy, 状態 TEXT)")
    connection.executemany(
        "INSERT INTO master_products VALUES (?,?,?,?,?)",
        [("TESTBRAND", "REF001", "別の名前", 999, "C"), ("OMEGA", "X1", "新しい", None, "A")],
    )
    connection.commit()
    connection.close()
    report = import_from_sqlite(session=session, source=source, tenant_id=int(tenant.id or 0), target_url="postgres")
    assert (report.read, report.added, report.skipped) == (2, 1, 1)
    stored = products(session, tenant.id)
    assert (stored["TESTBRAND|REF001"].price_jpy, stored["TESTBRAND|REF001"].specs) == (123456, {"状態": "A"})
    assert stored["OMEGA|X1"].price_jpy is None  # a NULL price is no price
    assert session.exec(select(AuditLog).where(AuditLog.action == import_writer.PRODUCT_CHANGED)).all() == []


def test_stored_products_read_for_comparison_match_the_orm(session: Session, shop) -> None:
    """load_stored (one JSON document on PostgreSQL, rows on SQLite) reads every compared column
    as the ORM does: a piece and a reference, a sold piece's sold_at in UTC, no price, specs."""
    from horologen.services.catalogue import sale
    from horologen.services.catalogue.changes import load_stored

    tenant, admin = shop
    specs = {"状態": "A", "付属品": "箱"}
    piece = f.product(session, tenant, "ROLEX", "126610LN", price_jpy=None, specs=specs, stock_number="A-0012")
    f.product(session, tenant, "TUDOR", "79360N", price_jpy=748_000)
    sale.set_sale_state(session=session, actor=admin, product_id=piece.id, state="sold")
    pieces, references = load_stored(session, tenant.id)
    session.expire_all()
    for stored in (pieces["A-0012"], references[("TUDOR", "79360N")]):
        row = session.get(MasterProduct, stored.id)
        assert row is not None and isinstance(row.specs, dict)
        got = (stored.brand, stored.reference, stored.reference_key, stored.name, stored.price_jpy, stored.price_tax)
        assert got == (row.brand, row.reference, row.reference_key, row.name, row.price_jpy, row.price_tax)
        assert (stored.sale_state, stored.sold_at, stored.specs) == (row.sale_state, row.sold_at, row.specs)
    assert pieces["A-0012"].sold_at is not None and pieces["A-0012"].sold_at.utcoffset().total_seconds() == 0


def _csv(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text("管理番号,ブランド,型番,商品名,価格（税込）,状態,付属品\n" + body, encoding="utf-8")
    return path


def test_a_first_file_with_stock_numbers_takes_over_the_reference_product(
    session: Session, shop, tmp_path: Path
) -> None:
    """A shop imported without 管理番号, then exports with one: the one piece row of a watch takes
    over its reference product (and its article), instead of the watch being there twice."""
    tenant, admin = shop
    upload(session, admin, CATALOGUE / "c30_catalogue_v1.csv")
    before = products(session, tenant.id)["ROLEX|126610LN"]
    article = _approved_article(session, tenant, admin, before)
    v2 = _csv(tmp_path, "pieces_v2.csv", "A-0001,ROLEX,126610LN,サブマリーナー,1980000,B,保証書のみ（箱なし）\n")
    preview = preview_of(session, admin, v2)
    assert (preview.to_add, preview.existing, preview.missing) == (0, 1, 0)
    shown = {label: (old, new) for label, old, new in (c.shown() for c in preview.changes[0].fields)}
    assert shown["管理番号"] == ("（空欄）", "A-0001")
    _preview, result = upload(session, admin, v2)  # nothing applied: still one product, unchanged
    assert (result.added, result.updated) == (0, 0)
    assert list(products(session, tenant.id)) == ["ROLEX|126610LN"]
    _preview, result = upload(session, admin, v2, apply="all")
    assert (result.added, result.updated) == (0, 1)
    after = products(session, tenant.id)
    assert list(after) == ["A-0001"] and after["A-0001"].id == before.id
    assert after["A-0001"].specs["状態"] == "B"
    assert [a.id for a, _ in lifecycle.stale_articles(session=session, actor=admin)] == [article.id]


def test_two_pieces_of_a_stored_reference_are_both_added(session: Session, shop, tmp_path: Path) -> None:
    """Which of two pieces the stored reference product is cannot be known: both are new products,
    the stored one is reported as not in the file; a file that still lists the watch without a
    stock number keeps it as the reference product."""
    tenant, admin = shop
    upload(session, admin, CATALOGUE / "c30_catalogue_v1.csv")
    two = _csv(
        tmp_path,
        "two.csv",
        "A-0001,ROLEX,126610LN,サブマリーナー,1980000,A,箱・保証書\nA-0002,ROLEX,126610LN,サブマリーナー,1780000,B,保証書のみ\n",
    )
    preview, result = upload(session, admin, two, apply="all")
    assert (preview.to_add, preview.missing, result.added, result.updated) == (2, 1, 2, 0)
    assert sorted(products(session, tenant.id)) == ["A-0001", "A-0002", "ROLEX|126610LN"]
    both = _csv(
        tmp_path,
        "both.csv",
        "A-0003,ROLEX,126610LN,サブマリーナー,1980000,A,箱・保証書\n,ROLEX,126610LN,サブマリーナー,1980000,A,箱・保証書\n",
    )
    preview, result = upload(session, admin, both, apply="all")
    assert (preview.to_add, result.added) == (1, 1)
    assert products(session, tenant.id)["ROLEX|126610LN"].stock_number is None


def test_a_file_without_a_name_column_never_touches_names(session: Session, shop, tmp_path: Path) -> None:
    """A price list has no 商品名 column: even with 空欄で消す nothing erases the stored names."""
    tenant, admin = shop
    upload(session, admin, CATALOGUE / "c30_catalogue_v1.csv")
    prices = tmp_path / "prices.csv"
    prices.write_text("ブランド,型番,価格（税込）\nROLEX,126610LN,1880000\n", encoding="utf-8")
    preview = preview_of(session, admin, prices)
    assert [c.field for change in preview.changes for c in change.fields] == ["price_jpy"]
    _preview, result = upload(session, admin, prices, apply="all", blank_erases=True)
    product = products(session, tenant.id)["ROLEX|126610LN"]
    assert (result.updated, product.name, product.price_jpy) == (1, "サブマリーナー", 1_880_000)


def test_a_file_without_stock_numbers_updates_the_one_piece_of_a_watch(session: Session, shop, tmp_path: Path) -> None:
    """The shop's products are pieces; an older export without 管理番号 must not list each watch
    twice: a watch with one piece is that piece, a watch with several cannot be placed (refused)."""
    tenant, admin = shop
    pieces = _csv(
        tmp_path,
        "pieces.csv",
        "A-0001,ROLEX,126610LN,サブマリーナー,1980000,A,箱・保証書\n"
        "B-0001,OMEGA,210.30.42.20.03.001,シーマスター,720000,A,箱・保証書\n"
        "B-0002,OMEGA,210.30.42.20.03.001,シーマスター,690000,B,保証書のみ\n",
    )
    upload(session, admin, pieces)
    old = tmp_path / "old_export.csv"
    old.write_text(
        "ブランド,型番,商品名,価格（税込）,状態,付属品\n"
        "ROLEX,126610LN,サブマリーナー,1880000,B,箱・保証書\n"
        "OMEGA,210.30.42.20.03.001,シーマスター,700000,A,箱・保証書\n",
        encoding="utf-8",
    )
    preview = preview_of(session, admin, old)
    assert (preview.to_add, preview.existing, preview.error_count) == (0, 1, 1)
    assert "2 本登録済み" in preview.errors[0].reason and preview.errors[0].line == 3
    _preview, result = upload(session, admin, old, apply="all")
    assert (result.added, result.updated) == (0, 1)
    stored = products(session, tenant.id)
    assert sorted(stored) == ["A-0001", "B-0001", "B-0002"]
    assert (stored["A-0001"].price_jpy, stored["A-0001"].specs["状態"]) == (1_880_000, "B")
    assert (stored["B-0001"].price_jpy, stored["B-0002"].price_jpy) == (720_000, 690_000)


def test_a_sold_word_without_a_number_shows_the_price_kept() -> None:
    from horologen.services.catalogue.files import CatalogueRow
    from horologen.state.upload_rows import existing_row

    sold = CatalogueRow(2, "ROLEX", "126610LN", "", None, {}, "included", None, "sold")
    assert existing_row(sold, 1_980_000, "sold").change == "変更なし（売約済み）"
    assert existing_row(sold, 1_980_000).change == "販売中 → 売約済み（価格はそのまま）"  # the state does change
    reserved = CatalogueRow(3, "ROLEX", "126610LV", "", None, {}, "included", None, "reserved")
    assert existing_row(reserved, 2_380_000, "reserved").change == "変更なし（商談中）"
    assert existing_row(reserved, 2_380_000, "sold").change.startswith("売約済みのまま")  # never un-sold
    asked = CatalogueRow(4, "ROLEX", "116500LN", "", None, {}, "included", None, "available")
    assert existing_row(asked, 3_000_000).change == "¥3,000,000 → 価格なし"
