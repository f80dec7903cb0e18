"""The one normalisation shared by import, search and forms: `１２６６１０ーＬＮ` = `126610 ln` =
`126610-LN` = `126610LN` + U+200B.

Text enters from Excel, POS exports, web pages and phone keyboards. Invisible characters
(Unicode "format" characters: zero-width spaces and joiners, BOMs, soft hyphens, direction marks;
and control characters such as NUL) never carry meaning in a catalogue, so they are removed
wherever text enters. Keys (`normalise_key`) fold everything NFKC folds; display text
(`clean_text`) folds only full-width and half-width forms (`ＲＯＬＥＸ`, `１２３`, `ｻﾌﾞ`) and keeps
the shop's other characters: ①, Ⅱ, ㎜, ㈱ and the wave dash ～ mean something in a listing and
NFKC would turn `①箱 ②保証書` into `1箱 2保証書` (tests/data/shop_files/enc_cp932_ibm_chars.csv).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Separators that carry no meaning for matching a reference or a brand: spaces, the hyphen family
# (and the IME's prolonged sound mark ー, which Japanese keyboards produce for "-"), dots, slashes.
_IGNORED = re.compile(r"[\s\-‐‑‒–—―−﹣ーｰ_./・･]+")
# Unicode categories Cf and Cc (Unicode 14, Python 3.11's unicodedata) but tab and line breaks, as
# one character class: a regex runs in C, a per-character category lookup made imports 2x slower.
# tests/test_real_world_imports.py checks this class against unicodedata.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2"
    "\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd"
    "\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]+"
)


def strip_invisible(text: str) -> str:
    """Remove Unicode format (Cf) and control (Cc) characters, keeping tab and line breaks."""
    return INVISIBLE.sub("", text)


@lru_cache(maxsize=4096)
def normalise_key(text: str) -> str:
    """NFKC (full-width to half-width), invisible characters dropped, upper case, separators removed.

    Memoised (an import asks for a row's reference key several times in a row, and a catalogue
    repeats its brands); printable ASCII skips NFKC and the invisible-character pass, which leave it
    as it is."""
    text = text or ""
    if text.isascii() and text.isprintable():
        return _IGNORED.sub("", text).upper()
    return _IGNORED.sub("", strip_invisible(unicodedata.normalize("NFKC", text))).upper()


# Unicode's "Halfwidth and Fullwidth Forms" block but U+FF5E FULLWIDTH TILDE, which is CP932's
# ～ (0x8160) in `+1～+3秒`, a range mark that NFKC would make an ASCII tilde: folded in codes
# (brand, reference, stock number), where `１２６６１０－ＬＮ` is `126610-LN`.
_WIDTH_FORMS = re.compile("[\uff01-\uff5d\uff5f-\uffef]+")
# In display text only full-width letters and digits (an input-method accident: `Ａ` for the rank A)
# and half-width katakana (`ｻﾌﾞ`) are folded; full-width punctuation is how Japanese is written
# (`保証書のみ（箱なし）` stays as the shop typed it: tests/data/shop_files/corr_a_v2.csv).
_WIDTH_LETTERS = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff61-\uff9f]+")


def _fold_width(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group(0))  # a run at once: ﾌﾞ composes to ブ


def fold_letter_o(key: str) -> str:
    """A normalise_key() key with letter O read as digit 0, for matching only (never stored):
    Audemars Piguet writes `15500ST.OO.1220ST.01` with letters where staff type zeros, and other
    references the other way round (tests/data/shop_files/ref_letter_o.csv)."""
    return key.replace("O", "0")


def clean_text(text: object) -> str:
    """A cell or form field as display text: full-width letters and digits and half-width katakana
    folded (NFKC on those only; Japanese punctuation such as `（）` kept), invisible characters
    dropped, spaces collapsed, trimmed; None becomes ''."""
    return _clean(text, _WIDTH_LETTERS)


def clean_code(text: object) -> str:
    """A brand, reference or stock number as stored: clean_text with every full-width and
    half-width form folded (`１２６６１０－ＬＮ` → `126610-LN`, `Ｓｔｏｃｋ．１` → `Stock.1`)."""
    return _clean(text, _WIDTH_FORMS)


# Anything `_clean` would fold or drop, for either set of forms: most Japanese cells have none.
_FOLDED_OR_INVISIBLE = re.compile(f"{_WIDTH_FORMS.pattern}|{_WIDTH_LETTERS.pattern}|{INVISIBLE.pattern}")


def _clean(text: object, forms: re.Pattern[str]) -> str:
    if text is None:
        return ""
    text = str(text)
    if (text.isascii() and text.isprintable()) or _FOLDED_OR_INVISIBLE.search(text) is None:
        return " ".join(text.split())  # most cells: nothing to fold, nothing invisible
    return " ".join(strip_invisible(forms.sub(_fold_width, text)).split())


BRACKETED = re.compile(r"[(\[【<（〔].*?[)\]】>）〕]")


def header_key(label: str) -> str:
    """`型番 `, `ブランド（メーカー）` → the key headers are compared by (bracketed notes dropped)."""
    return normalise_key(BRACKETED.sub("", unicodedata.normalize("NFKC", label)))


# Columns that are the shop's business, not the customer's (cost, margin): never imported, so they
# never reach a staff screen, a prompt or an output. The upload preview names them.
# A shop's cost side: what it paid (仕入, 買取), trade prices (下代, 卸, 業販, 業者), rates and margins.
PRIVATE_COLUMN_WORDS = (
    "仕入", "原価", "卸", "粗利", "利益", "COST", "仕切", "下代", "買取", "業販", "業者", "掛率", "掛け率", "MARGIN",
    "WHOLESALE",
)  # fmt: skip


def is_private_column(label: str) -> bool:
    """True for a cost or margin column (`仕入価格`, `原価`, `Cost`)."""
    key = header_key(label)
    return any(word in key for word in PRIVATE_COLUMN_WORDS)
