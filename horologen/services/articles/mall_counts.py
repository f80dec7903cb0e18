"""Characters as the malls count them: 楽天's bytes (全角 2, 半角 1, in CP932), Yahoo!ショッピング's
全角 length (全角 1, 半角 0.5), and the machine-dependent characters 楽天 refuses. channels.py
measures each field with these."""

from __future__ import annotations


def cp932_bytes(text: str) -> int:
    """Bytes as 楽天 counts them: 全角 2, 半角 1 (a character outside CP932 counts 2)."""
    total = 0
    for char in text:
        try:
            total += len(char.encode("cp932"))
        except UnicodeEncodeError:
            total += 2
    return total


def zenkaku_length(text: str) -> float:
    """Length as Yahoo!ショッピング counts it: 全角 1, 半角 0.5."""
    return cp932_bytes(text) / 2


def machine_dependent(text: str) -> list[str]:
    """Characters 楽天 refuses: outside CP932, or in its NEC/IBM extension rows (①, Ⅲ, ㈱, 髙)."""
    found: list[str] = []
    for char in text:
        try:
            encoded = char.encode("cp932")
        except UnicodeEncodeError:
            if char not in found:
                found.append(char)
            continue
        code = int.from_bytes(encoded, "big") if len(encoded) == 2 else 0
        extension = 0x8740 <= code <= 0x879C or 0xED40 <= code <= 0xEEFC or 0xFA40 <= code <= 0xFC4B
        if extension and char not in found:
            found.append(char)
    return found
