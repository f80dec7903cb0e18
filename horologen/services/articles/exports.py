"""Export files of approved articles, one per channel: 楽天市場 item CSV, Yahoo!ショッピング product
CSV, Shopify products CSV, and a plain CSV / XLSX.

Formats (read 2026-11-29 with the search tool; the platforms' own manuals need a login, so the
column lists come from public code that writes these files, named here):
- 楽天 SKU-era `normal-item.csv` (since the 2023 SKU migration; no コントロールカラム, deletion is a
  separate item-delete.csv): one parent row (商品管理番号（商品URL）, 商品番号, 商品名, 倉庫指定,
  ジャンルID, キャッチコピー, 説明文) and one SKU row (商品管理番号, SKU管理番号, 販売価格, 在庫数,
  カタログIDなしの理由); CP932, CRLF. 商品管理番号 ≤ 32 bytes of 0-9 a-z - _. Sources: a
  dl-normal-item.csv header list (TheKinng96/python-rakuten-csv-to-shopify-csv), kurocoma/
  product-register webui/lib/converters/rakuten.ts, hanyo-converter lib/pricing/export.py. 倉庫指定=1
  uploads the item unpublished; ジャンルID and the catalogue reason are the shop's to fill in RMS.
  The price column is 販売価格 in these dumps (newer ones may say 通常購入販売価格): check against
  the shop's own download. Untested against RMS itself.
- Yahoo!ショッピング 商品データ CSV (ストアクリエイターPro, 項目指定 upload): path, name, code, price,
  headline, caption, explanation (kurocoma webui/lib/converters/yahoo.ts YAHOO_COLUMNS); Shift_JIS
  (CP932), price tax-included, code of half-width alphanumerics and "-".
- Shopify product CSV, the current template's header names (help.shopify.com/en/manual/products/
  import-export/using-csv: only Title is required for a new product; UTF-8).

Every row is validated before anything is written (the platform's limits as channels.py counts
them, characters the file's encoding cannot carry); nothing is written while a row is invalid
unless the admin excludes the invalid rows. A mall file (楽天, Yahoo!, Shopify) also refuses a row
with no price (malls need one; the product says 「価格はお問い合わせください」), a sold piece (its
articles are withdrawn instead: `withdrawals`), and two rows that would share the mall's item key
(the stock number, else the reference; both rows are named). The rows are built by
`export_formats`. Every cell passes `neutralise` (control characters out;
OWASP formula guard, full-width in mall files). Written by the csv module (strict) and openpyxl.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from horologen.errors import UserFacingError
from horologen.models import Article, ArticleExport, MasterProduct, User, utcnow
from horologen.services.accounts.access import ADMIN, AccessDenied, Actor, require_role
from horologen.services.articles import channels, lifecycle, review
from horologen.services.articles.channels import ArticleContent
from horologen.services.articles.export_cells import CONTROL_CHARACTERS, MALL_FORMATS, neutralise
from horologen.services.articles.export_formats import (
    BUILDERS,
    ITEM_KEY_COLUMNS,
    PLAIN_HEADERS,
    RAKUTEN_HEADERS,
    SHOPIFY_HEADERS,
    YAHOO_HEADERS,
    handle,
    price_of,
)
from horologen.services.articles.profile import profile_for_tenant
from horologen.services.operations import audit
from horologen.timezones import to_tokyo

__all__ = [
    "FORMATS", "PLAIN_HEADERS", "RAKUTEN_HEADERS", "SHOPIFY_HEADERS", "YAHOO_HEADERS", "ExportError", "ExportPlan",
    "ExportRow", "export", "handle", "plan_export", "render_file", "write_plan",
]  # fmt: skip

FORMATS = {
    "rakuten": "楽天市場 商品CSV（Shift_JIS・倉庫に入れた状態で登録）",
    "yahoo": "Yahoo!ショッピング 商品データCSV（Shift_JIS）",
    "shopify": "Shopify 商品CSV（UTF-8）",
    "csv": "一覧 CSV（UTF-8、Excel 用 BOM 付き）",
    "xlsx": "一覧 Excel（.xlsx）",
}
ENCODINGS = {"rakuten": "cp932", "yahoo": "cp932", "shopify": "utf-8", "csv": "utf-8-sig"}
MAX_ARTICLES = 2000
# Characters CP932 cannot carry but has a look-alike for (WAVE DASH would read back as ～ anyway;
# EM DASH does not encode): mapped before writing, so staff see what the mall will get.
CP932_LOOKALIKES = str.maketrans({"〜": "～", "—": "―"})


# 古物営業法 第12条 and 施行規則 第11条: a dealer selling used goods on the internet shows its name,
# the 公安委員会 that licensed it and its licence number on the listing.
KOBUTSU_MISSING = (
    "古物商の表示（氏名又は名称・許可をした公安委員会・許可番号）が店舗プロフィールにありません。"
    "「店舗プロフィール」（/admin/profile）で入力してから出力してください（古物営業法 第12条）。"
)
NO_PRICE = (
    "価格がありません（カタログでは「価格はお問い合わせください」）。モール（楽天市場・Yahoo!ショッピング・"
    "Shopify）には価格が必要です。カタログに価格を入れて取り込み直してから出力してください。"
)
SOLD = "売約済みの商品です。モールには出力せず、「取り下げファイル」でモールから取り下げてください。"
RESERVED_NOTE = "商談中の商品です。モールでは在庫ありとして出品されるため、成約までは購入を止める設定をご確認ください。"
# An approved article whose product was corrected since (要更新, lifecycle.stale_changes) states
# facts that are no longer true: not published until a new version is approved (景品表示法 第5条).
STALE = "要更新: 承認後に商品データが変わりました（{changes}）。記事を直して新しい版を承認してから出力してください。"


class ExportError(UserFacingError, ValueError):
    """The export cannot be made as asked; the message says why."""


@dataclass
class ExportRow:
    article_id: int
    reference: str
    values: dict[str, Any]
    problems: list[str] = field(default_factory=list)  # any → the row is invalid
    warnings: list[str] = field(default_factory=list)
    extra: list[dict[str, Any]] = field(default_factory=list)  # more lines of the same item (楽天 SKU row)


@dataclass
class ExportPlan:
    fmt: str
    headers: list[str]
    rows: list[ExportRow]

    @property
    def invalid(self) -> list[ExportRow]:
        return [row for row in self.rows if row.problems]


def _reference(article: Article) -> str:
    return str((article.input_snapshot or {}).get("reference", ""))


def _exportable(session: Session, actor: Actor, article_ids: Iterable[int]) -> list[Article]:
    require_role(actor, ADMIN)
    ids = list(dict.fromkeys(int(i) for i in article_ids))
    if not ids:
        raise ExportError("出力する記事を選んでください。")
    if len(ids) > MAX_ARTICLES:
        raise ExportError(f"一度に出力できるのは {MAX_ARTICLES:,} 件までです。")
    articles = [review.owned_article(session, actor, i) for i in ids]
    not_approved = [a for a in articles if a.review_status not in ("approved", "exported")]
    if not_approved:
        named = "、".join(
            f"{(a.input_snapshot or {}).get('reference', '')}「{a.title[:20]}」（版{a.version}）"
            for a in not_approved[:5]
        )
        raise ExportError(f"承認されていない記事は出力できません: {named}")
    return articles


def plan_export(*, session: Session, actor: Actor, article_ids: Iterable[int], fmt: str) -> ExportPlan:
    """Every row built and checked (shop admins; approved articles of the actor's shop only)."""
    if fmt not in FORMATS:
        raise ExportError("出力形式を選んでください。")
    articles = _exportable(session, actor, article_ids)
    headers, build = BUILDERS[fmt]
    staff = session.exec(select(User).where(User.tenant_id == actor.tenant_id))
    names = {int(u.id or 0): u.display_name or u.email for u in staff}
    encoding = ENCODINGS.get(fmt, "utf-8")
    rows: list[ExportRow] = []
    # The shop block is the shop's current one (library.content_of): one profile for the whole file.
    profile = profile_for_tenant(session=session, tenant_id=int(actor.tenant_id or 0))
    products = products_of(session, int(actor.tenant_id or 0), articles)  # one read for sold, reserved and 要更新
    sold = {i for i, product in products.items() if product.sale_state == "sold"}
    reserved = {i for i, product in products.items() if product.sale_state == "reserved"}
    stale = changed_products(articles, products)
    for article in articles:
        channel = str((article.options or {}).get("channel") or "own_site")
        content = ArticleContent(
            article.title,
            article.catch_copy,
            article.body,
            article.body_en,
            article.input_snapshot or {},
            profile,
            channel,
        )
        values, problems = build(content, article, names)
        sku = values.pop("_sku", None)
        if encoding == "cp932":
            values = {k: v.translate(CP932_LOOKALIKES) if isinstance(v, str) else v for k, v in values.items()}
        controls = [key for key, v in values.items() if isinstance(v, str) and CONTROL_CHARACTERS.search(v)]
        values = {key: neutralise(value, fmt) for key, value in values.items()}
        row = ExportRow(int(article.id or 0), _piece(content.snapshot), values, list(problems))
        row.warnings += [f"「{key}」にあった制御文字を取り除きました。" for key in controls]
        if fmt in MALL_FORMATS and not profile.kobutsu_line:
            row.problems.append(KOBUTSU_MISSING)
        if sku is not None:
            row.extra.append({key: neutralise(value, fmt) for key, value in sku.items()})
        if fmt in MALL_FORMATS and price_of(content) is None:
            row.problems.append(NO_PRICE)
        if fmt in MALL_FORMATS and article.product_id in sold:
            row.problems.append(SOLD)
        elif int(article.id or 0) in stale:
            row.problems.append(STALE.format(changes=stale[int(article.id or 0)]))
        if fmt in MALL_FORMATS and article.product_id in reserved:
            row.warnings.append(RESERVED_NOTE)
        for key, value in values.items():
            if isinstance(value, str) and encoding == "cp932":
                bad = "".join(dict.fromkeys(ch for ch in value if not _encodes(ch, encoding)))
                if bad:
                    shown = "、".join(_visible(ch) for ch in bad[:10])
                    row.problems.append(f"「{key}」に Shift_JIS（CP932）で表せない文字があります: {shown}")
                odd = "".join(dict.fromkeys(channels.machine_dependent(value)))
                if odd and fmt == "rakuten":
                    row.warnings.append(
                        f"「{key}」に機種依存文字があります: {odd[:10]}（楽天では使えない場合があります）"
                    )
        if values.get(headers[0]) in (None, "") and fmt not in ("csv", "xlsx"):
            row.problems.append(f"「{headers[0]}」が空です。")
        rows.append(row)
    _refuse_shared_item_keys(rows, fmt)
    return ExportPlan(fmt, headers, rows)


def products_of(session: Session, tenant_id: int, articles: list[Article]) -> dict[int, MasterProduct]:
    """The articles' products as they are now, by id (the tenant's only)."""
    ids = {a.product_id for a in articles if a.product_id}
    if not ids:
        return {}
    found = session.exec(
        select(MasterProduct).where(col(MasterProduct.id).in_(ids), MasterProduct.tenant_id == tenant_id)
    )
    return {int(product.id or 0): product for product in found}


def _piece(snapshot: dict[str, Any]) -> str:
    """How a report names the article's watch: its reference, and the piece's 管理番号 when it has one."""
    reference, stock = str(snapshot.get("reference", "")), str(snapshot.get("stock_number") or "")
    return f"{reference}・管理番号 {stock}" if stock else reference


def changed_products(articles: list[Article], products: dict[int, MasterProduct]) -> dict[int, str]:
    """Article id → what changed in its product since it was written ("状態ランク A → B、…"), for
    each article whose product's facts changed (`products` from products_of)."""
    found: dict[int, str] = {}
    for article in articles:
        changes = lifecycle.stale_changes(article.input_snapshot or {}, products.get(article.product_id or 0))
        if changes:
            found[int(article.id or 0)] = lifecycle.changes_text(changes)
    return found


def _refuse_shared_item_keys(rows: list[ExportRow], fmt: str) -> None:
    """Two rows of one mall file with the same item key would be one mall item (the second
    overwriting the first): each gets a problem naming every row that shares the key (two articles
    of one reference without stock numbers, two versions, or two stock numbers that read alike)."""
    column = ITEM_KEY_COLUMNS.get(fmt)
    if column is None:
        return
    groups: dict[object, list[ExportRow]] = {}
    for row in rows:
        if row.values.get(column) not in (None, ""):
            groups.setdefault(row.values[column], []).append(row)
    for key, group in groups.items():
        if len(group) < 2:
            continue
        named = "、".join(f"記事 {r.article_id}（{r.reference}）" for r in group)
        for row in group:
            row.problems.append(
                f"{named} の「{column}」がどれも「{key}」です。モールでは 1 つの商品になってしまうため、"
                "1 つだけを選んで出力してください（同じ型番の別の個体なら、カタログに管理番号を入れてください）。"
            )


def _visible(char: str) -> str:
    """A character as staff can find it: itself, or its code point when it is invisible (U+200B)."""
    if unicodedata.category(char)[0] in "CZ" or unicodedata.category(char) == "Mn":
        name = unicodedata.name(char, "")
        return f"U+{ord(char):04X}" + (f"（{name}）" if name else "")
    return char


def _encodes(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def render_file(plan: ExportPlan, rows: list[ExportRow]) -> bytes:
    """The file's bytes (CSV in the format's encoding, or XLSX); each cell through `neutralise` again."""
    if plan.fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        assert sheet is not None  # a new workbook always has its one sheet
        sheet.title = "記事"
        sheet.append(plan.headers)
        for row in rows:
            for line in (row.values, *row.extra):
                sheet.append([neutralise(line.get(h), plan.fmt) for h in plan.headers])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(plan.headers)
    for row in rows:
        for line in (row.values, *row.extra):
            writer.writerow(["" if line.get(h) is None else neutralise(line.get(h), plan.fmt) for h in plan.headers])
    return text.getvalue().encode(ENCODINGS[plan.fmt], errors="strict")


def export(
    *, session: Session, actor: Actor, article_ids: Iterable[int], fmt: str, exclude_invalid: bool = False
) -> tuple[ArticleExport, ExportPlan]:
    """Write the file and record it (who, when, which articles, which channel); the articles become
    出力済み. ExportError when a row is invalid and `exclude_invalid` is not set, or nothing is left."""
    plan = plan_export(session=session, actor=actor, article_ids=article_ids, fmt=fmt)
    return write_plan(session=session, actor=actor, plan=plan, exclude_invalid=exclude_invalid), plan


def write_plan(*, session: Session, actor: Actor, plan: ExportPlan, exclude_invalid: bool = False) -> ArticleExport:
    """The planned file stored with its record in one transaction; its articles become 出力済み only
    then. ExportError when a row is invalid and `exclude_invalid` is not set, or nothing is left."""
    require_role(actor, ADMIN)
    fmt = plan.fmt
    if plan.invalid and not exclude_invalid:
        raise ExportError(f"出力できない行が {len(plan.invalid)} 件あります。内容を直すか、除外して出力してください。")
    rows = [row for row in plan.rows if not row.problems]
    if not rows:
        raise ExportError("出力できる行がありません。")
    content = render_file(plan, rows)
    now = utcnow()
    suffix = "xlsx" if fmt == "xlsx" else "csv"
    record = ArticleExport(
        tenant_id=int(actor.tenant_id or 0),
        user_id=int(actor.user_id or 0),
        channel=fmt,
        article_ids=[row.article_id for row in rows],
        filename=f"horologen_{fmt}_{to_tokyo(now).strftime('%Y%m%d_%H%M%S')}.{suffix}",
        content=content,
        row_count=len(rows),
        created_at=now,
    )
    session.add(record)
    exported = session.exec(
        select(Article).where(col(Article.id).in_(record.article_ids), Article.tenant_id == actor.tenant_id)
    ).all()
    for article in exported:
        article.review_status, article.exported_at, article.updated_at = "exported", now, now
        session.add(article)
    audit.record(
        session=session,
        action="articles_exported",
        tenant_id=actor.tenant_id,
        user_id=actor.user_id,
        target=fmt,
        detail={"articles": record.article_ids[:200], "rows": len(rows), "excluded": len(plan.invalid)},
    )
    session.commit()
    return record


def download(*, session: Session, actor: Actor, export_id: int) -> ArticleExport:
    """A recorded export of the actor's shop (shop admins), for downloading again."""
    require_role(actor, ADMIN)
    record = session.get(ArticleExport, export_id)
    if record is None or record.tenant_id != actor.tenant_id:
        raise AccessDenied("出力ファイルが見つかりません。")
    return record


def list_exports(*, session: Session, actor: Actor, limit: int = 20) -> list[ArticleExport]:
    """The shop's latest export files (shop admins), newest first."""
    require_role(actor, ADMIN)
    return list(
        session.exec(
            select(ArticleExport)
            .options(defer(ArticleExport.content))  # type: ignore[arg-type]  # the list needs no file bytes
            .where(ArticleExport.tenant_id == actor.tenant_id)
            .order_by(col(ArticleExport.created_at).desc())
            .limit(limit)
        ).all()
    )
