"""Checks of one catalogue row beside its validation: cells that are not text, references that
differ only by letter O against digit 0, what the price and status cells say about the sale, and
stock numbers shared by two rows. Each names the line and the spreadsheet column.

In: the row's cells as read and what `headers` found; out: RowError warnings or errors (and, for
the sale, the state). Used by `files.parse_catalogue`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from horologen.services.catalogue.normalise import fold_letter_o, normalise_key
from horologen.services.catalogue.price_words import AVAILABLE, SALE_LABELS, PriceCell, StatusCell, stricter
from horologen.services.catalogue.problems import RowError, column_letter

if TYPE_CHECKING:
    from horologen.services.catalogue.files import CatalogueRow  # files imports this module

REPLACEMENT = "\ufffd"


def _cell(row: Sequence[object], index: int | None) -> object:
    if index is None or index >= len(row):
        return None
    return row[index]


def unreadable(
    line: int, row: Sequence[object], columns: dict[int, str], identity: set[int]
) -> tuple[RowError | None, list[RowError]]:
    """The cells of a row that hold U+FFFD where the file had bytes that are not text: an error for
    the brand or the reference (a watch must not be keyed on a broken character), warnings for any
    other column (the row is imported with U+FFFD in that cell, so the admin can find and fix it)."""
    error, warnings = None, []
    for index, label in columns.items():
        if REPLACEMENT not in str(_cell(row, index) or ""):
            continue
        letter = column_letter(index)
        if index in identity:
            error = error or RowError(line, f"{label}に文字として読めないバイトがあります（{letter} 列）", letter)
        else:
            reason = (
                f"{line} 行目 {letter} 列（{label}）に文字として読めないバイトがありました。"
                "その文字は「\ufffd」にして取り込みます。元のファイルで確かめてください。"
            )
            warnings.append(RowError(line, reason, letter))
    return error, warnings


def letter_o_warning(
    line: int, reference: str, key: tuple[str, str], folded: dict[tuple[str, str], tuple[int, str]], letter: str
) -> RowError | None:
    """A reference that differs from an earlier one of the brand only by letter O against digit 0
    (AP's `15500ST.OO.1220ST.01` typed `15500ST.00.1220ST.01`): both are imported as typed, since
    either may be the maker's; the later line is named with the earlier one so the shop can align."""
    first_line, first_reference = folded.setdefault((key[0], fold_letter_o(key[1])), (line, reference))
    if first_line == line or normalise_key(first_reference) == key[1]:  # the same reference: two pieces
        return None
    return RowError(
        line,
        f"{line} 行目 {letter} 列の型番「{reference}」は、{first_line} 行目の「{first_reference}」と"
        " O（オー）と 0（ゼロ）だけが違います。同じ時計なら、メーカーの表記にそろえてください"
        "（別の商品として取り込みます）。",
        letter,
    )


def sale_state(
    line: int,
    cell: PriceCell,
    status: StatusCell,
    raw_price: object,
    status_text: str,
    known: dict[str, int],
    columns: dict[int, str],
) -> tuple[str, list[RowError]]:
    """The row's sale state and the warnings about its price and status cells: a zero price is read
    as no price (no watch sells for 0 yen; cases.json price_words_onrequest.csv); a status word this
    reader does not know is on sale; a price cell and a status column that disagree (SOLD beside
    在庫あり) give the more restrictive state, and both cells are named (status_column.csv)."""
    price_letter = column_letter(known["price_jpy"])
    shown = str(raw_price).strip()
    warnings: list[RowError] = []
    if cell.zero:
        reason = (
            f"{line} 行目 {price_letter} 列の価格「{shown}」は 0 円です。0 円では掲載できないため、"
            "価格なし（お問い合わせ）として取り込みます。価格があるならファイルを直してください。"
        )
        warnings.append(RowError(line, reason, price_letter))
    if status.state is None:
        return cell.state, warnings
    status_letter = column_letter(known["status"])
    label = columns[known["status"]]
    if not status.known:
        reason = (
            f"{line} 行目 {status_letter} 列（{label}）の「{status_text}」は読み取れない言葉です。販売中として"
            "取り込みます（売約済み・商談中なら、その言葉にしてください）。"
        )
        warnings.append(RowError(line, reason, status_letter))
    state = stricter(cell.state, status.state)
    if cell.state != AVAILABLE and status.state != cell.state:
        reason = (
            f"{line} 行目の価格（{price_letter} 列）は「{shown}」、{label}（{status_letter} 列）は「{status_text}」で"
            f"食い違っています。「{SALE_LABELS[state]}」として取り込みます。正しいほうにそろえてください。"
        )
        warnings.append(RowError(line, reason, f"{price_letter},{status_letter}"))
    return state, warnings


def refuse_shared_stock_numbers(
    rows: list[CatalogueRow], stocks: dict[str, list[int]], known: dict[str, int], columns: dict[int, str]
) -> tuple[list[CatalogueRow], list[RowError]]:
    """A stock number on two rows names two watches with one number: neither row can be trusted to
    own it, so both are refused, each error naming every line (cases.json pieces_duplicate_stock.csv:
    taking the first or the last row is not acceptable); the other rows are imported.

    In: the parsed rows (CatalogueRow), stock number → its lines, the header's columns. Out: the rows
    kept and the errors to add."""
    shared = {stock: lines for stock, lines in stocks.items() if len(lines) > 1}
    if not shared:
        return rows, []
    letter = column_letter(known["stock"])
    label = columns[known["stock"]]
    errors: list[RowError] = []
    for stock, lines in shared.items():
        named = "・".join(f"{n} 行目" for n in lines)
        reason = (
            f"{label}「{stock}」が {named}にあります（{letter} 列）。別々の時計に同じ番号は使えないため、"
            "これらの行はどれも取り込みません。番号を直してください。"
        )
        errors += [RowError(line, reason, letter) for line in lines]
    return [row for row in rows if row.stock_number not in shared], errors
