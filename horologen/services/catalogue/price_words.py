"""Words shops put where a price or a stock status goes: no price, sold, reserved (issue 25 item A).

A watch dealer's list keeps pieces that are not on sale at a number: `ASK`, `応談`, `価格未定`,
`お問い合わせ` (price on request), `SOLD`, `売約済`, `売り切れ` (sold), `商談中`, `HOLD` (a buyer is
negotiating: reserved), and `0` / `￥０` / `0円` where no price was entered (makeshop's CSV turns a blank
定価 into 0). None of these is a price and none is an error: the row is imported with no price
(`price_jpy` NULL) and, for sold and reserved, with that sale state. The spellings come from
tests/data/shop_files (CASES.md, README: the words of the price_words_* and status_* cases) and the
brief; ASK / HOLD / 価格未定 / 商談中 were not observed in a real export, only the kind.

A status column (ステータス, 在庫状況, 販売状況) says the same with 在庫あり / 売約済み / 商談中 or blank.
状態 is never a status: in a watch list it is the condition rank (A, AB, 中古B).

In: a cell as read. Out: `PriceCell` (price or None, sale state, whether it was a zero) or a
`StatusCell`; ValueError for a price cell that is neither a number nor a known word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from horologen.services.catalogue.cell_text import ShownNumber
from horologen.services.catalogue.prices import TAX_EXCLUDED_WORDS, TAX_INCLUDED_WORDS, parse_price

AVAILABLE, RESERVED, SOLD = "available", "reserved", "sold"
SALE_STATES = (AVAILABLE, RESERVED, SOLD)
SALE_LABELS = {AVAILABLE: "販売中", RESERVED: "商談中", SOLD: "売約済み"}
# Which state wins when the price cell and the status column disagree: the more restrictive one
# (showing a sold watch as on sale causes a sale the shop cannot honour; cases.json status_column.csv).
_RESTRICTION = {AVAILABLE: 0, RESERVED: 1, SOLD: 2}

_SOLD_WORDS = {
    "SOLD", "SOLDOUT", "売約", "売約済", "売約済み", "ご売約済", "ご売約済み", "成約済", "成約済み", "ご成約済",
    "ご成約済み", "売切", "売切れ", "売り切れ", "完売", "販売済", "販売済み", "販売終了",
}  # fmt: skip
_RESERVED_WORDS = {
    "商談中", "ご商談中", "HOLD", "ONHOLD", "取置", "取置中", "取置き", "取り置き", "取り置き中", "お取り置き",
    "お取り置き中", "予約済", "予約済み", "ご予約済み", "RESERVED",
}  # fmt: skip
_ON_REQUEST_WORDS = {
    "ASK", "ASKPRICE", "POA", "PRICEONREQUEST", "ONREQUEST", "TBA", "TBD", "応談", "価格応談", "要相談", "価格要相談",
    "価格未定", "未定", "時価", "OPEN", "オープン", "オープン価格",
}  # fmt: skip
_ON_REQUEST_PARTS = ("問い合わせ", "問合せ", "問合わせ", "問い合せ", "応談")
# Status words meaning "on sale"; blank means the same (the shop's default).
_AVAILABLE_WORDS = {
    "在庫あり", "在庫有", "在庫有り", "在庫", "あり", "有", "有り", "販売中", "店頭在庫", "AVAILABLE", "INSTOCK",
    "ONSALE", "FORSALE", "ACTIVE",
}  # fmt: skip
_NOISE = re.compile(r"[\s!！。.．・※*＊]+")


def word_key(text: str) -> str:
    """A cell folded for comparing words: NFKC (full width), upper case, spaces and marks out."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text)).upper()


def state_word(text: str) -> str | None:
    """SOLD / RESERVED for a sold or reserved word, None for anything else."""
    key = word_key(text)
    if key in _SOLD_WORDS:
        return SOLD
    if key in _RESERVED_WORDS:
        return RESERVED
    return None


def is_on_request(text: str) -> bool:
    """`ASK`, `応談`, `価格未定`, `お問い合わせ`, `価格はお問い合わせください` and the like."""
    key = word_key(text)
    return key in _ON_REQUEST_WORDS or any(part in key for part in _ON_REQUEST_PARTS)


@dataclass(frozen=True)
class PriceCell:
    price_jpy: int | None  # None: no price (on request, sold or reserved without a number, a zero)
    state: str = AVAILABLE  # what the cell says about the sale: available | reserved | sold
    zero: bool = False  # the cell said 0 yen: imported as no price, and the admin is told
    word: bool = False  # the cell was a word (ASK, SOLD…), not a number
    tax: str = ""  # the cell's own note: "excluded" (税抜, 税別, +税), "included" (税込, 内税), "" none


# A tax note written in the price cell itself (`1,800,000(税抜)`, `¥1,980,000 税込`, `98万円+税`):
# it says how that one price is to be read, whatever the column's header says.
_EXCLUDED_NOTE = re.compile(TAX_EXCLUDED_WORDS)
_INCLUDED_NOTE = re.compile(TAX_INCLUDED_WORDS)
_AMOUNT_NOTE = re.compile(r"[(\[【（〔<][^)\]】）〕>]*\d[^)\]】）〕>]*[)\]】）〕>]")


def cell_tax_note(value: object) -> str:
    """ "excluded" / "included" when a text price cell carries its own tax note, else ""."""
    if not isinstance(value, str) or ("税" not in value and "本体" not in value):
        return ""
    value = _AMOUNT_NOTE.sub("", value)  # 「¥550,000（税抜¥500,000）」: that note is about the other amount
    if _EXCLUDED_NOTE.search(value):
        return "excluded"
    return "included" if _INCLUDED_NOTE.search(value) else ""


def read_price_cell(raw: object) -> PriceCell:
    """A price cell: a number (`¥1,980,000`, an XLSX number), a word, or a zero.

    In: the cell as read (str, int, float, ShownNumber). Out: PriceCell. ValueError when the cell
    is neither a price nor a known word (`1,98O,000`); the caller names the cell."""
    value = raw.value if isinstance(raw, ShownNumber) else raw
    try:  # nearly every cell is a number: read it first, the words only when it is not one
        price = parse_price(value)
    except ValueError:
        if not isinstance(value, str):
            raise
        state = state_word(value)
        if state is not None:
            return PriceCell(None, state, word=True)
        if is_on_request(value):
            return PriceCell(None, word=True)
        raise
    return PriceCell(None, zero=True) if price == 0 else PriceCell(price, tax=cell_tax_note(value))


@dataclass(frozen=True)
class StatusCell:
    state: str | None  # None: blank (the shop's default, on sale)
    known: bool = True  # False: a word this reader does not know (read as on sale, with a warning)


def read_status_cell(text: str) -> StatusCell:
    """A status column's cell: 在庫あり / 販売中 / blank → on sale, 売約済み / SOLD → sold,
    商談中 / HOLD → reserved; any other word is on sale with known=False."""
    if not text.strip():
        return StatusCell(None)
    state = state_word(text)
    if state is not None:
        return StatusCell(state)
    return StatusCell(AVAILABLE, known=word_key(text) in _AVAILABLE_WORDS)


def stricter(first: str, second: str) -> str:
    """The more restrictive of two sale states (sold > reserved > available)."""
    return first if _RESTRICTION[first] >= _RESTRICTION[second] else second


def price_state(price_jpy: int | None, sale_state: str) -> str:
    """cases.json's price_state: sold | reserved (whatever the number), else priced | on_request."""
    if sale_state in (SOLD, RESERVED):
        return sale_state
    return "priced" if price_jpy is not None else "on_request"
