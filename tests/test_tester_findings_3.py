"""The fourth session's tester findings, through the real services on both databases: an approved
article whose product was corrected says 要更新 on its own page and cannot be copied until a new
version (written from today's facts) is approved."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from horologen import config
from horologen.models import MasterProduct
from horologen.services.articles import library, lifecycle
from horologen.services.articles.article_screen import article_screen
from tests.support import factories as f


@pytest.fixture()
def shop(session: Session, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test-key")
    config.get_settings.cache_clear()
    tenant = f.tenant(session, "Findings shop 3")
    admin = f.actor(f.user(session, tenant, "admin"))
    staff = f.actor(f.user(session, tenant, "staff"))
    piece = f.product(
        session, tenant, "ROLEX", "116610LV", price_jpy=1_980_000, stock_number="T-5001",
        specs={"状態ランク": "A", "付属品": "箱・保証書・タグ"},
    )  # fmt: skip
    yield tenant, admin, staff, piece
    config.get_settings.cache_clear()


def test_an_approved_article_of_a_corrected_piece_says_so_and_is_not_copied(session: Session, shop) -> None:
    tenant, admin, staff, piece = shop
    article_id = f.reviewed_draft(session, tenant, staff.user_id, piece, "状態のよい一本です。")
    lifecycle.approve(session=session, actor=admin, article_ids=[article_id])
    opened = article_screen(session=session, actor=staff, article_id=article_id).article
    assert opened.stale_note == "" and not opened.copy_closed and opened.copy_text
    # The shop's file corrects the piece: condition B, the box gone.
    product = session.get(MasterProduct, piece.id)
    assert product is not None
    product.specs = {"状態ランク": "B", "付属品": "保証書のみ（箱なし）"}
    session.add(product)
    session.commit()
    for actor in (staff, admin):
        opened = article_screen(session=session, actor=actor, article_id=article_id).article
        assert "要更新" in opened.stale_note
        assert "状態ランク A → B" in opened.stale_note
        assert "付属品 箱・保証書・タグ → 保証書のみ（箱なし）" in opened.stale_note
        assert opened.copy_closed and (opened.copy_text, opened.copy_html) == ("", "")
    # Saving makes a new version from today's facts: a draft, not 要更新; approved, it copies again.
    edited = library.save_edit(
        session=session, actor=staff, article_id=article_id, title=opened.title, body="状態Bの一本です。"
    )
    assert edited.id != article_id and edited.snapshot["specs"]["状態ランク"] == "B"
    lifecycle.approve(session=session, actor=admin, article_ids=[edited.id])
    renewed = article_screen(session=session, actor=staff, article_id=edited.id).article
    assert renewed.stale_note == "" and not renewed.copy_closed and "状態B" in renewed.copy_text


def test_an_export_leaves_out_an_approved_article_of_a_corrected_piece(session: Session, shop) -> None:
    from horologen.services.articles import exports

    tenant, admin, staff, piece = shop
    article_id = f.reviewed_draft(session, tenant, staff.user_id, piece, "状態のよい一本です。")
    lifecycle.approve(session=session, actor=admin, article_ids=[article_id])
    for fmt in ("csv", "rakuten"):
        row = exports.plan_export(session=session, actor=admin, article_ids=[article_id], fmt=fmt).rows[0]
        assert not any("要更新" in p for p in row.problems)
    product = session.get(MasterProduct, piece.id)
    assert product is not None
    product.price_jpy = 1_880_000
    session.add(product)
    session.commit()
    for fmt in ("csv", "rakuten"):
        row = exports.plan_export(session=session, actor=admin, article_ids=[article_id], fmt=fmt).rows[0]
        assert any("要更新" in p and "1,980,000円 → 1,880,000円" in p for p in row.problems), row.problems


def test_a_tax_note_in_the_price_cell_decides_that_rows_basis_and_is_told() -> None:
    from horologen.services.catalogue.files import parse_catalogue
    from horologen.services.catalogue.prices import tax_included

    text = (
        "ブランド,型番,商品名,税込価格\n"
        'ROLEX,TEST-P14,税抜注記,"1,800,000(税抜)"\n'
        "ROLEX,TEST-P15,注記なし,1980000\n"
        "OMEGA,TEST-P16,プラス税,98万円+税\n"
        'OMEGA,TEST-P17,税込注記,"¥1,100,000（税込）"\n'
    )
    parsed = parse_catalogue(text.replace("¥", "\\").encode("cp932"), "catalogue.csv")  # Excel: ¥ is 0x5C
    rows = {r.reference: r for r in parsed.rows}
    assert parsed.price_tax == "included"
    assert (rows["TEST-P14"].price_jpy, rows["TEST-P14"].price_tax) == (1_800_000, "excluded")
    assert tax_included(rows["TEST-P14"].price_jpy, rows["TEST-P14"].price_tax) == 1_980_000
    assert (rows["TEST-P15"].price_tax, rows["TEST-P17"].price_tax) == ("included", "included")
    assert (rows["TEST-P16"].price_jpy, rows["TEST-P16"].price_tax) == (980_000, "excluded")
    told = [(w.line, w.column) for w in parsed.warnings if "税抜" in w.reason]
    assert told == [(2, "D"), (4, "D")]  # the note that matches the column says nothing new


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("グリーンのベゼルが印象的な一本です。", True),
        ("グリーンベゼルが印象的です。", True),
        ("赤いベゼルです。", True),
        ("ブラックのストラップが付属します。", True),
        ("The green bezel stands out.", True),
        ("ブラックの文字盤です。", False),  # the dial's own spec says so
        ("ベゼルはグリーンとブラックです。", False),  # no colour named with the part
    ],
)
def test_a_parts_colour_comes_from_that_parts_data(text: str, flagged: bool) -> None:
    """A bezel or strap colour the data does not hold is flagged as a dial colour always was."""
    from horologen.services.articles import review
    from horologen.services.articles.profile import ProfileData
    from horologen.services.articles.prompting import product_snapshot

    snapshot = product_snapshot("PANERAI", "PAM00984", "ルミノール", 800_000, {"文字盤": "ブラック"})
    terms = [f.term for f in review.flags_for(text, snapshot, "", ProfileData()) if f.kind == "spec"]
    assert bool(terms) is flagged, terms


def test_the_same_number_on_another_tax_basis_is_one_tax_line_not_a_price_line() -> None:
    """¥98,000 税込 stored, ¥98,000 本体価格 in the file: the preview says 税区分 税込 → 税抜, not
    the puzzling 「価格 ¥98,000 → ¥98,000」; applying it writes the number and its basis together."""
    from horologen.services.catalogue.brands import BrandFolder
    from horologen.services.catalogue.changes import StoredProduct, applied, compare, new_values
    from horologen.services.catalogue.files import CatalogueRow

    stored = StoredProduct(
        id=1, brand="SEIKO", brand_key="SEIKO", reference="SBDC101", reference_key="SBDC101", stock_number=None,
        name="", price_jpy=98_000, price_tax="included", sale_state="available", sold_at=None, specs={},
    )  # fmt: skip
    row = CatalogueRow(2, "SEIKO", "SBDC101", "", 98_000, {}, "excluded")
    folder = BrandFolder({})
    changes = compare(stored, row, folder, [], name_column=False)
    assert [c.field for c in changes] == ["price_tax"]
    written = new_values(stored, row, applied(changes, "prices", False), folder)
    assert (written["price_jpy"], written["price_tax"]) == (98_000, "excluded")
    moved = compare(stored, CatalogueRow(2, "SEIKO", "SBDC101", "", 90_000, {}, "excluded"), folder, [], False)
    assert [c.field for c in moved] == ["price_jpy", "price_tax"]


def test_a_condition_column_spelt_otherwise_updates_the_same_fact() -> None:
    """The catalogue says 状態 中古A, the new file's column is 状態ランク B: one change 中古A → B, and
    the piece keeps one condition (the file's spelling), never two that disagree."""
    from horologen.services.catalogue.brands import BrandFolder
    from horologen.services.catalogue.changes import StoredProduct, applied, compare, new_values
    from horologen.services.catalogue.files import CatalogueRow

    stored = StoredProduct(
        id=1, brand="CARTIER", brand_key="CARTIER", reference="WSSA0018", reference_key="WSSA0018",
        stock_number="HG-1004", name="", price_jpy=1_050_000, price_tax="included", sale_state="available",
        sold_at=None, specs={"状態": "中古A", "付属": "箱・保証書", "ケース径": "35.1mm"},
    )  # fmt: skip
    row = CatalogueRow(2, "CARTIER", "WSSA0018", "", 1_050_000, {"状態ランク": "B", "付属品": "箱・保証書"}, "included",
                       "HG-1004")  # fmt: skip
    folder = BrandFolder({})
    changes = compare(stored, row, folder, ["状態ランク", "付属品"], name_column=False)
    assert [(c.field, c.old, c.new) for c in changes] == [("状態ランク", "中古A", "B")]  # 付属 = 付属品: no change
    written = new_values(stored, row, applied(changes, "all", False), folder)
    assert written["specs"] == {"状態ランク": "B", "付属": "箱・保証書", "ケース径": "35.1mm"}


def test_price_cells_the_second_tester_wrote() -> None:
    """A note giving the other amount is no note on this price; a misplaced comma is no price to
    guess; a shop's cost-side columns (下代, 買取価格, 業販価格, 掛率) are never imported."""
    from horologen.services.catalogue.files import parse_catalogue

    text = (
        "ブランド,型番,商品名,税込価格,下代,買取価格,業販価格,掛率,状態\n"
        'OMEGA,P-2015,注記,"¥550,000（税抜¥500,000）",400000,380000,450000,0.7,A\n'
        'OMEGA,P-2016,崩れ,"12,800,00",1,1,1,1,A\n'
    )
    parsed = parse_catalogue(text.encode("utf-8"), "catalogue.csv")
    assert [(r.reference, r.price_jpy, r.price_tax) for r in parsed.rows] == [("P-2015", 550_000, "included")]
    assert [(e.line, e.column) for e in parsed.errors] == [(3, "D")]
    assert parsed.private_columns == ["下代", "買取価格", "業販価格", "掛率"]
    assert parsed.rows[0].specs == {"状態": "A"}


def test_an_older_list_never_puts_a_sold_piece_back_on_sale() -> None:
    """A piece sold since the list was exported stays sold whatever the file's price says (販売中に
    戻す on its page sells it again); its other columns still follow the file."""
    from horologen.services.catalogue.brands import BrandFolder
    from horologen.services.catalogue.changes import StoredProduct, compare
    from horologen.services.catalogue.files import CatalogueRow
    from horologen.state.upload_rows import existing_row

    stored = StoredProduct(
        id=1, brand="OMEGA", brand_key="OMEGA", reference="310.30.42.50.01.001", reference_key="31030425001001",
        stock_number="HG-1003", name="", price_jpy=748_000, price_tax="included", sale_state="sold",
        sold_at=None, specs={"状態ランク": "A"},
    )  # fmt: skip
    row = CatalogueRow(4, "OMEGA", "310.30.42.50.01.001", "", 748_000, {"状態ランク": "AB"}, "included", "HG-1003")
    changes = compare(stored, row, BrandFolder({}), ["状態ランク"], name_column=False)
    assert [(c.field, c.old, c.new) for c in changes] == [("状態ランク", "A", "AB")]
    assert existing_row(row, 748_000, "sold").change.startswith("売約済みのまま")


# The second tester's own variants (a fresh helper, 2026-11-30): each must be flagged as advertising,
# and the honest sentences beside them must not be flagged at all.
SECOND_TESTER_CLAIMS = (
    "数年後に手放す際も、購入時とほぼ変わらない金額で引き取られることが多いモデルです。",
    "持っているだけで資産が増えていく一本です。",
    "相場は右肩上がりで、寝かせておくほど値打ちが出ます。",
    "将来のプレミア化が期待できます。",
    "買った値段より高く売れる可能性が高いモデルです。",
    "貯金するより、この時計を持つほうが賢い選択です。",
    "ここ数年で相場が倍近くまで上がっており、今後も上昇が見込まれます。",
    "売却時に損をしにくいリファレンスです。",
    "この個体を逃すと、次にいつ入荷するかは誰にもわかりません。",
    "再入荷の予定は一切ございません。",
    "本日23時59分で掲載を終了します。",
    "迷っている時間はありません。",
    "他のお客様からもお問い合わせをいただいておりますので、お急ぎください。",
    "この価格でのご案内は月末までです。",
    "ラストワンの在庫です。",
    "都内のどのショップよりもお安くご提供しています。",
    "これ以上安いお店はありません。",
    "口コミ評価★4.9の高評価ショップです。",
    "当店でいちばん売れているモデルです。",
    "年間販売本数トップ3に入るモデルです。",
    "今週末までのご成約で特別価格にてご案内します。",
)
SECOND_TESTER_PLAIN = (
    "一番人気の色ではありませんが、落ち着いた印象です。",
    "ナンバーワンを目指して、丁寧な接客を心がけています。",
    "トップクラスではありませんが、しっかりした作りです。",
    "限定モデルではありませんが、落ち着いた文字盤が魅力です。",
    "第1土曜日は定休日です。",
    "一番下の写真は裏蓋です。",
    "最後に付属品をご確認ください。",
    "再入荷のお知らせはメールでお送りします。",
    "お急ぎの場合はお電話ください。",
    "本日発送の締め切りは15時です。",
)


@pytest.mark.parametrize("text", SECOND_TESTER_CLAIMS)
def test_the_second_testers_claims_are_flagged(text: str) -> None:
    from horologen.services.articles import review
    from horologen.services.articles.profile import ProfileData
    from horologen.services.articles.prompting import product_snapshot

    snapshot = product_snapshot("OMEGA", "310.30.42.50.01.001", "スピードマスター", 880_000, {"ケース径": "42mm"})
    assert [f for f in review.flags_for(text, snapshot, "", ProfileData()) if f.kind == "ad"], text


@pytest.mark.parametrize("text", SECOND_TESTER_PLAIN)
def test_the_second_testers_honest_sentences_are_not_flagged(text: str) -> None:
    from horologen.services.articles import review
    from horologen.services.articles.profile import ProfileData
    from horologen.services.articles.prompting import product_snapshot

    snapshot = product_snapshot("OMEGA", "310.30.42.50.01.001", "スピードマスター", 880_000, {"ケース径": "42mm"})
    assert review.flags_for(text, snapshot, "", ProfileData()) == [], text


def test_a_reserved_pieces_mall_export_carries_a_warning(session: Session, shop) -> None:
    """商談中 is still on sale (the file goes out), but a mall lists it as in stock: the admin is told."""
    from horologen.services.articles import exports
    from horologen.services.catalogue import sale

    tenant, admin, staff, piece = shop
    article_id = f.reviewed_draft(session, tenant, staff.user_id, piece, "状態のよい一本です。")
    lifecycle.approve(session=session, actor=admin, article_ids=[article_id])
    sale.set_sale_state(session=session, actor=admin, product_id=int(piece.id or 0), state="reserved")
    mall = exports.plan_export(session=session, actor=admin, article_ids=[article_id], fmt="rakuten").rows[0]
    assert exports.RESERVED_NOTE in mall.warnings and not any("商談中" in p for p in mall.problems)
    listing = exports.plan_export(session=session, actor=admin, article_ids=[article_id], fmt="csv").rows[0]
    assert exports.RESERVED_NOTE not in listing.warnings
    # Reserved and corrected since: still left out as 要更新, with the warning beside it.
    product = session.get(MasterProduct, piece.id)
    assert product is not None
    product.price_jpy = 1_880_000
    session.add(product)
    session.commit()
    both = exports.plan_export(session=session, actor=admin, article_ids=[article_id], fmt="rakuten").rows[0]
    assert any("要更新" in p for p in both.problems) and exports.RESERVED_NOTE in both.warnings


def test_the_preview_shows_a_new_rows_brand_as_it_will_be_stored(session: Session, shop) -> None:
    from horologen.services.catalogue import upload as catalogue_upload

    _tenant, admin, _staff, _piece = shop
    data = "ブランド,型番,税込価格\nPanerai,PAM01312,1100000\nロレックス,124060,1650000\n".encode()
    preview = catalogue_upload.preview_upload(session=session, actor=admin, filename="new.csv", data=data)
    assert sorted(r.brand for r in preview.sample_add) == ["PANERAI", "ROLEX"]
