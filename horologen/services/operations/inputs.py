"""Values that arrive from outside (Reflex event arguments, forms, JSON) checked by type before any
work (issue 23): a forged list, null, a 40-digit id or a NUL character gets one clear Japanese
message instead of reaching the database (PostgreSQL refuses NUL in text and ids past int4).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from horologen.errors import UserFacingError

MAX_ID = 2**31 - 1  # PostgreSQL `integer`, the type of every id column
MAX_IDS = 2000  # the longest list a page may send (the export and bulk limits)
MAX_FORM_FIELDS = 100
MAX_FORM_VALUE = 200_000  # characters of one form field (the profile's examples are the longest)


class InputRefused(UserFacingError, ValueError):
    """A value of the wrong type, out of range or with a forbidden character. `message` is safe to
    show (Japanese); `reason` is for the log."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def record_id(value: Any, *, label: str = "ID") -> int:
    """A positive 32-bit id from an int or a string of ASCII digits; InputRefused otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InputRefused(f"{label}の指定が正しくありません。", f"{label}: type {type(value).__name__}")
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 10 or not 0 < int(text) <= MAX_ID:
        raise InputRefused(f"{label}の指定が正しくありません。", f"{label}: {text[:20]!r}")
    return int(text)


def optional_id(value: Any, *, label: str = "ID") -> int | None:
    """None for "" or None (nothing chosen), otherwise as record_id."""
    return None if value is None or value == "" else record_id(value, label=label)


def record_ids(values: Any, *, label: str = "ID", limit: int = MAX_IDS) -> list[int]:
    """A list of record ids (each as record_id), at most `limit`."""
    if not isinstance(values, list | tuple):
        raise InputRefused(f"{label}の指定が正しくありません。", f"{label}: type {type(values).__name__}")
    if len(values) > limit:
        raise InputRefused(f"一度に指定できるのは {limit:,} 件までです。", f"{label}: {len(values)} ids")
    return [record_id(v, label=label) for v in values]


def text(value: Any, *, limit: int, label: str) -> str:
    """A string without NUL within `limit` characters (a column's length); InputRefused otherwise."""
    if not isinstance(value, str):
        raise InputRefused(f"{label}の値が正しくありません。", f"{label}: type {type(value).__name__}")
    if "\x00" in value:
        raise InputRefused(f"{label}に使えない文字（NUL）が含まれています。", f"{label}: NUL")
    if len(value) > limit:
        raise InputRefused(f"{label}が長すぎます（{limit:,} 文字まで）。", f"{label}: {len(value)} chars")
    return value


_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def typed_text(value: Any, *, limit: int, label: str) -> tuple[str, bool]:
    """Text typed into an editor: a string within `limit` characters, with control characters
    (NUL, ESC, BEL …; not tab or line breaks) taken out. Returns (text, whether any were taken out);
    InputRefused for a value that is not text or is too long."""
    if not isinstance(value, str):
        raise InputRefused(f"{label}の値が正しくありません。", f"{label}: type {type(value).__name__}")
    cleaned = _CONTROLS.sub("", value)
    if len(cleaned) > limit:
        raise InputRefused(f"{label}が長すぎます（{limit:,} 文字まで）。", f"{label}: {len(cleaned)} chars")
    return cleaned, cleaned != value


def flag(value: Any, *, label: str = "指定") -> bool:
    """A boolean (a checkbox's true/false); InputRefused for anything else."""
    if not isinstance(value, bool):
        raise InputRefused(f"{label}の値が正しくありません。", f"{label}: type {type(value).__name__}")
    return value


def form(value: Any, *, label: str = "フォーム") -> dict[str, str]:
    """A submitted form: string keys and string (or boolean checkbox) values, NUL-free and bounded."""
    if not isinstance(value, Mapping) or len(value) > MAX_FORM_FIELDS:
        raise InputRefused(f"{label}の内容が正しくありません。", f"{label}: type {type(value).__name__}")
    cleaned: dict[str, str] = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise InputRefused(f"{label}の内容が正しくありません。", f"{label}: key type {type(key).__name__}")
        if isinstance(item, bool):
            item = "on" if item else ""
        cleaned[key] = text(item, limit=MAX_FORM_VALUE, label=label)
    return cleaned
