"""The one normalisation shared by import, search and forms: `１２６６１０ーＬＮ` = `126610 ln` =
`126610-LN` = `126610LN` + U+200B.

Text enters from Excel, POS exports, web pages and phone keyboards. Invisible characters
(Unicode "format" characters: zero-width spaces and joiners, BOMs, soft hyphens, direction marks;
and control characters such as NUL) never carry meaning in a catalogue, so they are removed
wherever text enters. NFKC folds full-width and half-width forms.
"""

from __future__ import annotations

import re
import unicodedata

# Separators that carry no meaning for matching a reference or a brand: spaces, the hyphen family
# (and the IME's prolonged sound mark ー, which Japanese keyboards produce for "-"), dots, slashes.
_IGNORED = re.compile(r"[\s\-‐‑‒–—―−﹣ーｰ_./・･]+")
_KEEP_CONTROLS = {"\t", "\n", "\r"}


def strip_invisible(text: str) -> str:
    """Remove Unicode format (Cf) and control (Cc) characters, keeping tab and line breaks."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(ch for ch in text if ch in _KEEP_CONTROLS or unicodedata.category(ch) not in ("Cf", "Cc"))


def normalise_key(text: str) -> str:
    """NFKC (full-width to half-width), invisible characters dropped, upper case, separators removed."""
    return _IGNORED.sub("", strip_invisible(unicodedata.normalize("NFKC", text or ""))).upper()


def clean_text(text: object) -> str:
    """A cell or form field as display text: NFKC, invisible characters dropped, spaces collapsed,
    trimmed; None becomes ''."""
    if text is None:
        return ""
    return " ".join(strip_invisible(unicodedata.normalize("NFKC", str(text))).split())
