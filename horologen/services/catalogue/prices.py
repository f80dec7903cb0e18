"""Prices as shops write them: `¥1,980,000`, `1980000円`, `\\5,280,000` (Shift_JIS Excel),
`¥2,100,000（税込）`, `3,000,000-`, `198万円`, and Excel's float noise (1357400.0000000002)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import overload

from horologen.services.catalogue.normalise import clean_text

# CP932 files written by Japanese Excel carry the yen sign as byte 0x5C, which decodes to "\\".
# Tax words a price cell carries (`¥2,100,000（税込）`, `98万円+税`, `本体 1,000,000円`): taken off the
# amount here, and read as that one price's basis by price_words.cell_tax_note.
TAX_INCLUDED_WORDS = r"税込み?|内税"
TAX_EXCLUDED_WORDS = r"税抜き?|税別|外税|[+＋](?:消費)?税|本体"
_PRICE_NOISE = re.compile(rf"[¥￥\\,，\s円]|JPY|YEN|{TAX_INCLUDED_WORDS}|{TAX_EXCLUDED_WORDS}", re.IGNORECASE)
# 「3,000,000-」「¥1,980,000-」: a trailing dash (or =) closes an amount in Japanese business writing.
_PRICE_DASHES = "-ー―‐=＝"
_PRICE_NOTES = re.compile(r"[(\[【（〔<].*?[)\]】）〕>]")
_MAN = re.compile(r"^(\d+(?:\.\d+)?)万$")
# Thousands commas where a shop wrote them: every group after the first has three digits.
_WITH_COMMAS = re.compile(r"\d[\d,，]*[,，][\d,，]*\d")
_GROUPED = re.compile(r"\d{1,3}(?:[,，]\d{3})+")
# The common spellings, read without the general path: an optional yen sign, digits with or without
# thousands commas, an optional 円.
_PLAIN_YEN = re.compile(r"[¥￥\\]?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)円?")


def _whole_yen(value: Decimal | float, raw: object) -> int:
    """Excel stores ¥1,357,400 as 1357400.0000000002 at times: within a millionth of a yen it is
    that whole number; a real fraction of a yen is not a price."""
    rounded = round(value)
    if abs(Decimal(str(value)) - rounded) > Decimal("0.000001"):
        raise ValueError(raw)
    return int(rounded)


def parse_price(raw: object) -> int:
    """`¥1,234,000`, `1234000円`, `１，２３４，０００`, `¥2,100,000（税込）`, `3,000,000-`, `198万円`,
    1357400.0000000002 → whole yen; ValueError when it is not a price (`価格応談`)."""
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, str) and (plain := _PLAIN_YEN.fullmatch(raw)):  # `¥1,234,000`, `1980000`: most cells
        value = int(plain.group(1).replace(",", ""))
    elif isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise ValueError(raw)
        value = _whole_yen(raw, raw)
    else:
        text = clean_text(raw)
        text = _PRICE_NOTES.sub("", text)
        if any(not _GROUPED.fullmatch(m.group(0)) for m in _WITH_COMMAS.finditer(text)):
            raise ValueError(raw)  # 「12,800,00」: a digit lost or a comma misplaced, not a price to guess
        text = _PRICE_NOISE.sub("", text).rstrip(_PRICE_DASHES)
        man = _MAN.match(text)
        try:
            if man:
                value = _whole_yen(Decimal(man.group(1)) * 10000, raw)
            elif re.fullmatch(r"\d+(?:\.\d+)?", text):
                value = _whole_yen(Decimal(text), raw)
            else:
                raise ValueError(raw)
        except InvalidOperation:
            raise ValueError(raw) from None
    if value < 0 or value > 10**12:
        raise ValueError(raw)
    return value


# 消費税法 第29条: the standard rate is 10 % (watches are not reduced-rate goods).
CONSUMPTION_TAX_PERCENT = 10


@overload
def tax_included(price_jpy: int, price_tax: str) -> int: ...
@overload
def tax_included(price_jpy: None, price_tax: str) -> None: ...
def tax_included(price_jpy: int | None, price_tax: str) -> int | None:
    """The tax-included total in yen: `price_jpy` itself, or +10 % rounded down for a 税抜 price
    (`price_tax` "excluded"). Unknown is taken as written (the shop profile may say otherwise).
    None (no price: ASK, sold without a number) stays None."""
    if price_jpy is None:
        return None
    if price_tax == "excluded":
        return price_jpy + price_jpy * CONSUMPTION_TAX_PERCENT // 100
    return price_jpy
