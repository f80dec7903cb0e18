"""Flags what an article states that its data does not: the deterministic half of 要確認 (v2).

What is checked (Japanese and English text alike, after NFKC and kanji numerals → digits):
- numbers tied to a unit (41mm, 300m, 10気圧, 30bar, 70時間, 31石, 28800振動, 150g, 3日) and
  four-digit years (2023年) must appear with the same unit in the data; prices (¥, 円, 万円) must
  be the product's price (tax-included or not). Prose numbers (「10年、20年と」, 「1本」) are left alone;
- reference-like tokens (126610LN, 5711/1A-010, 310.30.42.50.01.001), with Ref./Cal./No. prefixes
  stripped and found next to Japanese text (「126610LVは」), must be in the data;
- spec, accessory, origin, warranty, service and condition vocabulary, by concept: any spelling
  (クオーツ/クォーツ/quartz, 保証書/ギャランティ/warranty card) counts, and the concept must be
  in the data in any spelling. 新品/未使用 need the data (or the shop's definition of the
  product's rank) to say so.

The data is the product snapshot, the staff's notes and the shop profile's own wording (its
warranty, returns and contact text, and the definition of the product's rank). A flag names the
exact words in the text (a whole token), so the review pane highlights what a person must check.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from horologen.services.articles.profile import ProfileData


@dataclass(frozen=True)
class Flag:
    term: str  # the words as they stand in the text
    kind: str  # number | price | reference | spec | accessory | origin | warranty | service | condition | ad | banned
    reason: str
    suggestion: str = ""

    def as_json(self) -> dict[str, str]:
        return asdict(self)


_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
_KANJI_NUMBER = re.compile(r"[〇零一二三四五六七八九十百千万]+")


def _kanji_value(text: str) -> int | None:
    """`四十` → 40, `三百` → 300, `二千八百` → 2800, `一万` → 10000, `二〇二三` → 2023."""
    if all(ch in _KANJI_DIGITS for ch in text):
        return int("".join(str(_KANJI_DIGITS[ch]) for ch in text)) if len(text) > 1 else _KANJI_DIGITS[text]
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _KANJI_DIGITS:
            digit = _KANJI_DIGITS[ch]
        elif ch in _KANJI_UNITS:
            section += (digit if digit is not None else 1) * _KANJI_UNITS[ch]
            digit = None
        elif ch == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
    return total + section + (digit or 0)


# Kanji numbers are read only before a unit or 年, so 一流, 一本, 唯一 stay words.
_KANJI_BEFORE_UNIT = re.compile(
    r"(?<![0-9])([〇零一二三四五六七八九十百千][〇零一二三四五六七八九十百千万]*)(?=\s*(?:ミリ|mm|メートル|m|気圧|バール|bar|時間|石|振動|グラム|g|日間|年|円|万円))"
)
_UNIT_WORDS = (
    ("ミリメートル", "mm"), ("ミリ", "mm"), ("メートル", "m"), ("グラム", "g"), ("バール", "bar"),
    ("millimeters", "mm"), ("millimetres", "mm"), ("meters", "m"), ("metres", "m"), ("grams", "g"),
    ("hours", "時間"), ("hour", "時間"), ("jewels", "石"), ("days", "日"), ("日間", "日"),
    ("vph", "振動"), ("atm", "気圧"), ("ATM", "気圧"),
)  # fmt: skip


def normalise(text: str) -> str:
    """NFKC, kanji numbers before a unit as digits, unit words as symbols (四十ミリ → 40mm)."""
    text = unicodedata.normalize("NFKC", text)
    text = _KANJI_BEFORE_UNIT.sub(lambda m: str(_kanji_value(m.group(1))), text)
    return text


def _unit_key(unit: str) -> str:
    for word, symbol in _UNIT_WORDS:
        if unit == word or unit.lower() == word.lower():
            return symbol
    return unit.lower() if unit.isascii() else unit


_QUANTITY = re.compile(
    r"(?<![0-9A-Za-z.,])(\d+(?:[.,]\d+)?)\s*-?\s*(mm|ミリメートル|ミリ|millimet(?:er|re)s|m(?![a-zA-Z])|メートル|met(?:er|re)s|気圧|bar|バール|atm|ATM"
    r"|時間|hours?|石|jewels|振動|vph|g(?![a-zA-Z])|グラム|grams|日間|days)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![0-9A-Za-z])((?:19|20)\d\d)\s*(?:年|年式|年製)")
_PRICE = re.compile(r"[¥￥]\s*(\d[\d,]*)|(\d[\d,]*(?:\.\d+)?)\s*(万円|円)")
_REFERENCE = re.compile(
    r"(?<![A-Za-z0-9])((?:REF|CAL|NO)\s*\.?\s*)?([A-Za-z0-9][A-Za-z0-9.\-/]{2,}[A-Za-z0-9])(?![A-Za-z0-9])",
    re.IGNORECASE,
)

# Concepts a model adds from general knowledge: (kind, concept, reason, spellings). Japanese
# spellings match as substrings; ASCII ones as whole words, case-insensitive.
VOCABULARY: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("spec", "クオーツ", ("クオーツ", "クォーツ", "quartz")),
    ("spec", "自動巻き", ("自動巻", "オートマチック", "automatic", "self-winding")),
    ("spec", "手巻き", ("手巻", "hand-wound", "manual winding", "manual-winding")),
    ("spec", "サファイアガラス", ("サファイア", "sapphire")),
    ("spec", "セラミック", ("セラミック", "セラクロム", "ceramic", "cerachrom")),
    ("spec", "チタン", ("チタン", "titanium")),
    ("spec", "ゴールド", ("ゴールド", "金無垢", "gold")),
    ("spec", "プラチナ", ("プラチナ", "platinum")),
    ("spec", "ステンレス", ("ステンレス", "スチール", "stainless", "steel")),
    ("spec", "クロノグラフ", ("クロノグラフ", "chronograph")),
    ("spec", "GMT", ("GMT",)),
    ("spec", "トゥールビヨン", ("トゥールビヨン", "tourbillon")),
    ("spec", "ムーンフェイズ", ("ムーンフェイズ", "ムーンフェーズ", "moonphase", "moon phase")),
    ("spec", "パワーリザーブ", ("パワーリザーブ", "power reserve")),
    ("spec", "防水", ("防水", "water resistant", "water-resistant", "water resistance")),
    ("spec", "夜光", ("夜光", "ルミノバ", "クロマライト", "luminova", "lume", "chromalight")),
    ("spec", "シースルーバック", ("シースルーバック", "スケルトンバック", "see-through", "exhibition caseback")),
    ("spec", "クロノメーター", ("クロノメーター", "COSC", "chronometer")),
    ("spec", "コーアクシャル", ("コーアクシャル", "co-axial")),
    ("spec", "パラクロム", ("パラクロム", "parachrom")),
    ("spec", "スプリングドライブ", ("スプリングドライブ", "spring drive")),
    ("spec", "限定", ("限定", "limited edition")),
    ("spec", "ブレスレット", ("ブレスレット", "bracelet")),
    ("spec", "ラバー", ("ラバー", "rubber")),
    ("spec", "レザー", ("レザー", "革ベルト", "leather")),
    ("accessory", "保証書", ("保証書", "ギャランティ", "ギャラ", "warranty card", "guarantee card", "papers")),
    ("accessory", "箱", ("箱", "ボックス", "box")),
    ("accessory", "余りコマ", ("余りコマ", "余り駒", "予備コマ", "spare links", "extra links")),
    ("accessory", "取扱説明書", ("取扱説明書", "取説", "説明書")),
    ("origin", "国内正規品", ("国内正規", "正規品", "正規店", "authorized dealer", "authorised dealer")),
    ("origin", "並行輸入品", ("並行輸入", "並行品", "grey market", "gray market")),
    (
        "warranty",
        "当店保証",
        (
            r"re:(?:当店|ショップ|弊社)?\d*\s*(?:年間?|ヶ月|か月|カ月)?(?:の)?(?:当店|動作)保証",
            r"re:(?:当店|ショップ|弊社)?\d+\s*(?:年間?|ヶ月|か月|カ月)(?:の)?保証",
            "保証期間",
            "shop warranty",
            r"re:\d+[- ](?:year|month)s?\s+warranty",
        ),
    ),
    ("service", "オーバーホール", ("オーバーホール", "OH済", "分解掃除", "overhaul", "overhauled", "serviced")),
    ("service", "仕上げ", ("新品仕上げ", "仕上げ済", "研磨", "ポリッシュ", "polished", "refinished")),
    ("condition", "新品・未使用", ("新品", "未使用", "brand new", "unworn", "never worn")),
)
KIND_REASONS = {
    "number": "数値がデータにありません",
    "price": "価格がデータと違います",
    "reference": "型番・キャリバー番号がデータにありません",
    "spec": "仕様がデータにありません",
    "accessory": "付属品がデータにありません",
    "origin": "流通経路（正規品・並行輸入）がデータにありません",
    "warranty": "保証がデータ（店舗プロフィールの保証文言を含む）にありません",
    "service": "オーバーホール・仕上げの記録がデータにありません",
    "condition": "新品・未使用はデータ（状態ランクの定義を含む）がそう示すときだけ書けます",
}


KIND_SUGGESTIONS = {
    "number": "データにある値に直すか削除する。正しい値ならカタログに追記してから作り直す",
    "price": "価格は本文に書かず、自動で付く価格表示に任せる",
    "reference": "データにある型番に直すか削除する",
    "spec": "削除するか、正しければカタログの仕様列に追記する",
    "accessory": "付属品はカタログの付属品列にあるものだけを書く",
    "origin": "流通経路はデータにある場合だけ書く",
    "warranty": "保証は店舗プロフィールの保証文言（自動で付きます）に任せる",
    "service": "整備・仕上げの記録はメモやカタログにある場合だけ書く",
    "condition": "状態ランクの表現に直す（例: 「状態の良い中古品」）",
}


def _spelling_pattern(spelling: str) -> re.Pattern[str]:
    if spelling.startswith("re:"):
        return re.compile(spelling[3:], re.IGNORECASE)
    if spelling.isascii():
        return re.compile(rf"(?<![A-Za-z0-9]){re.escape(spelling)}(?![A-Za-z0-9])", re.IGNORECASE)
    return re.compile(re.escape(spelling))


_VOCABULARY = [(kind, concept, [_spelling_pattern(s) for s in spellings]) for kind, concept, spellings in VOCABULARY]


def source_text(snapshot: dict[str, Any], notes: str = "", profile: ProfileData | None = None) -> str:
    """Everything an article may state, as one normalised text."""
    parts = [json.dumps(snapshot, ensure_ascii=False), notes]
    if profile is not None:
        parts += [profile.warranty, profile.returns, profile.contact, profile.shop_name, *profile.required_phrases]
        rank = str((snapshot.get("specs") or {}).get("状態", "") or "")
        if rank:
            parts.append(profile.rank_definition(rank))
    return normalise("\n".join(p for p in parts if p))


def _number(raw: str) -> str:
    """`41`, `41.0`, `1,000` → one canonical string (41, 41, 1000)."""
    try:
        return format(Decimal(raw.replace(",", "")).normalize(), "f")
    except InvalidOperation:
        return raw


def _quantities(text: str) -> set[tuple[str, str]]:
    found = {(_number(m.group(1)), _unit_key(m.group(2))) for m in _QUANTITY.finditer(text)}
    found |= {(m.group(1), "年") for m in _YEAR.finditer(text)}
    return found


def _original_words(term: str, original: str) -> str:
    """The words of `original` that normalise to `term` (四十ミリ for 40ミリ), so the review pane
    marks what is really written; `term` itself when it stands in the text as is."""
    if term in original:
        return term
    pattern = re.sub(r"\d+", lambda _m: r"(?:\d+|[〇零一二三四五六七八九十百千万]+)", re.escape(term))
    match = re.search(pattern, original)
    return match.group(0) if match else term


def _compact(text: str) -> str:
    return re.sub(r"[\s\-./]", "", text).upper()


def _price_forms(snapshot: dict[str, Any]) -> set[int]:
    price = snapshot.get("price_jpy")
    if not isinstance(price, int):
        return set()
    forms = {price, price + price // 10, price * 100 // 110}  # either side of 10 % consumption tax
    return forms


def _price_value(match: re.Match[str]) -> int | None:
    if match.group(1):
        return int(match.group(1).replace(",", ""))
    amount = float(match.group(2).replace(",", ""))
    return round(amount * 10000) if match.group(3) == "万円" else int(amount)


def check(article: str, snapshot: dict[str, Any], notes: str = "", profile: ProfileData | None = None) -> list[Flag]:
    """Every statement in `article` (Japanese or English) the data does not carry, as flags."""
    source = source_text(snapshot, notes, profile)
    text = normalise(article)
    flags: list[Flag] = []
    seen: set[str] = set()

    original = unicodedata.normalize("NFKC", article)

    def flag(term: str, kind: str) -> None:
        term = _original_words(term, original)
        if term and term not in seen:
            seen.add(term)
            suggestion = f"対処の例: {KIND_SUGGESTIONS[kind]}"
            flags.append(Flag(term=term, kind=kind, reason=KIND_REASONS[kind], suggestion=suggestion))

    source_quantities = _quantities(source)
    for match in _QUANTITY.finditer(text):
        if (_number(match.group(1)), _unit_key(match.group(2))) not in source_quantities:
            flag(match.group(0).strip(), "number")
    for match in _YEAR.finditer(text):
        if (match.group(1), "年") not in source_quantities:
            flag(match.group(0), "number")
    prices = _price_forms(snapshot)
    for match in _PRICE.finditer(text):
        value = _price_value(match)
        if value is not None and value >= 1000 and value not in prices:
            flag(match.group(0).strip(), "price")
    source_compact = _compact(source)
    # Quantities, years and prices were checked above; what is left may be a reference.
    rest = _YEAR.sub(" ", _PRICE.sub(" ", _QUANTITY.sub(" ", text)))
    for match in _REFERENCE.finditer(rest):
        prefixed, token = bool(match.group(1)), match.group(2)
        if not any(ch.isdigit() for ch in token) or (token.isdigit() and len(token) < 5 and not prefixed):
            continue  # prose numbers are left alone; Cal.3135 and No.1234 are not prose
        if _compact(token) not in source_compact:
            flag(match.group(0).strip(), "reference")
    source_lower = source.lower()
    for kind, _concept, patterns in _VOCABULARY:
        if any(p.search(source) or p.search(source_lower) for p in patterns):
            continue
        for pattern in patterns:
            hit = pattern.search(text)
            if hit:
                flag(hit.group(0), kind)
                break
    return flags


def ungrounded_terms(
    article: str, snapshot: dict[str, Any], notes: str = "", profile: ProfileData | None = None
) -> list[str]:
    """The flagged words only (what older callers and the stored `ungrounded_terms` keep)."""
    return [f.term for f in check(article, snapshot, notes, profile)]


def highlight_html(text: str, terms: list[str]) -> str:
    """The article as HTML-escaped text with each flagged term wrapped in <mark> (for review only).

    Terms are found in the text first and each piece escaped after, so a flagged `27` never
    matches inside an entity such as `&#x27;`."""
    text = unicodedata.normalize("NFKC", text)
    if not terms:
        return html.escape(text).replace("\n", "<br>")
    alternatives = "|".join(
        re.escape(unicodedata.normalize("NFKC", t)) for t in sorted(set(terms), key=len, reverse=True)
    )
    pattern = re.compile(alternatives, re.IGNORECASE)  # reference-like terms are kept upper-cased
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        pieces.append(html.escape(text[last : match.start()]))
        pieces.append(f'<mark title="要確認">{html.escape(match.group(0))}</mark>')
        last = match.end()
    pieces.append(html.escape(text[last:]))
    return "".join(pieces).replace("\n", "<br>")
