"""Issue 14: review → approval → export, versions, 要更新, and export files read back."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from sqlmodel import Session, select

from horologen.models import Article, ArticleExport, AuditLog
from horologen.services.accounts.access import AccessDenied
from horologen.services.articles import exports, library, lifecycle, review
from horologen.services.articles.prompting import snapshot_of
from horologen.services.catalogue.files import parse_catalogue
from horologen.services.catalogue.import_writer import write_import
from tests.support import factories as f


@pytest.fixture()
def shop(session: Session):
    tenant = f.tenant(session, "Lifecycle shop")
    admin, staff, colleague = (
        f.user(session, tenant, "admin"),
        f.user(session, tenant, "staff"),
        f.user(session, tenant, "staff"),
    )
    product = f.product(session, tenant, "ROLEX", "126610LN", price_jpy=1_980_000, name="サブマリーナー",
                        specs={"ケース径": "41mm", "状態": "未使用"}, price_tax="included")  # fmt: skip
    f.licensed(session, tenant)
    return tenant, admin, staff, colleague, product


def article_for(
    session: Session, owner, product, title: str = "ロレックス サブマリーナー 126610LN", body: str = ""
) -> Article:
    snapshot = snapshot_of(product)
    article = Article(
        tenant_id=owner.tenant_id, user_id=int(owner.id or 0), product_id=product.id, input_snapshot=snapshot,
        options={"channel": "rakuten"}, title=title, catch_copy="海の名作", body=body or "ケース径41mmの一本です。",
        status="done",
    )  # fmt: skip
    session.add(article)
    session.commit()
    review.recheck(session, article)
    session.add(article)
    session.commit()
    return article


def test_submit_approve_and_who_may_approve(session: Session, shop) -> None:
    tenant, admin, staff, colleague, product = shop
    article = article_for(session, staff, product)
    lifecycle.submit(session=session, actor=f.actor(staff), article_id=int(article.id or 0))
    with pytest.raises(AccessDenied, match="店舗管理者のみ"):
        lifecycle.approve(session=session, actor=f.actor(staff), article_ids=[int(article.id or 0)])
    with pytest.raises(AccessDenied):  # a colleague's article is not even visible
        lifecycle.approve(session=session, actor=f.actor(colleague), article_ids=[int(article.id or 0)])
    stranger = f.user(session, f.tenant(session, "Lifecycle stranger"), "admin")
    with pytest.raises(AccessDenied):
        lifecycle.approve(session=session, actor=f.actor(stranger), article_ids=[int(article.id or 0)])
    lifecycle.set_self_approve(session=session, actor=f.actor(admin), allowed=True)
    approved = lifecycle.approve(session=session, actor=f.actor(staff), article_ids=[int(article.id or 0)])
    assert approved[0].review_status == "approved" and approved[0].approved_by == staff.id
    actions = [row.action for row in session.exec(select(AuditLog).where(AuditLog.tenant_id == tenant.id))]
    assert {"article_submitted", "article_approved", "self_approve_set"} <= set(actions)


def test_open_flags_block_submission_and_approval(session: Session, shop) -> None:
    _tenant, admin, staff, _colleague, product = shop
    article = article_for(session, staff, product, body="300m防水の最高峰モデル。")
    with pytest.raises(review.ReviewPending):
        lifecycle.submit(session=session, actor=f.actor(staff), article_id=int(article.id or 0))
    with pytest.raises(review.ReviewPending):
        lifecycle.approve(session=session, actor=f.actor(admin), article_ids=[int(article.id or 0)])


def test_reject_with_a_comment_then_resubmit(session: Session, shop) -> None:
    _tenant, admin, staff, _colleague, product = shop
    article = article_for(session, staff, product)
    lifecycle.submit(session=session, actor=f.actor(staff), article_id=int(article.id or 0))
    with pytest.raises(AccessDenied):
        lifecycle.reject(session=session, actor=f.actor(staff), article_id=int(article.id or 0), comment="x")
    with pytest.raises(lifecycle.LifecycleError, match="理由"):
        lifecycle.reject(session=session, actor=f.actor(admin), article_id=int(article.id or 0), comment="  ")
    rejected = lifecycle.reject(
        session=session, actor=f.actor(admin), article_id=int(article.id or 0), comment="価格を確認"
    )
    assert rejected.review_status == "rejected" and rejected.review_comment == "価格を確認"
    lifecycle.submit(session=session, actor=f.actor(staff), article_id=int(article.id or 0))


def test_an_approved_article_is_frozen_and_an_edit_makes_a_version(session: Session, shop) -> None:
    _tenant, admin, staff, _colleague, product = shop
    article = article_for(session, staff, product)
    lifecycle.approve(session=session, actor=f.actor(admin), article_ids=[int(article.id or 0)])
    edited = library.save_edit(
        session=session, actor=f.actor(admin), article_id=int(article.id or 0), title=article.title,
        body="ケース径41mmの、未使用の一本です。",
    )  # fmt: skip
    assert edited.id != article.id and edited.version == 2 and edited.review_status == "draft"
    session.expire_all()
    frozen = session.get(Article, article.id)
    assert frozen is not None and frozen.body == "ケース径41mmの一本です。" and frozen.review_status == "approved"
    chain = lifecycle.versions(session=session, actor=f.actor(admin), article_id=edited.id)
    assert [v.version for v in chain] == [2, 1] and chain[1].status == "承認済み"
    diff = lifecycle.diff_lines(chain[1].body, chain[0].body)
    assert ("-", "ケース径41mmの一本です。") in diff and ("+", "ケース径41mmの、未使用の一本です。") in diff


def test_price_update_marks_approved_articles_out_of_date(session: Session, shop) -> None:
    tenant, admin, staff, _colleague, product = shop
    article = article_for(session, staff, product)
    lifecycle.approve(session=session, actor=f.actor(admin), article_ids=[int(article.id or 0)])
    assert lifecycle.stale_articles(session=session, actor=f.actor(admin)) == []
    parsed = parse_catalogue(
        "ブランド,型番,税込価格,ケース径,状態\nROLEX,126610LN,2100000,41mm,中古A\n".encode(), "c.csv"
    )
    write_import(
        session=session, actor=f.actor(admin), tenant_id=int(tenant.id or 0), rows=parsed.rows, update_prices=True
    )
    stale = lifecycle.stale_articles(session=session, actor=f.actor(admin))
    assert [a.id for a, _changes in stale] == [article.id]
    changes = {c["field"]: (c["old"], c["new"]) for c in stale[0][1]}
    assert changes["価格"] == ("1,980,000円", "2,100,000円")
    with pytest.raises(AccessDenied):
        lifecycle.stale_articles(session=session, actor=f.actor(staff))


def _approved(session: Session, shop, product=None, **fields) -> Article:
    _tenant, admin, staff, _colleague, shop_product = shop
    article = article_for(session, staff, product or shop_product, **fields)
    for term in [flag["term"] for flag in article.flags]:
        review.acknowledge(session=session, actor=f.actor(admin), article_id=int(article.id or 0), term=term)
    lifecycle.approve(session=session, actor=f.actor(admin), article_ids=[int(article.id or 0)])
    return article


def read_csv(content: bytes, encoding: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode(encoding), newline="")))


def test_rakuten_file_reads_back_in_cp932_with_the_platform_headers(session: Session, shop) -> None:
    _tenant, admin, *_ = shop
    article = _approved(session, shop, title="髙島屋で人気① サブマリーナー～126610LN")
    record, plan = exports.export(
        session=session, actor=f.actor(admin), article_ids=[int(article.id or 0)], fmt="rakuten"
    )
    rows = read_csv(record.content, "cp932")
    assert rows[0] == exports.RAKUTEN_HEADERS
    values = dict(zip(rows[0], rows[1], strict=True))
    sku = dict(zip(rows[0], rows[2], strict=True))  # one parent row and one SKU row per item
    assert values["商品名"] == "髙島屋で人気① サブマリーナー～126610LN"  # 髙, ① and ～ survive CP932
    assert values["商品管理番号（商品URL）"] == sku["SKU管理番号"] == "126610ln" and values["倉庫指定"] == "1"
    assert sku["販売価格"] == "1980000" and values["販売価格"] == ""
    assert "<h2>商品情報</h2>" in values["PC用商品説明文"] and "1,980,000円（税込）" in values["PC用商品説明文"]
    assert any("機種依存文字" in w for w in plan.rows[0].warnings)
    session.expire_all()
    assert session.get(Article, article.id).review_status == "exported"
    stored = session.exec(select(ArticleExport)).all()
    assert [r.article_ids for r in stored if r.id == record.id] == [[article.id]]


def test_formula_cells_are_neutralised_and_invalid_rows_block_the_file(session: Session, shop) -> None:
    tenant, admin, *_ = shop
    formula = _approved(session, shop, title='=HYPERLINK("http://x")')
    specs = {"ケース径": "41mm", "状態": "未使用"}  # another piece of the reference: its own mall item key
    other = f.product(session, tenant, "ROLEX", "126610LN", price_jpy=1_980_000, name="サブマリーナー", specs=specs,
                      price_tax="included", stock_number="A-2")  # fmt: skip
    too_long = _approved(session, shop, product=other, title="ロレックス" * 60)
    ids = [int(formula.id or 0), int(too_long.id or 0)]
    with pytest.raises(exports.ExportError, match="1 件"):
        exports.export(session=session, actor=f.actor(admin), article_ids=ids, fmt="rakuten")
    assert session.exec(select(ArticleExport)).all() == []  # nothing written
    record, plan = exports.export(
        session=session, actor=f.actor(admin), article_ids=ids, fmt="yahoo", exclude_invalid=True
    )
    assert [row.article_id for row in plan.invalid] == [too_long.id]
    rows = read_csv(record.content, "cp932")
    assert rows[0] == exports.YAHOO_HEADERS and len(rows) == 2
    assert dict(zip(rows[0], rows[1], strict=True))["name"].startswith("＝HYPERLINK")


@pytest.mark.parametrize("fmt", ["shopify", "csv", "xlsx"])
def test_shopify_and_plain_files_read_back(session: Session, shop, fmt: str) -> None:
    _tenant, admin, staff, *_ = shop
    article = _approved(session, shop, title="-1 サブマリーナー")
    record, _plan = exports.export(session=session, actor=f.actor(admin), article_ids=[int(article.id or 0)], fmt=fmt)
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(record.content)).active
        rows = [[("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(values_only=True)]
    else:
        rows = read_csv(record.content, "utf-8-sig" if fmt == "csv" else "utf-8")
    headers = exports.SHOPIFY_HEADERS if fmt == "shopify" else exports.PLAIN_HEADERS
    assert rows[0] == headers
    values = dict(zip(rows[0], rows[1], strict=True))
    title = values["Title"] if fmt == "shopify" else values["タイトル"]
    assert title == ("－1 サブマリーナー" if fmt == "shopify" else "'-1 サブマリーナー")
    if fmt == "shopify":
        assert values["URL handle"] == "126610ln" and values["Price"] == "1980000"
    with pytest.raises(AccessDenied):
        exports.plan_export(session=session, actor=f.actor(staff), article_ids=[int(article.id or 0)], fmt=fmt)


def test_only_approved_articles_of_the_shop_are_exported(session: Session, shop) -> None:
    _tenant, admin, staff, _colleague, product = shop
    draft = article_for(session, staff, product)
    with pytest.raises(exports.ExportError, match="承認されていない"):
        exports.export(session=session, actor=f.actor(admin), article_ids=[int(draft.id or 0)], fmt="csv")
    stranger = f.user(session, f.tenant(session, "Export stranger"), "admin")
    approved = _approved(session, shop)
    with pytest.raises(AccessDenied):
        exports.export(session=session, actor=f.actor(stranger), article_ids=[int(approved.id or 0)], fmt="csv")


def test_characters_cp932_cannot_carry_are_reported_per_row(session: Session, shop) -> None:
    _tenant, admin, *_ = shop
    hermes = _approved(session, shop, title="Hermès 3〜5営業日")
    plan = exports.plan_export(session=session, actor=f.actor(admin), article_ids=[int(hermes.id or 0)], fmt="yahoo")
    assert any("表せない文字" in p and "è" in p for p in plan.rows[0].problems)
    assert plan.rows[0].values["name"].endswith("3～5営業日")  # WAVE DASH mapped to what CP932 keeps


def test_a_new_version_is_written_from_the_products_facts_now(session: Session, shop) -> None:
    tenant, admin, *_ = shop
    article = _approved(session, shop)
    csv_text = "ブランド,型番,税込価格,ケース径,状態\nROLEX,126610LN,2100000,41mm,未使用\n"
    write_import(
        session=session,
        actor=f.actor(admin),
        tenant_id=int(tenant.id or 0),
        rows=parse_catalogue(csv_text.encode(), "c.csv").rows,
        update_prices=True,
    )
    edited = library.save_edit(
        session=session, actor=f.actor(admin), article_id=int(article.id or 0), title=article.title, body="書き直し"
    )
    assert edited.version == 2 and edited.snapshot["price_jpy"] == 2_100_000
    rows = library.list_for_review(session=session, actor=f.actor(admin), stale_only=True)
    assert [row.view.id for row in rows] == [article.id]  # v1 is out of date, v2 is not
    assert rows[0].stale[0] == {"field": "価格", "old": "1,980,000円", "new": "2,100,000円"}
