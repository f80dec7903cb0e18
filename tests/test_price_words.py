"""Issue 25 item A: prices that are not prices. `0`, `¥0`, `０`, ASK, 応談, 価格未定, お問い合わせ are
stored as no price (price_jpy NULL), never an error and never 0; SOLD / 売約済 / 商談中 / HOLD in a
price cell or a status column (ステータス, 在庫状況; never 状態) set the sale state. The facts block
says 「価格はお問い合わせください」, mall exports refuse such a row, the upload preview counts them.

Files: tests/data/catalogue/c32_price_words.csv and c25_hidden_sheet.xlsx (copies of the shared
cases), tests/data/shop_files (driven case by case in test_shop_files.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from horologen.models import Article, MasterProduct
from horologen.services.articles import channels, exports, lifecycle
from horologen.services.articles.channels import ArticleContent
from horologen.services.articles.facts import ON_REQUEST, facts_for
from horologen.services.articles.profile import ProfileData
from horologen.services.articles.prompting import GenerationOptions, build_prompt, snapshot_of
from horologen.services.catalogue import upload as catalogue_upload
from horologen.services.catalogue.files import parse_catalogue
from horologen.services.catalogue.price_words import (
    AVAILABLE,
    RESERVED,
    SOLD,
    read_price_cell,
    read_status_cell,
)
from tests.support import factories as f

DATA = Path(__file__).parent / "data" / "catalogue"
SHOP_FILES = Path(__file__).parent / "data" / "shop_files"


@pytest.mark.parametrize(
    ("raw", "price", "state", "zero"),
    [
        ("0", None, AVAILABLE, True),
        ("０", None, AVAILABLE, True),
        ("¥0", None, AVAILABLE, True),
        ("￥０", None, AVAILABLE, True),
        ("0円", None, AVAILABLE, True),
        (0, None, AVAILABLE, True),
        ("ASK", None, AVAILABLE, False),
        ("Ask", None, AVAILABLE, False),
        ("応談", None, AVAILABLE, False),
        ("価格応談", None, AVAILABLE, False),
        ("価格未定", None, AVAILABLE, False),
        ("お問い合わせ", None, AVAILABLE, False),
        ("価格はお問い合わせください", None, AVAILABLE, False),
        ("SOLD", None, SOLD, False),
        ("SOLD OUT", None, SOLD, False),
        ("売約済", None, SOLD, False),
        ("売約済み", None, SOLD, False),
        ("売切", None, SOLD, False),
        ("売り切れ", None, SOLD, False),
        ("商談中", None, RESERVED, False),
        ("HOLD", None, RESERVED, False),
        ("¥1,980,000", 1_980_000, AVAILABLE, False),
        (1_980_000, 1_980_000, AVAILABLE, False),
    ],
)
def test_price_cells(raw: object, price: int | None, state: str, zero: bool) -> None:
    cell = read_price_cell(raw)
    assert (cell.price_jpy, cell.state, cell.zero) == (price, state, zero)


@pytest.mark.parametrize("raw", ["1,98O,000", "要確認", "-5", "12.5"])
def test_other_words_are_still_errors(raw: str) -> None:
    with pytest.raises(ValueError):
        read_price_cell(raw)


@pytest.mark.parametrize(
    ("text", "state", "known"),
    [("", None, True), ("在庫あり", AVAILABLE, True), ("売約済み", SOLD, True), ("商談中", RESERVED, True),
     ("SOLD", SOLD, True), ("入荷待ち", AVAILABLE, False)],
)  # fmt: skip
def test_status_cells(text: str, state: str | None, known: bool) -> None:
    cell = read_status_cell(text)
    assert (cell.state, cell.known) == (state, known)


def test_the_shared_price_words_file() -> None:
    """c32_price_words.csv: every word is a row without a price (or sold / reserved); a zero is
    named by a warning; Excel's 1.98E+06 (digits lost) is the one error, and says why."""
    parsed = parse_catalogue((DATA / "c32_price_words.csv").read_bytes(), "c32_price_words.csv")
    by_reference = {row.reference: row for row in parsed.rows}
    assert {ref: row.price_state for ref, row in by_reference.items()} == {
        "126610LN": "on_request",  # 0
        "116500LN": "on_request",  # ASK
        "5711/1A-010": "on_request",  # 応談
        "15500ST.OO.1220ST.01": "sold",
        "310.30.42.50.01.001": "reserved",
        "79360N": "priced",
        "CRWSSA0018": "on_request",  # ¥0
    }
    assert all(row.price_jpy is None for ref, row in by_reference.items() if ref != "79360N")
    assert by_reference["79360N"].price_jpy == 1_980_000
    assert [(w.line, w.column) for w in parsed.warnings] == [(2, "D"), (9, "D")]
    assert "「0」は 0 円です" in parsed.warnings[0].reason and "「¥0」" in parsed.warnings[1].reason
    assert [(e.line, e.column) for e in parsed.errors] == [(8, "D")] and "指数表記" in parsed.errors[0].reason


def test_state_is_never_the_condition_rank() -> None:
    """状態 is the condition rank (A, SA): a 状態 column never sets the sale state."""
    parsed = parse_catalogue("ブランド,型番,価格,状態\nROLEX,126610LN,1980000,SOLD\n".encode())
    assert parsed.rows[0].sale_state == AVAILABLE and parsed.rows[0].specs == {"状態": "SOLD"}


def test_a_sold_status_allows_a_blank_price_and_keeps_a_number() -> None:
    data = 'ブランド,型番,価格,在庫状況\nROLEX,1,,売約済み\nROLEX,2,"1,000",商談中\nROLEX,3,,在庫あり\n'
    parsed = parse_catalogue(data.encode())
    assert [(r.reference, r.price_jpy, r.price_state) for r in parsed.rows] == [("1", None, "sold"),
                                                                                ("2", 1000, "reserved")]  # fmt: skip
    assert [(e.line, e.column) for e in parsed.errors] == [(4, "C")]  # blank price, on sale: still an error
    assert "在庫状況" not in parsed.spec_columns  # the status is the sale state, not a spec


@pytest.fixture()
def shop(session: Session):
    tenant = f.tenant(session, "Price words shop")
    admin = f.user(session, tenant, "admin")
    f.licensed(session, tenant)
    return tenant, f.actor(admin)


def test_preview_counts_and_commit_stores_no_price(session: Session, shop) -> None:
    tenant, admin = shop
    data = (DATA / "c32_price_words.csv").read_bytes()
    preview = catalogue_upload.preview_upload(session=session, actor=admin, filename="c32.csv", data=data)
    assert (preview.no_price, preview.sold, preview.reserved) == (4, 1, 1)
    assert preview.warning_count == 2 and [w.line for w in preview.warnings] == [2, 9]
    assert preview.to_add == 7 and preview.error_count == 1
    catalogue_upload.commit_upload(session=session, actor=admin, upload_id=preview.upload_id)
    stored = {p.reference: p for p in session.exec(select(MasterProduct).where(MasterProduct.tenant_id == tenant.id))}
    assert stored["126610LN"].price_jpy is None and stored["126610LN"].sale_state == "available"
    assert stored["15500ST.OO.1220ST.01"].sale_state == "sold" and stored["15500ST.OO.1220ST.01"].sold_at
    assert stored["310.30.42.50.01.001"].sale_state == "reserved"
    assert 0 not in {p.price_jpy for p in stored.values()}  # never a ¥0 product


def test_the_preview_passes_sheets_hidden_rows_and_warnings_through(session: Session, shop) -> None:
    _tenant, admin = shop
    data = (DATA / "c25_hidden_sheet.xlsx").read_bytes()
    preview = catalogue_upload.preview_upload(session=session, actor=admin, filename="c25.xlsx", data=data)
    assert preview.skipped_sheets == ["旧在庫(2025)"] and preview.hidden_rows == 1
    onrequest = (SHOP_FILES / "price_words_onrequest.csv").read_bytes()
    preview = catalogue_upload.preview_upload(session=session, actor=admin, filename="p.csv", data=onrequest)
    assert [w.line for w in preview.warnings] == [6, 7, 8] and preview.no_price == 7


def test_the_facts_block_and_the_prompt_say_on_request(session: Session, shop) -> None:
    tenant, _admin = shop
    product = f.product(session, tenant, "ROLEX", "116500LN", price_jpy=None, specs={"状態": "A"})  # type: ignore[arg-type]
    snapshot = snapshot_of(product)
    facts = facts_for(snapshot, ProfileData())
    assert [(fact.label, fact.value) for fact in facts if fact.field == "price"] == [("価格", ON_REQUEST)]
    content = ArticleContent("t", "c", "本文。", "", snapshot, ProfileData(), "own_site")
    assert "価格：価格はお問い合わせください" in channels.plain_description(content)
    assert (
        "<price>価格はお問い合わせください</price>" in build_prompt(snapshot, GenerationOptions(), ProfileData()).user
    )
    # a snapshot without the key at all (old articles) says nothing about a price
    assert not [fact for fact in facts_for({"reference": "X"}, ProfileData()) if fact.field == "price"]


def _approved(session: Session, tenant, admin, product) -> Article:
    article = Article(
        tenant_id=tenant.id, user_id=admin.user_id, product_id=product.id, input_snapshot=snapshot_of(product),
        options={"channel": "rakuten"}, title="ロレックス デイトナ 116500LN", catch_copy="c", body="本文です。",
        status="done", flags=[],
    )  # fmt: skip
    session.add(article)
    session.commit()
    lifecycle.approve(session=session, actor=admin, article_ids=[int(article.id or 0)])
    return article


@pytest.mark.parametrize("fmt", ["rakuten", "yahoo", "shopify"])
def test_mall_exports_refuse_a_row_without_a_price(session: Session, shop, fmt: str) -> None:
    tenant, admin = shop
    product = f.product(session, tenant, "ROLEX", "116500LN", price_jpy=None)  # type: ignore[arg-type]
    article = _approved(session, tenant, admin, product)
    plan = exports.plan_export(session=session, actor=admin, article_ids=[int(article.id or 0)], fmt=fmt)
    assert [row.article_id for row in plan.invalid] == [article.id]
    assert any("価格がありません" in p and "モール" in p for p in plan.rows[0].problems)
    with pytest.raises(exports.ExportError):
        exports.write_plan(session=session, actor=admin, plan=plan)
    plain = exports.plan_export(session=session, actor=admin, article_ids=[int(article.id or 0)], fmt="csv")
    assert plain.invalid == [] and plain.rows[0].values["価格（税込）"] is None  # the list file is no mall
