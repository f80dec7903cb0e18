"""The header of a catalogue file: which column is the brand, the reference, the name, the price,
which are specs; found below title rows, folded from two-row headers, duplicates settled.

In: the file's first rows (cells as read). Out: `Header` (its line, the known columns by index,
the spec labels by index, warnings) and the rows after it; `CatalogueFileError` when no header names
brand, reference and price, or when one names a deciding column twice.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from horologen.services.catalogue.normalise import BRACKETED, clean_text, header_key, is_private_column, normalise_key
from horologen.services.catalogue.problems import CatalogueFileError, RowError, column_letter, letters_phrase

# Header spellings seen in Japanese and English exports, compared after normalise_key().
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "brand": ("ブランド", "BRAND", "メーカー", "ブランド名", "MAKER"),
    "reference": ("型番", "REFERENCE", "REF", "品番", "リファレンス", "REFNO", "MODELNO"),
    "name": ("商品名", "NAME", "モデル名", "PRODUCTNAME", "COLLECTION", "コレクション"),
    # A piece's own number within the shop (issue 25 item C). The spellings found by the
    # tests/data/shop_files README: 管理番号, 在庫番号, 商品管理番号 (楽天 RMS's unique 商品管理番号
    # (商品URL), not its free 商品番号), SKU (Shopify's Variant SKU), Stock No.
    "stock": (
        "管理番号",
        "在庫番号",
        "商品管理番号",
        "SKU",
        "VARIANTSKU",
        "STOCKNO",
        "STOCKNUMBER",
        "在庫NO",
        "管理NO",
    ),
    # Whether the piece is on sale (在庫あり / 売約済み / 商談中): never 状態, the condition rank.
    "status": ("ステータス", "在庫状況", "販売状況", "在庫ステータス", "販売ステータス", "STATUS"),
}
_HEADER_LOOKUP = {normalise_key(alias): column for column, aliases in HEADER_ALIASES.items() for alias in aliases}
# Price headers: what is left once tax words and bracketed notes are taken out. `仕入価格` (cost)
# is not among them, so a cost column never becomes the selling price.
PRICE_BASES = {normalise_key(b) for b in ("価格", "PRICE", "PRICEJPY", "販売価格", "売価", "売価格", "")}
# Which price column wins when a file has several: tax-included, then unmarked, then tax-excluded
# (景品表示法 and the 総額表示 rule make the tax-included price the one shown to customers).
TAX_INCLUDED, TAX_UNKNOWN, TAX_EXCLUDED = 0, 1, 2
# MasterProduct.price_tax for each rank; `known["price_tax"]` holds the chosen column's rank.
PRICE_TAX = {TAX_INCLUDED: "included", TAX_UNKNOWN: "unknown", TAX_EXCLUDED: "excluded"}
_TAX_INCLUDED_WORDS = ("税込", "内税", "TAXINCLUDED", "INCLTAX")
_TAX_EXCLUDED_WORDS = ("税抜", "税別", "本体", "外税", "TAXEXCLUDED", "EXCLTAX")
_TAX_WORDS = (*_TAX_INCLUDED_WORDS, *_TAX_EXCLUDED_WORDS)
HEADER_SEARCH_ROWS = 10
CORE_COLUMNS = ("brand", "reference", "name", "price_jpy", "stock", "status")
# Spec columns that decide a fact of the article: articles/facts.py reads these headers as the
# condition rank and the accessories (the catalogue may not import articles, so they are listed
# here). Two columns of one such name would mean guessing which one to publish.
_FACT_SPELLINGS = (
    "状態",
    "状態ランク",
    "ランク",
    "コンディション",
    "CONDITION",
    "RANK",
    "付属品",
    "付属",
    "ACCESSORIES",
)
FACT_SPEC_HEADERS = frozenset(header_key(spelling) for spelling in _FACT_SPELLINGS)
# The condition rank's spellings (the first six above): what search shows beside a piece.
CONDITION_HEADERS = frozenset(header_key(spelling) for spelling in _FACT_SPELLINGS[:6])


# Spellings of one fact (状態 / 状態ランク / コンディション …; 付属品 / 付属): a file that names the
# column otherwise than the catalogue did still updates the same fact (changes.compare).
SAME_FACT = (CONDITION_HEADERS, frozenset(header_key(spelling) for spelling in _FACT_SPELLINGS[6:]))


def same_fact_label(label: str, stored: Mapping[str, object]) -> str | None:
    """The stored spec label that holds the same fact as the file's `label` under another spelling
    (the file's 状態ランク for the catalogue's 状態), or None."""
    key = header_key(label)
    group = next((g for g in SAME_FACT if key in g), None)
    if group is None:
        return None
    return next((k for k in stored if k != label and header_key(str(k)) in group), None)


def condition_of(specs: dict[str, object]) -> str:
    """The condition rank among a product's specs (`状態`, `状態ランク`, `コンディション`…), or ''."""
    return next((str(v) for k, v in specs.items() if header_key(str(k)) in CONDITION_HEADERS and str(v).strip()), "")


@dataclass
class Header:
    line: int  # 1-based line (CSV) or Excel row of the header (of its second row when it has two)
    known: dict[str, int]  # brand / reference / name / price_jpy / stock / status → index; price_tax → rank
    specs: dict[int, str]  # every other non-empty header by index, duplicates renamed `備考(2)`
    warnings: list[RowError] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # known column → its header as the file writes it


def price_rank(label: str) -> int | None:
    """TAX_INCLUDED / TAX_UNKNOWN / TAX_EXCLUDED for a selling-price header (`税込価格`, `価格（税込）`,
    `価格`, `本体価格`, `税抜`), None for anything else (`仕入価格` is a cost, never the price)."""
    text = unicodedata.normalize("NFKC", label)
    whole = normalise_key(text)
    base = normalise_key(BRACKETED.sub("", text))
    for word in sorted((*_TAX_INCLUDED_WORDS, *_TAX_EXCLUDED_WORDS, "税込み", "税抜き"), key=len, reverse=True):
        base = base.replace(word, "")
    if base not in PRICE_BASES:
        return None
    if any(word in whole for word in _TAX_INCLUDED_WORDS):
        return TAX_INCLUDED
    if any(word in whole for word in _TAX_EXCLUDED_WORDS):
        return TAX_EXCLUDED
    return TAX_UNKNOWN


def map_headers(headers: Sequence[object]) -> tuple[dict[str, int], dict[int, str]]:
    """Known columns by index, and every other non-empty header kept as a spec name.

    With several price columns the tax-included one is the price; the others stay as specs."""
    known: dict[str, int] = {}
    specs: dict[int, str] = {}
    price: tuple[int, int] | None = None  # (rank, index)
    for index, header in enumerate(headers):
        label = clean_text(header)
        if not label:
            continue
        column = _HEADER_LOOKUP.get(header_key(label))
        rank = price_rank(label) if column is None else None
        if column and column not in known:
            known[column] = index
        elif rank is not None and (price is None or rank < price[0]):
            if price is not None:
                specs[price[1]] = clean_text(headers[price[1]])
            price = (rank, index)
        else:
            specs[index] = label
    if price is not None:
        known["price_jpy"] = price[1]
        known["price_tax"] = price[0]
    missing = [c for c in ("brand", "reference", "price_jpy") if c not in known]
    if missing:
        names = {"brand": "ブランド", "reference": "型番", "price_jpy": "価格"}
        raise CatalogueFileError(
            "必須の列が見つかりません: "
            + "、".join(names[c] for c in missing)
            + "（見出し行に「ブランド」「型番」「価格（税込価格）」が必要です）"
        )
    return known, specs


def is_header(row: Sequence[object]) -> bool:
    """True when the row names brand, reference and price (whatever else it holds)."""
    try:
        map_headers(row)
    except CatalogueFileError:
        return False
    return True


def settle_duplicates(
    line: int, headers: Sequence[object], known: dict[str, int], specs: dict[int, str]
) -> tuple[dict[int, str], list[RowError]]:
    """Two columns of one header name (after width and case folding): refused when the name is a
    column that decides a fact (ブランド, 型番, 商品名, the price, 状態, 付属品 and their spellings),
    because either choice could publish the wrong value and the shop fixes it by renaming one
    header; kept when it is free text (備考, メモ), the second as `備考(2)`, with a warning, because
    nothing is lost or guessed (tests/data/shop_files/hdr_duplicate_joutai.csv, hdr_duplicate_bikou.xlsx).
    Cost columns are never imported, so their duplicates do not matter.

    In: the header line, its cells, map_headers()'s result. Out: the spec labels (renamed) and the
    warnings; CatalogueFileError for a refusal."""
    core = {known[c] for c in CORE_COLUMNS if c in known}
    groups: dict[str, list[int]] = {}
    for index in sorted(core | set(specs)):
        label = clean_text(headers[index])
        if index in core or not is_private_column(label):
            groups.setdefault(normalise_key(label), []).append(index)
    duplicates = [indexes for indexes in groups.values() if len(indexes) > 1]
    for indexes in duplicates:
        label = clean_text(headers[indexes[0]])
        if any(i in core for i in indexes) or header_key(label) in FACT_SPEC_HEADERS:
            raise CatalogueFileError(
                f"{line} 行目の見出しに「{label}」の列が {len(indexes)} つあります（{letters_phrase(indexes)}）。"
                f"どの列を使うか決められないため、読み込めません。片方の見出しを別の名前（例: 「{label}メモ」）"
                "に変えて保存し直してください。"
            )
    renamed = dict(specs)
    warnings: list[RowError] = []
    taken = {normalise_key(label) for label in specs.values()}
    for indexes in duplicates:
        label = specs[indexes[0]]
        names = []
        for index in indexes[1:]:
            number = 2
            while normalise_key(f"{label}({number})") in taken:
                number += 1
            renamed[index] = f"{label}({number})"
            taken.add(normalise_key(renamed[index]))
            names.append(f"{column_letter(index)} 列は「{renamed[index]}」")
        warnings.append(
            RowError(
                line,
                f"{line} 行目の見出しに「{label}」の列が {len(indexes)} つあります（{letters_phrase(indexes)}）。"
                f"どれも取り込み、{'、'.join(names)}とします。",
                ",".join(column_letter(i) for i in indexes),
            )
        )
    return renamed, warnings


def _compose_subheader(headers: Sequence[object], sub: Sequence[object], known: dict[str, int]) -> list[str] | None:
    """A two-row header (価格 merged over 税抜 | 税込): the labels with each sub-label joined to the
    label above it (carried across the merged span), or None when `sub` is a data row."""
    texts = [clean_text(cell) for cell in sub]
    if not any(texts) or any(_cell(texts, known[c]) for c in ("brand", "reference")):
        return None
    labels = [clean_text(cell) for cell in headers]
    width = max(len(labels), len(texts))
    labels += [""] * (width - len(labels))
    texts += [""] * (width - len(texts))
    under_merge = any(text and not labels[i] for i, text in enumerate(texts))
    names_tax = any(any(w in normalise_key(text) for w in _TAX_WORDS) for text in texts if text)
    if not (under_merge or names_tax) or any(len(text) > 30 or text.replace(",", "").isdigit() for text in texts):
        return None
    composed: list[str] = []
    parent = ""
    for label, text in zip(labels, texts, strict=True):
        parent = label or parent
        composed.append(f"{parent}{text}" if text else label)
    return composed


def _cell(row: Sequence[object], index: int | None) -> object:
    if index is None or index >= len(row):
        return None
    return row[index]


def find_header(rows: Iterator[Sequence[object]]) -> tuple[Header, Iterator[Sequence[object]]]:
    """The header is the first of the top rows that names brand, reference and price: Excel
    exports often start with a title line (`商品一覧 2026年11月`) or a blank row. A second header
    row under it (税抜 | 税込 under a merged 価格) is folded into it. Returns it with the rows after it."""
    first_error: CatalogueFileError | None = None
    for line in range(1, HEADER_SEARCH_ROWS + 1):
        headers = next(rows, None)
        if headers is None:
            break
        if not any(clean_text(cell) for cell in headers):
            continue
        try:
            known, specs = map_headers(headers)
        except CatalogueFileError as exc:
            first_error = first_error or exc
            continue
        following = next(rows, None)
        composed = _compose_subheader(headers, following, known) if following is not None else None
        if composed is not None:
            try:
                known, specs = map_headers(composed)
            except CatalogueFileError:
                composed = None
        if composed is None and following is not None:
            rows = itertools.chain([following], rows)
        header_line = line + 1 if composed is not None else line
        cells = composed or headers
        specs, warnings = settle_duplicates(header_line, cells, known, specs)
        labels = {column: clean_text(cells[index]) for column, index in known.items() if column != "price_tax"}
        return Header(header_line, known, specs, warnings, labels), rows
    if first_error is not None:
        raise first_error
    raise CatalogueFileError("ファイルが空です。")
