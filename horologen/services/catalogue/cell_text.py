"""An XLSX number or date cell as the text Excel shows for it.

Shops type references, stock numbers, sizes and years into Excel, which stores them as numbers and
shows them through the cell's number format: 12 with `000000` is `000012` (a stock tag), 3570.5
with `0.00` is the Omega reference `3570.50`, 14060.0 with `0` or General is `14060`, 42 with
`0"mm"` is `42mm`, 2001-01-01 with `yyyy"年"` is `2001年`. The shop sees (and re-types) that text,
so every column but the price is read as it (issue 25 item 5, "files as the shop sees them").

In: the value openpyxl gives (int, float, datetime) and `cell.number_format`. Out: the text. The
format language is ECMA-376 Part 1 §18.8.31 (numFmt); this renders the part catalogues use:
sections `pos;neg;zero`, placeholders `0 # ?`, thousands `,`, decimals, `%`, quoted or `\\`
literals, `[$¥-411]` currency, colours, `_x` / `*x` padding; for dates `yyyy yy m mm d dd` with
literals. Anything else (scaling `#,##0,`, exponents, conditions, times, eras) falls back to Excel's
General rendering, which is never wrong about the number, only about its decoration.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_PLACEHOLDERS = "0#?"
_NUMBER_CODE = re.compile(r"[0#?.,]")
_DATE_CODE = re.compile(r"y+|m+|d+", re.IGNORECASE)


@dataclass(frozen=True)
class ShownNumber:
    """A number cell read from XLSX: `str()` is the text Excel shows (what specs, references and
    stock numbers keep); `value` is the stored number (what a price is read from, since a display
    format such as `#,##0,` can hide digits)."""

    value: int | float
    text: str

    def __str__(self) -> str:
        return self.text


def shown_text(value: object, number_format: str | None) -> str:
    """The text Excel shows for `value` in `number_format` (General when the format is None)."""
    if isinstance(value, datetime | date | time):
        return _shown_date(value, number_format or "")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return general(value)  # no cell Excel writes holds one; a hand-made file might
    sections = _split_sections(number_format or "General")
    section = sections[0]
    if value < 0 and len(sections) > 1:
        section, value = sections[1], -value  # the negative section writes its own sign
    elif value == 0 and len(sections) > 2:
        section = sections[2]
    rendered = _render_number(section, value)
    return rendered if rendered is not None else general(value)


def general(value: int | float) -> str:
    """Excel's General: whole numbers without `.0`, others to 15 significant digits (which also
    drops float noise such as 1357400.0000000002)."""
    if isinstance(value, int) or not math.isfinite(value):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.15g}".replace("e+", "E+").replace("e-", "E-")


def _split_sections(number_format: str) -> list[str]:
    """`"¥"#,##0;[Red]-"¥"#,##0` → its sections, `;` inside quotes not counted."""
    sections: list[str] = []
    current: list[str] = []
    quoted = False
    for char in number_format:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            sections.append("".join(current))
            current = []
        else:
            current.append(char)
    sections.append("".join(current))
    return sections


def _tokens(section: str, codes: re.Pattern[str]) -> list[tuple[str, str]] | None:
    """(kind, text) pairs, kind "lit" (text as shown) or "code" (a match of `codes`); None when the
    section holds something not rendered here (a condition, General, an exponent, times, eras)."""
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(section):
        char = section[i]
        code = codes.match(section, i)
        if code:
            tokens.append(("code", code.group(0)))
            i = code.end()
        elif char == '"':
            end = section.find('"', i + 1)
            if end < 0:
                return None
            tokens.append(("lit", section[i + 1 : end]))
            i = end + 1
        elif char == "\\":
            tokens.append(("lit", section[i + 1 : i + 2]))
            i += 2
        elif char == "[":
            end = section.find("]", i)
            inner = section[i + 1 : end] if end > 0 else ""
            if inner.startswith("$"):  # [$¥-411] shows ¥; [$-411] (a locale) shows nothing
                tokens.append(("lit", inner[1:].split("-", 1)[0]))
            elif not inner.isalpha():  # a condition ([>=100]) or elapsed time ([h])
                return None
            i = end + 1  # a colour ([Red]) shows nothing
        elif char in "_*":  # _x pads the width of x, *x repeats x to fill the cell
            tokens.append(("lit", " " if char == "_" else ""))
            i += 2
        elif (char.isascii() and char.isalpha()) or char == "@":
            return None
        else:
            tokens.append(("lit", char))
            i += 1
    return tokens


def _render_number(section: str, value: int | float) -> str | None:
    if section.strip().lower() in ("general", ""):
        return general(value)
    tokens = _tokens(section, _NUMBER_CODE)
    if tokens is None or not any(kind == "code" for kind, _ in tokens):
        return None
    codes = [i for i, (kind, _) in enumerate(tokens) if kind == "code"]
    first, last = codes[0], codes[-1]
    if any(kind == "lit" and text for kind, text in tokens[first:last]):
        return None  # literals between digits (`000-0000`): not rendered here
    prefix = "".join(text for _, text in tokens[:first])
    suffix = "".join(text for _, text in tokens[last + 1 :])
    pattern = "".join(text for kind, text in tokens[first : last + 1] if kind == "code")
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if "%" in prefix + suffix:
        number *= 100
    digits = _digits(pattern, number)
    if digits is None:
        return None
    sign = "-" if number < 0 and digits.strip("0.,") else ""
    return f"{sign}{prefix}{digits}{suffix}"


def _digits(pattern: str, number: Decimal) -> str | None:
    """`#,##0.00` applied to |number|, rounded half away from zero as Excel does."""
    whole_part, dot, fraction_part = pattern.partition(".")
    if "." in fraction_part or "," in fraction_part or whole_part.endswith(","):
        return None  # a second point, or thousands scaling (`#,##0,`)
    places = sum(fraction_part.count(p) for p in _PLACEHOLDERS)
    required_places = fraction_part.count("0")
    try:
        rounded = abs(number).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None
    whole, _, fraction = f"{rounded:f}".partition(".")
    minimum = whole_part.count("0")
    whole = whole.lstrip("0").zfill(minimum) if minimum else whole.lstrip("0")
    if "," in whole_part and whole:
        whole = f"{int(whole):,}".zfill(len(whole)) if whole.startswith("0") else f"{int(whole):,}"
    fraction = fraction[:places]
    while len(fraction) > required_places and fraction.endswith("0"):
        fraction = fraction[:-1]
    return f"{whole}{dot}{fraction}" if fraction or (dot and not places) else whole


def _shown_date(value: date | time, number_format: str) -> str:
    """`yyyy"年"` → `2001年`, `yyyy/m/d` → `2001/1/1`; formats with times, eras, month or day names
    fall back to ISO (`2001-01-01`, with the time only when there is one)."""
    if isinstance(value, datetime) and value.time() == time(0):
        fallback = value.date().isoformat()
    else:
        fallback = value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    tokens = _tokens(number_format.split(";")[0], _DATE_CODE)
    if not isinstance(value, date) or not tokens or all(kind == "lit" for kind, _ in tokens):
        return fallback
    parts = {"yy": f"{value.year % 100:02d}", "yyyy": f"{value.year:04d}", "m": str(value.month)}
    parts |= {"mm": f"{value.month:02d}", "d": str(value.day), "dd": f"{value.day:02d}"}
    shown = []
    for kind, text in tokens:
        code = text.lower() if kind == "code" else ""
        code = ("yy" if len(code) <= 2 else "yyyy") if code.startswith("y") else code  # y/yy, yyy/yyyy
        if kind == "code" and code not in parts:
            return fallback  # mmm (month names), ddd (weekdays)
        shown.append(parts[code] if kind == "code" else text)
    return "".join(shown)
