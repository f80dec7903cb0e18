"""The facts block: specs, price, warranty and 古物商 display rendered by our code from the data.

The model never writes these lines, so a price, a reference or a rank can never be misquoted.
A field the catalogue does not have is simply absent; a product stored with no price (the file said
ASK, 応談, 価格未定 or 0: issue 25 item A) says 「価格はお問い合わせください」 instead of a price.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from horologen.services.articles.profile import ProfileData
from horologen.services.catalogue.normalise import header_key, is_private_column
from horologen.services.catalogue.prices import CONSUMPTION_TAX_PERCENT, tax_included

# (field, Japanese label, English label, catalogue headers that carry it, compared by header_key).
FACT_FIELDS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "case_diameter",
        "ケース径",
        "Case size",
        ("ケース径", "ケースサイズ", "ケース幅", "サイズ", "径", "CASESIZE", "CASEDIAMETER"),
    ),
    ("material", "素材", "Case material", ("素材", "ケース素材", "材質", "MATERIAL", "CASEMATERIAL")),
    ("dial", "文字盤", "Dial", ("文字盤", "ダイヤル", "文字盤色", "DIAL")),
    ("bracelet", "ブレスレット", "Bracelet", ("ブレスレット", "ブレス", "ベルト", "BRACELET", "STRAP")),
    (
        "movement",
        "ムーブメント",
        "Movement",
        ("ムーブメント", "キャリバー", "駆動方式", "MOVEMENT", "CALIBER", "CALIBRE"),
    ),
    ("water_resistance", "防水性能", "Water resistance", ("防水", "防水性能", "防水性", "WATERRESISTANCE")),
    ("year", "年式", "Year", ("年式", "製造年", "年代", "YEAR")),
    ("condition_rank", "状態", "Condition", ("状態", "状態ランク", "ランク", "コンディション", "CONDITION", "RANK")),
    ("accessories", "付属品", "Accessories", ("付属品", "付属", "ACCESSORIES")),
)
_FIELD_BY_HEADER = {header_key(alias): name for name, _ja, _en, aliases in FACT_FIELDS for alias in aliases}
ON_REQUEST = "価格はお問い合わせください"
ON_REQUEST_EN = "Price on request"
# Common catalogue words with their English trade terms, for the Chrono24 facts block; anything
# not listed stays as the catalogue wrote it.
ENGLISH_TERMS = {
    "未使用": "Unworn",
    "新品": "New",
    "中古": "Pre-owned ",
    "箱": "box",
    "保証書": "warranty card",
    "ギャランティ": "warranty card",
    "取扱説明書": "manual",
    "余りコマ": "spare links",
    "自動巻き": "Automatic",
    "自動巻": "Automatic",
    "手巻き": "Manual winding",
    "手巻": "Manual winding",
    "クオーツ": "Quartz",
    "ステンレス": "stainless steel",
    "オイスタースチール": "Oystersteel",
    "ホワイトゴールド": "white gold",
    "イエローゴールド": "yellow gold",
    "エバーローズゴールド": "Everose gold",
    "ローズゴールド": "rose gold",
    "ピンクゴールド": "pink gold",
    "プラチナ": "platinum",
    "チタン": "titanium",
    "セラミック": "ceramic",
}


@dataclass(frozen=True)
class Fact:
    field: str  # reference | price | case_diameter | ... | condition_rank
    label: str
    label_en: str
    value: str
    note: str = ""  # the shop's definition of a 状態ランク


def public_specs(specs: dict[str, Any]) -> dict[str, str]:
    """The catalogue's spec columns without cost and margin columns."""
    return {str(k): str(v) for k, v in specs.items() if not is_private_column(str(k)) and str(v).strip()}


def tax_included_total(price_jpy: int, price_tax: str) -> int:
    """The tax-included total in yen (catalogue.prices.tax_included)."""
    return tax_included(price_jpy, price_tax)


def display_price(price_jpy: int | None, price_tax: str, unmarked: str = "included") -> str:
    """The price as 総額表示 (消費税法 第63条) wants it shown: the tax-included total first.

    `price_tax` is the catalogue column's basis (included | excluded | unknown; unknown is read as
    the shop profile's `unmarked`). 1980000, included → 「1,980,000円（税込）」;
    1800000, excluded → 「1,980,000円（税込）（税抜価格1,800,000円）」 (forms per 財務省「総額表示」); None → ''."""
    if price_jpy is None:
        return ""
    basis = unmarked if price_tax not in ("included", "excluded") else price_tax
    total = tax_included_total(price_jpy, basis)
    if basis == "excluded":
        return f"{total:,}円（税込）（税抜価格{price_jpy:,}円）"
    return f"{total:,}円（税込）"


def display_price_en(price_jpy: int | None, price_tax: str, unmarked: str = "included") -> str:
    """`JPY 1,980,000 (incl. 10% consumption tax)` for the English listing."""
    if price_jpy is None:
        return ""
    basis = unmarked if price_tax not in ("included", "excluded") else price_tax
    return f"JPY {tax_included_total(price_jpy, basis):,} (incl. {CONSUMPTION_TAX_PERCENT}% consumption tax)"


def _clean(value: object) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip()


def facts_for(snapshot: dict[str, Any], profile: ProfileData) -> list[Fact]:
    """The facts block of one product, in the order a watch listing reads: reference, the specs the
    catalogue has, condition (with the shop's definition of the rank), accessories, price."""
    specs = public_specs(dict(snapshot.get("specs") or {}))
    found: dict[str, str] = {}
    for label, value in specs.items():
        name = _FIELD_BY_HEADER.get(header_key(label))
        if name and name not in found:
            found[name] = _clean(value)
    facts: list[Fact] = []
    if snapshot.get("reference"):
        facts.append(Fact("reference", "型番", "Reference", _clean(snapshot["reference"])))
    for name, label, label_en, _aliases in FACT_FIELDS:
        if name in found:
            note = profile.rank_definition(found[name]) if name == "condition_rank" else ""
            facts.append(Fact(name, label, label_en, found[name], note))
    price = snapshot.get("price_jpy")
    if isinstance(price, int):
        tax = str(snapshot.get("price_tax") or "unknown")
        facts.append(Fact("price", "価格", "Price", display_price(price, tax, profile.unmarked_price_tax)))
    elif "price_jpy" in snapshot and price is None:  # stored with no price: never a made-up number
        facts.append(Fact("price", "価格", "Price", ON_REQUEST))
    return facts


def english_value(fact: Fact, snapshot: dict[str, Any], profile: ProfileData) -> str:
    """A fact's value for the English listing: trade words translated from ENGLISH_TERMS."""
    if fact.field == "price":
        price = snapshot.get("price_jpy")
        tax = str(snapshot.get("price_tax") or "unknown")
        if not isinstance(price, int):
            return ON_REQUEST_EN
        return display_price_en(price, tax, profile.unmarked_price_tax)
    # Whole words only: a part the table does not know stays as the catalogue wrote it, so
    # ブライトチタン never becomes ブライトtitanium.
    parts = re.split(r"([・、／/,\s]+)", fact.value)
    out: list[str] = []
    for part in parts:
        if re.fullmatch(r"[・、／/,\s]+", part or " "):
            out.append(", " if part.strip() in ("・", "、", ",") else f" {part.strip()} " if part.strip() else " ")
            continue
        out.append(_english_word(part))
    return " ".join("".join(out).split()).strip(" ,")


_RANK_PREFIX = re.compile(r"^(中古|未使用|新品)(.*)$")


def _english_word(part: str) -> str:
    """One catalogue word in English when the table has it whole (箱 → box, 2023年 → 2023,
    中古A → Pre-owned A, 保証書のみ → warranty card only); otherwise the word itself."""
    if part in ENGLISH_TERMS:
        return ENGLISH_TERMS[part].strip()
    year = re.fullmatch(r"(\d{4})年", part)
    if year:
        return year.group(1)
    rank = _RANK_PREFIX.match(part)
    if rank and rank.group(2) and re.fullmatch(r"[A-ZＡ-Ｚ]+|ランク[A-Z]+", rank.group(2)):
        return f"{ENGLISH_TERMS[rank.group(1)].strip()} {rank.group(2).removeprefix('ランク')}"
    for suffix, english in (("のみ", " only"), ("なし", ": none")):
        if part.endswith(suffix) and part[: -len(suffix)] in ENGLISH_TERMS:
            return ENGLISH_TERMS[part[: -len(suffix)]].strip() + english
    return part


def facts_text(facts: list[Fact]) -> list[str]:
    """`型番：126610LN` lines (the rank's definition in brackets after the rank)."""
    return [f"{f.label}：{f.value}" + (f"（{f.note}）" if f.note else "") for f in facts]


def shop_lines(profile: ProfileData) -> list[tuple[str, str]]:
    """(heading, text) of the shop's own blocks that follow the facts: warranty, returns, contact,
    and the 古物商 display; the ones the profile leaves empty are absent."""
    lines: list[tuple[str, str]] = []
    if profile.warranty:
        lines.append(("保証", profile.warranty))
    if profile.returns:
        lines.append(("返品・交換", profile.returns))
    if profile.contact:
        lines.append(("お問い合わせ", profile.contact))
    if profile.kobutsu_line:
        lines.append(("古物商許可", profile.kobutsu_line))
    return lines
