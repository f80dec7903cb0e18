"""One export cell as its file may carry it (issue 23 item 5, issue 27 item 3).

Control characters never reach a file (openpyxl refuses C0 controls, and a mall shows nothing
sensible for them). OWASP "CSV Injection" (owasp.org/www-community/attacks/CSV_Injection): a
cell a spreadsheet would run as a formula starts with = + - @ tab CR or LF. The guard looks at the
first visible character after NFKC, so full-width ＝ ＋ － ＠ and invisible prefixes (U+200B,
U+FEFF, NBSP) are caught too. The plain CSV / XLSX, which a person opens in Excel, get OWASP's
apostrophe; mall files (楽天, Yahoo!, Shopify) publish the cell as it is, so they never gain an
apostrophe: the character becomes its full-width form, which spreadsheets do not run and shoppers
read as the shop meant.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# OWASP "CSV Injection" (owasp.org/www-community/attacks/CSV_Injection): no cell may begin with
# = + - @ tab CR LF. Never written: C0 but tab/LF/CR (openpyxl refuses them), DEL, C1, surrogates.
FORMULA_STARTS, OWASP_BLANKS, MALL_FORMATS = "=+-@", ("\t", "\r", "\n"), {"rakuten", "yahoo", "shopify"}
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def neutralise(value: Any, fmt: str = "csv") -> Any:
    """A cell as a `fmt` file may carry it (numbers, None as they are): CONTROL_CHARACTERS out; OWASP's
    guard on the first character past invisible C*/Z*/M* prefixes (U+200B, NBSP), after NFKC (＝ is =):
    csv / xlsx get an apostrophe; mall files (published as is) never do: the prefix goes, = + - @ turn
    full-width ＝＋－＠ (no spreadsheet runs them, shoppers read them as meant), leading tab/CR/LF go."""
    if not isinstance(value, str):
        return value
    value = CONTROL_CHARACTERS.sub("", value)
    start = next((i for i, ch in enumerate(value) if unicodedata.category(ch)[0] not in "CZM"), len(value))
    first = unicodedata.normalize("NFKC", value[start : start + 1]) or " "
    if fmt not in MALL_FORMATS:
        return "'" + value if first[0] in FORMULA_STARTS or value.startswith(OWASP_BLANKS) else value
    if first[0] in FORMULA_STARTS:
        return chr(ord(first[0]) + 0xFEE0) + first[1:] + value[start + 1 :]
    return value[start:] if value.startswith(OWASP_BLANKS) else value
