"""The one normalisation shared by import and search: `１１６６１０ＬＮ` = `116610 ln` = `116610-LN`."""

from __future__ import annotations

import re
import unicodedata

# Separators staff type or catalogues carry that carry no meaning for matching.
_IGNORED = re.compile(r"[\s\-‐‑‒–—―−_./・]+")


def normalise_key(text: str) -> str:
    """NFKC (full-width to half-width), upper case, separators removed."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", text or "")).upper()


def clean_text(text: object) -> str:
    """A cell as display text: NFKC-normalised spaces, trimmed; None becomes ''."""
    if text is None:
        return ""
    return " ".join(unicodedata.normalize("NFKC", str(text)).split())
