"""Taking a sold piece's articles off the malls (issue 25 item D).

A product marked 売約済み (from the catalogue file, or the button on the product: catalogue.sale)
keeps its row; its approved or exported articles are 取り下げ要 until a withdrawal file has taken
them off the malls after the sale (`articles.withdrawn_at` later than `master_products.sold_at`).
A withdrawal file names the same item key the export used (the stock number, else the reference;
export_formats.item_key), from the article's own snapshot.

Files, one per channel (none of the malls' manuals is public without a login; the sources are
public pages and code, as in the module docstring of `exports`, and none was tried against a mall):
- 楽天市場 `item-delete.csv`, the SKU-era delete file (since the 2023 SKU migration the register
  and update file is normal-item.csv and deletion a separate item-delete.csv, without a control
  column: xn--tck5apc2ju90vu0ae75qj9vc.com/2023-rakuten-csv, read 2026-11-30). Its column is
  商品管理番号（商品URL）; public code that writes item-delete.csv puts that column first (a Ruby
  MallConstants module found with the code index, id 19689924979, where it deletes options with two
  more columns). Whether RMS wants further (blank) columns for deleting a whole item is unverified.
  Deleting a 楽天 item also drops its reviews and sales history (ec-tsushin.com/rms_csvpointsetting_cancel).
- Yahoo!ショッピング: the product data CSV uploaded with the method 「削除」 needs only the `code`
  column since November 2013 (realmax.co.jp/system/e-commerce/post-12293/, read 2026-11-30); CP932.
- Shopify: the product CSV, imported with "Overwrite products with matching handles": to update a
  product, URL handle and Title are the required columns and columns left out keep their values
  (help.shopify.com using-csv, its zh/ko pages, read 2026-11-30); Status `archived` takes it off
  every sales channel and keeps it in the admin, `Published on online store` FALSE.

Everything here is for shop admins of the article's shop; each file is recorded (ArticleExport,
channel `<mall>_withdraw`) and audited.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from horologen.models import Article, ArticleExport, MasterProduct, utcnow
from horologen.services.accounts.access import ADMIN, Actor, require_role
from horologen.services.articles import markup, review
from horologen.services.articles.export_cells import neutralise
from horologen.services.articles.export_formats import item_key, rakuten_item
from horologen.services.articles.exports import ExportError
from horologen.services.operations import audit
from horologen.timezones import to_tokyo

FROZEN = ("approved", "exported")
FORMATS = {
    "rakuten": "楽天市場 削除CSV（item-delete.csv・Shift_JIS）",
    "yahoo": "Yahoo!ショッピング 削除用CSV（code 列・Shift_JIS、アップロード方法「削除」）",
    "shopify": "Shopify 商品CSV（Status=archived・UTF-8、同じハンドルの商品を上書き）",
}
CHANNEL_LABELS = {f"{fmt}_withdraw": f"取り下げ: {label}" for fmt, label in FORMATS.items()}
_HEADERS = {
    "rakuten": ["商品管理番号（商品URL）"],
    "yahoo": ["code"],
    "shopify": ["Title", "URL handle", "Status", "Published on online store"],
}
_ENCODINGS = {"rakuten": "cp932", "yahoo": "cp932", "shopify": "utf-8"}
MAX_ARTICLES = 2000
NEEDS_WITHDRAWAL = "売約済みの商品です。この記事はモールから取り下げてください（取り下げ要）。"
# A draft (or submitted / rejected) article of a sold piece: never published, so nothing to take
# down, and it may not be copied, submitted or approved.
SOLD_DRAFT = "売約済みの商品です。この下書きは掲載できないため、コピー・提出・承認はできません。"


def needs_withdrawal(article: Article, product: MasterProduct | None) -> bool:
    """An approved or exported article of a sold product, not withdrawn since the sale."""
    if product is None or product.sale_state != "sold" or article.review_status not in FROZEN:
        return False
    if article.withdrawn_at is None:
        return True
    return product.sold_at is not None and article.withdrawn_at < product.sold_at


def product_sold(*, session: Session, actor: Actor, article: Article) -> bool:
    """Whether the article's product is sold now (the article was checked by the caller's
    get_article / owned_article for the actor)."""
    product = session.get(MasterProduct, article.product_id) if article.product_id else None
    return bool(product and product.tenant_id == actor.tenant_id and product.sale_state == "sold")


def pending(*, session: Session, actor: Actor, limit: int = 500) -> list[tuple[Article, MasterProduct]]:
    """The shop's articles that are 取り下げ要, newest first (shop admins)."""
    require_role(actor, ADMIN)
    rows = session.exec(
        select(Article, MasterProduct)
        .join(MasterProduct, col(MasterProduct.id) == col(Article.product_id))
        .where(
            Article.tenant_id == actor.tenant_id,
            MasterProduct.tenant_id == actor.tenant_id,
            MasterProduct.sale_state == "sold",
            col(Article.review_status).in_(FROZEN),
        )
        .order_by(col(Article.created_at).desc())
        .limit(limit)
    ).all()
    return [(article, product) for article, product in rows if needs_withdrawal(article, product)]


@dataclass(frozen=True)
class WithdrawalFile:
    export_id: int
    filename: str
    content: bytes
    rows: int


def _row(fmt: str, article: Article) -> list[str]:
    snapshot = article.input_snapshot or {}
    if fmt == "rakuten":
        return [rakuten_item(snapshot)]
    if fmt == "yahoo":
        return [item_key(snapshot)]
    return [markup.strip_markup(article.title) or str(snapshot.get("reference", "")), item_key(snapshot), "archived",
            "FALSE"]  # fmt: skip


def withdraw(*, session: Session, actor: Actor, article_ids: Iterable[int], fmt: str) -> WithdrawalFile:
    """The withdrawal file of `fmt` for the chosen articles, recorded and audited; each article's
    `withdrawn_at` is set (it is no longer 取り下げ要). Shop admins; only approved or exported
    articles of sold products of the actor's shop (ExportError naming the others). One line per
    mall item: two articles of one item key give one line."""
    require_role(actor, ADMIN)
    if fmt not in FORMATS:
        raise ExportError("取り下げファイルの形式を選んでください。")
    ids = list(dict.fromkeys(int(i) for i in article_ids))
    if not ids:
        raise ExportError("取り下げる記事を選んでください。")
    if len(ids) > MAX_ARTICLES:
        raise ExportError(f"一度に取り下げられるのは {MAX_ARTICLES:,} 件までです。")
    articles = [review.owned_article(session, actor, i) for i in ids]
    refused = [a for a in articles if a.review_status not in FROZEN or not product_sold(session=session, actor=actor,
                                                                                       article=a)]  # fmt: skip
    if refused:
        named = "、".join(f"記事 {a.id}（{(a.input_snapshot or {}).get('reference', '')}）" for a in refused[:5])
        raise ExportError(f"売約済みの商品の承認済み・出力済みの記事だけを取り下げられます: {named}")
    lines = list(dict.fromkeys(tuple(_row(fmt, a)) for a in articles))
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(_HEADERS[fmt])
    for line in lines:
        writer.writerow([neutralise(cell, fmt) for cell in line])
    content = text.getvalue().encode(_ENCODINGS[fmt], errors="replace")
    now = utcnow()
    stamp = to_tokyo(now).strftime("%Y%m%d_%H%M%S")
    filename = "item-delete.csv" if fmt == "rakuten" else f"horologen_{fmt}_withdraw_{stamp}.csv"
    record = ArticleExport(
        tenant_id=int(actor.tenant_id or 0), user_id=int(actor.user_id or 0), channel=f"{fmt}_withdraw",
        article_ids=[int(a.id or 0) for a in articles], filename=filename, content=content, row_count=len(lines),
        created_at=now,
    )  # fmt: skip
    session.add(record)
    for article in articles:
        article.withdrawn_at, article.updated_at = now, now
        session.add(article)
    audit.record(
        session=session,
        action="articles_withdrawn",
        tenant_id=actor.tenant_id,
        user_id=actor.user_id,
        target=fmt,
        detail={"articles": record.article_ids[:200], "rows": len(lines)},
    )
    session.commit()
    return WithdrawalFile(int(record.id or 0), filename, content, len(lines))
