"""One export row per format: 楽天市場 item CSV, Yahoo!ショッピング product CSV, Shopify products CSV,
and the plain list (column names and their sources: the module docstring of `exports`).

The item key a mall knows the product by (楽天 商品管理番号, Yahoo! code, Shopify URL handle) is the
piece's stock number when the catalogue has one (issue 25 item C: two pieces of one reference are two
mall items), else the reference, as before.

In: the article's content (prose, snapshot, the shop's current profile), the article row, staff
names. Out: the row's values by header and the problems that make it invalid.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from horologen.models import Article
from horologen.services.articles import channels, markup
from horologen.services.articles.channels import ArticleContent
from horologen.services.catalogue.prices import tax_included
from horologen.timezones import to_tokyo

# The column each mall file identifies an item by; two rows of one file may not share it.
ITEM_KEY_COLUMNS = {"rakuten": "商品管理番号（商品URL）", "yahoo": "code", "shopify": "URL handle"}


def handle(reference: str) -> str:
    """A URL-safe product handle from a reference: `5711/1A-010` → `5711-1a-010` (a-z, 0-9, -)."""
    slug = re.sub(r"[^a-z0-9]+", "-", reference.lower()).strip("-")
    return slug[:32] or "item"


def item_key(snapshot: dict[str, Any]) -> str:
    """The mall item key before each format's own rules: the stock number, else the reference, as a
    handle (`A-0012` → `a-0012`, `5711/1A-010` → `5711-1a-010`)."""
    return handle(str(snapshot.get("stock_number") or snapshot.get("reference", "")))


def rakuten_item(snapshot: dict[str, Any]) -> str:
    """楽天's 商品管理番号（商品URL）: the item key in 0-9 a-z _ (≤ 32 bytes)."""
    return item_key(snapshot).replace("-", "_")[:32]


def _field(output: channels.ChannelOutput, key: str) -> channels.ChannelField:
    return next(f for f in output.fields if f.key == key)


def price_of(content: ArticleContent) -> int | None:
    """The tax-included price a mall is given, or None when the product has no price (ASK, 応談)."""
    price = content.snapshot.get("price_jpy")
    if not isinstance(price, int):
        return None
    basis = str(content.snapshot.get("price_tax") or "unknown")
    return tax_included(price, content.profile.unmarked_price_tax if basis == "unknown" else basis)


# Column headers as each platform's template names them; see the module docstring for sources.
RAKUTEN_HEADERS = [
    "商品管理番号（商品URL）", "商品番号", "商品名", "倉庫指定", "ジャンルID", "キャッチコピー", "PC用商品説明文",
    "スマートフォン用商品説明文", "PC用販売説明文", "SKU管理番号", "販売価格", "在庫数", "カタログIDなしの理由",
]  # fmt: skip
YAHOO_HEADERS = ["path", "name", "code", "price", "headline", "caption", "explanation"]
SHOPIFY_HEADERS = [
    "Title", "URL handle", "Description", "Vendor", "Type", "Tags", "Published on online store", "Status", "SKU",
    "Price", "Charge tax", "Inventory quantity", "Requires shipping",
]  # fmt: skip
PLAIN_HEADERS = [
    "記事ID", "版", "ブランド", "型番", "商品名", "価格（税込）", "掲載先", "タイトル", "キャッチコピー", "本文",
    "英語", "承認者", "承認日時",
]  # fmt: skip


def _rakuten(content: ArticleContent, _article: Article, _names: dict[int, str]) -> tuple[dict[str, Any], list[str]]:
    output = channels.render(content, "rakuten")
    item = rakuten_item(content.snapshot)
    values = {
        "商品管理番号（商品URL）": item,
        "商品番号": str(content.snapshot.get("stock_number") or content.snapshot.get("reference", ""))[:32],
        "商品名": _field(output, "item_name").value,
        "倉庫指定": 1,  # in the warehouse (unpublished) until the shop checks it in RMS
        "キャッチコピー": _field(output, "catch_copy").value,
        "PC用商品説明文": _field(output, "pc_description").value,
        "スマートフォン用商品説明文": _field(output, "sp_description").value,
        "PC用販売説明文": "",
        "_sku": {"商品管理番号（商品URL）": item, "SKU管理番号": item, "販売価格": price_of(content), "在庫数": 1},
    }
    return values, [p for f in output.fields if f.over for p in f.problems]


def _yahoo(content: ArticleContent, _article: Article, _names: dict[int, str]) -> tuple[dict[str, Any], list[str]]:
    output = channels.render(content, "yahoo")
    values = {
        "path": str(content.snapshot.get("brand", "")),
        "name": _field(output, "name").value,
        "code": item_key(content.snapshot),
        "price": price_of(content),
        "headline": _field(output, "headline").value,
        "caption": _field(output, "caption").value,
        "explanation": _field(output, "explanation").value,
    }
    return values, [p for f in output.fields if f.over for p in f.problems]


def _shopify(content: ArticleContent, _article: Article, _names: dict[int, str]) -> tuple[dict[str, Any], list[str]]:
    html = channels.description_html(content, markup.SITE_TAGS)
    price = price_of(content)
    values = {
        "Title": markup.strip_markup(content.title),
        "URL handle": item_key(content.snapshot),
        "Description": html,
        "Vendor": str(content.snapshot.get("brand", "")),
        "Type": "腕時計",
        "Tags": ", ".join(t for t in (str(content.snapshot.get("brand", "")), "腕時計") if t),
        "Published on online store": "TRUE",
        "Status": "active",
        "SKU": str(content.snapshot.get("stock_number") or content.snapshot.get("reference", "")),
        "Price": "" if price is None else str(price),
        "Charge tax": "TRUE",
        "Inventory quantity": 1,
        "Requires shipping": "TRUE",
    }
    problems = [] if content.title.strip() else ["タイトルが空です。"]
    return values, problems


def _plain(content: ArticleContent, article: Article, names: dict[int, str]) -> tuple[dict[str, Any], list[str]]:
    approved = to_tokyo(article.approved_at).strftime("%Y-%m-%d %H:%M") if article.approved_at else ""
    values = {
        "記事ID": article.id,
        "版": article.version,
        "ブランド": str(content.snapshot.get("brand", "")),
        "型番": str(content.snapshot.get("reference", "")),
        "商品名": str(content.snapshot.get("name", "")),
        "価格（税込）": price_of(content),
        "掲載先": channels.CHANNELS.get(content.channel, content.channel),
        "タイトル": markup.strip_markup(content.title),
        "キャッチコピー": markup.strip_markup(content.catch_copy),
        "本文": channels.plain_description(content),
        "英語": markup.plain_text(content.body_en) if content.body_en else "",
        "承認者": names.get(article.approved_by or 0, ""),
        "承認日時": approved,
    }
    return values, []


BUILDERS: dict[str, tuple[list[str], Callable[..., tuple[dict[str, Any], list[str]]]]] = {
    "rakuten": (RAKUTEN_HEADERS, _rakuten),
    "yahoo": (YAHOO_HEADERS, _yahoo),
    "shopify": (SHOPIFY_HEADERS, _shopify),
    "csv": (PLAIN_HEADERS, _plain),
    "xlsx": (PLAIN_HEADERS, _plain),
}
