"""Flags what the article states that the input did not: numbers, reference-like tokens, spec terms.

Staff see these as 要確認 before publishing. It is a check, not a proof: it can flag a harmless
number ("1 本") and cannot see a wrong adjective. It errs on the side of flagging.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from typing import Any

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_REFERENCE_LIKE = re.compile(r"\b[A-Z0-9][A-Z0-9.\-/]{3,}\b")
# Spec vocabulary a model tends to add from general knowledge; flagged when absent from the input.
SPEC_TERMS = (
    "サファイア", "セラミック", "チタン", "ゴールド", "プラチナ", "ステンレス", "ブレスレット", "ラバー",
    "クロノグラフ", "GMT", "デイト", "トゥールビヨン", "ムーンフェイズ", "パワーリザーブ", "防水", "気圧",
    "自動巻", "手巻", "クオーツ", "スプリングドライブ", "COSC", "クロノメーター", "コーアクシャル",
    "マスタークロノメーター", "パラクロム", "セラクロム", "夜光", "ルミノバ", "シースルーバック",
    "保証書", "箱", "国際保証", "正規品", "新品", "未使用", "中古", "限定",
)  # fmt: skip
# Small counting numbers that are prose, not facts ("1本", "2つの").
_HARMLESS_NUMBERS = {"1", "2", "3"}


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _number_forms(text: str) -> set[str]:
    return {m.group(0).replace(",", "") for m in _NUMBER.finditer(_normalise(text))}


def _compact(text: str) -> str:
    return re.sub(r"[\s\-./]", "", _normalise(text)).upper()


def input_text(snapshot: dict[str, Any], notes: str) -> str:
    return json.dumps(snapshot, ensure_ascii=False) + "\n" + notes


def ungrounded_terms(article: str, snapshot: dict[str, Any], notes: str = "") -> list[str]:
    """Numbers, reference-like tokens and spec terms in the article that the input does not carry."""
    source = _normalise(input_text(snapshot, notes))
    source_numbers = _number_forms(source)
    price = snapshot.get("price_jpy")
    if isinstance(price, int):
        source_numbers |= {str(price), f"{price / 10000:g}"}  # 198万円 style
    source_compact = _compact(source)
    text = _normalise(article)
    flagged: list[str] = []

    def flag(term: str) -> None:
        if term not in flagged:
            flagged.append(term)

    for token in _REFERENCE_LIKE.findall(text.upper()):
        if any(ch.isdigit() for ch in token) and _compact(token) not in source_compact:
            flag(token)
    for match in _NUMBER.finditer(text):
        number = match.group(0).replace(",", "")
        if number not in source_numbers and number not in _HARMLESS_NUMBERS and not any(number in t for t in flagged):
            flag(match.group(0))
    for term in SPEC_TERMS:
        if term in text and term not in source:
            flag(term)
    return flagged


def highlight_html(text: str, terms: list[str]) -> str:
    """The article as HTML-escaped text with each flagged term wrapped in <mark> (for review only).

    Terms are found in the text first and each piece escaped after, so a flagged `27` never
    matches inside an entity such as `&#x27;`."""
    text = unicodedata.normalize("NFKC", text)
    if not terms:
        return html.escape(text).replace("\n", "<br>")
    alternatives = "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True))
    pattern = re.compile(alternatives, re.IGNORECASE)  # reference-like terms are kept upper-cased
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        pieces.append(html.escape(text[last : match.start()]))
        pieces.append(f'<mark title="要確認">{html.escape(match.group(0))}</mark>')
        last = match.end()
    pieces.append(html.escape(text[last:]))
    return "".join(pieces).replace("\n", "<br>")
