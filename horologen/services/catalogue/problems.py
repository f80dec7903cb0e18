"""What reading a catalogue file reports: the whole file refused, or one line's problem.

Shared by the readers (`files`, `headers`, `encodings`, `sheets`) so none imports another just for
an exception. Messages are Japanese and name the line (CSV: the line, XLSX: Excel's row number) and
the spreadsheet column letter, because that is what the shop looks for in its own file.
"""

from __future__ import annotations

from dataclasses import dataclass

from horologen.errors import UserFacingError


class CatalogueFileError(UserFacingError, ValueError):
    """The file as a whole cannot be read (encoding, missing columns); the message says why."""


@dataclass(frozen=True)
class RowError:
    """One line's problem. In `ParsedCatalogue.errors` the row was not imported; in `.warnings` it
    was (or the line is not a product row) and the admin should look at the named cell."""

    line: int
    reason: str
    column: str = ""  # the cell's spreadsheet letter ("D,F" for several), "" when the whole row is meant


def column_letter(index: int) -> str:
    """0 → `A`, 25 → `Z`, 26 → `AA`: Excel's name for the column at a 0-based field index."""
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def letters_phrase(indexes: list[int]) -> str:
    """`E 列と H 列`, or `D 列・F 列・H 列` for three or more (as a Japanese sentence lists them)."""
    names = [f"{column_letter(i)} 列" for i in indexes]
    return "と ".join(names) if len(names) == 2 else "・".join(names)
