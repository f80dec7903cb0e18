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

from horologen.services.articles.grounding_vocabulary import (
    COLOURS,
    COMPILED,
    FULL_SET,
    KIND_REASONS,
    KIND_SUGGESTIONS,
    MENTIONS,
    PART_COLOUR,
    PARTS,
    USAGE,
    ascii_folded,
    part_specs,
    without_parts,
)
from horologen.services.articles.morphology import morphemes, normalised_text, sentences
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
    r"(?<![0-9A-Za-z.,])(\d+(?:[.,]\d+)?)\s*-?\s*(mm|ミリメートル|ミリ|millimet(?:er|re)s|m(?![a-zA-Z0-9\-/])|メートル|met(?:er|re)s|気圧|bar|バール|atm|ATM"
    r"|時間|hours?|石|jewels|振動|vph|g(?![a-zA-Z0-9\-/])|グラム|grams|日間|days)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![0-9A-Za-z])((?:19|20)\d\d)\s*(?:年|年式|年製)")
_PRICE = re.compile(r"[¥￥]\s*(\d[\d,]*\d|\d)|(\d[\d,]*(?:\.\d+)?)\s*(万円|円)")
# A price bound (「60万円以下で」, "under ¥600,000") is not the item's price.
_PRICE_BOUND = re.compile(r"^\s*(?:以下|未満|以内|まで(?:の|で)|台)|(?:under|below|less than|up to)\s*$", re.I)
# Gold and platinum hallmarks (K18WG, 18K, Pt950) are materials, not references.
_HALLMARK = re.compile(r"^(?:K|PT)?(?:1[048]|9[05]0|585|750)(?:K|WG|YG|PG|RG|SG|CG)*$", re.I)
# Said not to be there: 「箱は付属しません」, "without box", "no box".
_NEGATION_AFTER = re.compile(r"^[^。、,.!?！？]{0,8}?(?:ません|ない|なし|無し|無い|欠品)")
_NEGATION_BEFORE = re.compile(r"(?:without|no|not|nor|or)\s+(?:\w+\s+){0,2}$", re.I)
_REFERENCE = re.compile(
    r"(?<![A-Za-z0-9])((?:REF|CAL|NO)\s*\.?\s*)?([A-Za-z0-9][A-Za-z0-9.\-/]{2,}[A-Za-z0-9])(?![A-Za-z0-9])",
    re.IGNORECASE,
)

# Dates at their precision (issue 26): a month or day the data does not hold is a new fact.
_DATE = re.compile(
    r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?|((?:19|20)\d\d)[/.](\d{1,2})(?:[/.](\d{1,2}))?(?![\d/.])"
)
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]  # fmt: skip
_ENGLISH_YEAR = re.compile(r"(?<![A-Za-z])(?:dated|from|made in|produced in|circa|c\.)\s+((?:19|20)\d\d)(?!\d)", re.I)
_ENGLISH_DATE = re.compile(r"(?<![A-Za-z])(" + "|".join(m[:3] for m in _MONTHS) + r")[a-z]*\.?\s+((?:19|20)\d\d)", re.I)
# A launch, debut or release year is the model's, not the item's (its 年式 is when it was made).
_LAUNCH = re.compile(
    r"(?:19|20)\d\d\s*年\s*(?:に|の)?\s*(?:発売|登場|誕生|デビュー|発表|リリース|初登場)"
    r"|(?:発売|登場|誕生|デビュー|発表)(?:年)?\s*(?:は|が)?\s*(?:19|20)\d\d\s*年?"
    r"|(?<![A-Za-z])(?:launched|introduced|released|debuted|unveiled)\s+in\s+(?:19|20)\d\d",
    re.I,
)


def _dates(text: str) -> set[tuple[int, ...]]:
    """(year, month) and (year, month, day) found in `text`."""
    found: set[tuple[int, ...]] = set()
    for m in _DATE.finditer(text):
        year, month, day = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
        if 1 <= int(month) <= 12:
            found.add((int(year), int(month)))
            if day:
                found.add((int(year), int(month), int(day)))
    for m in _ENGLISH_DATE.finditer(text):
        month = next(i for i, name in enumerate(_MONTHS, start=1) if name.startswith(m.group(1).lower()))
        found.add((int(m.group(2)), month))
    return found


# What the data says is missing is not there: 「保証書のみ（箱なし）」 holds no box.
_NEGATED = re.compile(r"[^\s、,・/（）()「」]{1,8}?(?:なし|無し|ナシ|欠品|不備|無)(?=[\s、,・/（）()」]|$)")


def source_text(snapshot: dict[str, Any], notes: str = "", profile: ProfileData | None = None) -> str:
    """Everything an article may state, as one normalised text (what the data says is missing —
    「箱なし」, 「余りコマ欠品」 — taken out)."""
    parts = [json.dumps(snapshot, ensure_ascii=False), notes]
    if profile is not None:
        parts += [profile.warranty, profile.returns, profile.contact, profile.shop_name, *profile.required_phrases]
        rank = str((snapshot.get("specs") or {}).get("状態", "") or "")
        if rank:
            parts.append(profile.rank_definition(rank))
    return _NEGATED.sub(" ", normalise("\n".join(p for p in parts if p)))


def _number(raw: str) -> str:
    """`41`, `41.0`, `1,000` → one canonical string (41, 41, 1000)."""
    try:
        return format(Decimal(raw.replace(",", "")).normalize(), "f")
    except InvalidOperation:
        return raw


def _quantities(text: str) -> set[tuple[str, str]]:
    """(number, unit) in `text`; water resistance also in its usual equivalents (10気圧 = 10 bar
    = 100m, ISO 22810 ratings)."""
    found = {(_number(m.group(1)), _unit_key(m.group(2))) for m in _QUANTITY.finditer(text)}
    for number, unit in list(found):
        if unit in ("気圧", "bar"):
            found |= {(number, "気圧"), (number, "bar"), (_number(str(Decimal(number) * 10)), "m")}
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
    for match in [*_YEAR.finditer(text), *_ENGLISH_YEAR.finditer(text)]:
        if (match.group(1), "年") not in source_quantities:
            flag(match.group(0), "number")
    prices = _price_forms(snapshot)
    for match in _PRICE.finditer(text):
        value = _price_value(match)
        bound = _PRICE_BOUND.search(text[match.end() : match.end() + 6]) or _PRICE_BOUND.search(
            text[max(0, match.start() - 12) : match.start()]
        )
        if value is not None and value >= 1000 and value not in prices and not bound:
            flag(match.group(0).strip(), "price")
    source_compact = _compact(source)
    # Quantities, years and prices were checked above; what is left may be a reference.
    rest = _YEAR.sub(" ", _PRICE.sub(" ", _QUANTITY.sub(" ", text)))
    for match in _REFERENCE.finditer(rest):
        prefixed, token = bool(match.group(1)), match.group(2)
        if not any(ch.isdigit() for ch in token) or (token.isdigit() and len(token) < 5 and not prefixed):
            continue  # prose numbers are left alone; Cal.3135 and No.1234 are not prose
        if _HALLMARK.match(token):
            continue
        if _compact(token) not in source_compact:
            flag(match.group(0).strip(), "reference")
    source_dates = _dates(source)
    for match in [*_DATE.finditer(text), *_ENGLISH_DATE.finditer(text)]:
        if not _dates(match.group(0)) <= source_dates:
            flag(match.group(0), "date")
    launch_words = ("発売", "登場", "誕生", "発表", "リリース", "launch", "introduc", "releas", "debut")
    for match in _LAUNCH.finditer(text):
        if not any(word in source.lower() for word in launch_words):
            flag(match.group(0), "date")
    source_lower = source.lower()
    specs = snapshot.get("specs") or {}
    for kind, term in _combination_claims(text, source_lower, part_specs(specs)):
        flag(term, kind)
    # Spelling variants fold to one concept (サファイヤ → サファイア) through the dictionary's
    # normalised forms, on both sides.
    source_folded = normalised_text(source)
    # Only words the dictionary spells otherwise can be a variant (most are spelt as normalised); the
    # article is read by sentence, as the advertising check reads it, so each sentence is analysed once.
    words = [
        (offset, m)
        for offset, sentence in sentences(original)
        for m in morphemes(sentence)
        if m.normal != m.surface and m.pos != "補助記号"
    ]
    variants_text = "\n".join(m.normal for _offset, m in words)
    texts = (text, variants_text)
    folded = (ascii_folded(text), ascii_folded(variants_text))
    for (kind, _concept, patterns), mention in zip(COMPILED, MENTIONS, strict=True):
        if not mention.found(texts, folded):
            continue  # the article does not name the concept: nothing to flag
        if any(p.search(source) or p.search(source_lower) or p.search(source_folded) for p in patterns):
            continue
        for pattern in patterns:
            hit = next((h for h in pattern.finditer(text) if not _said_absent(text, h)), None)
            if hit:
                flag(_with_record(text, hit) if kind in ("service", "history") else hit.group(0), kind)
                break
        else:
            if not any(p.search(variants_text) for p in patterns):
                continue
            variant = next(
                (
                    m
                    for offset, m in words
                    for p in patterns
                    if p.search(m.normal)
                    and not p.search(m.surface)
                    and not _absent_at(original, offset + m.start, offset + m.end)
                ),
                None,
            )
            if variant is not None:
                flag(variant.surface, kind)
    return flags


def _combination_claims(text: str, source_lower: str, parts: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """Claims the data supports only in combination: a part's colour (dial, bezel, strap, hands: the
    colour in that part's own spec, `parts`: part → its specs' values, lower-cased; else anywhere in
    the data), a use in water (a rating of 100 m / 10 bar or more and no 非防水), a full set (both
    box and warranty card)."""
    found: list[tuple[str, str]] = []
    for match in PART_COLOUR.finditer(text):
        word = (match.group(1) or match.group(3) or "").lower()
        named = (match.group(2) or match.group(4) or "").lower()
        part = next((p for p, words in PARTS.items() if named in [w.lower() for w in words]), "")
        group = next((g for g in COLOURS if word in [w.lower() for w in g]), (word,))
        known = (parts or {}).get(part, "") or without_parts(source_lower, parts or {})
        if not any(w.lower() in known for w in group):
            found.append(("spec", match.group(0)))
    ratings = [Decimal(n) * (10 if unit in ("気圧", "bar") else 1) for n, unit in _quantities(source_lower)
               if unit in ("m", "気圧", "bar")]  # fmt: skip
    for match in USAGE.finditer(text):
        if "非防水" in source_lower or not any(r >= 100 for r in ratings):
            found.append(("spec", match.group(0)))
    for match in FULL_SET.finditer(text):
        if not ("箱" in source_lower and ("保証書" in source_lower or "ギャランティ" in source_lower)):
            found.append(("accessory", match.group(0)))
    return found


def _said_absent(text: str, hit: re.Match[str]) -> bool:
    """The text says the thing is not there (「箱は付属しません」, "without box"), or uses the word
    as part of another price (新品価格, 正規店より: the advertising check's concern)."""
    return _absent_at(text, hit.start(), hit.end())


def _absent_at(text: str, start: int, end: int) -> bool:
    after = text[end : end + 10]
    before = text[max(0, start - 20) : start]
    if _NEGATION_AFTER.search(after) or _NEGATION_BEFORE.search(before):
        return True
    return bool(re.match(r"\s*(?:並行)?(?:価格|時|定価|より|と比べ|に比べ|比)", after))


def _with_record(text: str, hit: re.Match[str]) -> str:
    """A service or history claim with the date before it and the 済み after it (2023年にOH済み)."""
    start, end = hit.start(), hit.end()
    date = re.search(r"(?:19|20)\d\d\s*年(?:\s*\d{1,2}\s*月)?\s*(?:に|の)?\s*$", text[max(0, start - 12) : start])
    if date:
        start -= len(date.group(0))
    done = re.match(r"(?:済み|済|しました|いたしました)", text[end:])
    return text[start : end + (len(done.group(0)) if done else 0)]


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
