"""Advertising-law claims found by their structure, not by a list of phrases (issue 26).

Rankings, firsts, onlies and superlatives (景品表示法 第5条第1号 優良誤認): the 消費者庁's 2024
report on No.1 displays (「No.1表示に関する実態調査報告書」, 令和6年9月) names 第1位, 売上No.1,
トップ, 初 and 唯一 as claims that need an objective, current and stated basis. A claim is found by
its form — a rank number (第N位, No.N, ナンバーワン), トップ or 一番 used as a rank, a scope word fused
with 初 (業界初, 日本初, 当店初) or followed by で初めて, 唯一, a 最- word that ranks (最強, 最高級,
最も…), a satisfaction share (満足度98%, 9割が推奨) — so a new wording of the same form is caught
without being listed (adlaw_patterns.py). Ordinary senses are told apart by the words around them
(SudachiPy morphemes): 一番下 (a position), 初めての方, 最初 / 最後 / 最寄り. A claim the shop has
substantiated (profile: the claim, its source and the survey date) is not flagged.

Comparison prices (二重価格, 景品表示法 第5条第2号 有利誤認; 「不当な価格表示についての景品表示法上の
考え方」, the 価格表示ガイドライン): a second price next to the selling price — two prices in one
sentence, an arrow between prices, a price label other than the selling price (新品並行価格, 旧価格,
定価 as its own word: never inside 限定価格), a discount (N%OFF, N万円安く), a deadline on the price —
is flagged unless the product's data holds a comparison price with its basis (columns 比較価格 and
比較価格の根拠). The reason names the kind of comparison and the guideline's condition for it.

Absolutes, value promises (消費者契約法 第4条第1項第2号 断定的判断: a certainty with a rise, a value
that will not fall, a loss that cannot happen, a resale at the price paid, market timing), scarcity
and deadlines (おとり広告告示, 有利誤認: the last piece, no more to come, a limited number or time)
and 安さの強調 (最安値, どこよりも安い: 価格表示ガイドライン 第6) are found by their forms as well. A
word such as 相場 or 他店 with no amount is a comparison only when the sentence compares. One flag
per sentence and kind of claim, spanning its evidence, so the review pane marks the claim.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from horologen.services.articles import adlaw_patterns as p
from horologen.services.articles.grounding import Flag
from horologen.services.articles.morphology import Morpheme, morphemes, sentences

Span = tuple[int, int]


def _rank_spans(ms: tuple[Morpheme, ...], sentence: str) -> list[Span]:
    spans: list[Span] = []
    for i, m in enumerate(ms):
        nxt = ms[i + 1] if i + 1 < len(ms) else None
        prev = ms[i - 1] if i else None
        word = m.surface
        if word in p.SUPERLATIVE_WORDS or m.normal in p.SUPERLATIVE_WORDS:
            spans.append((m.start, nxt.end if word == "唯一" and nxt and nxt.surface == "無二" else m.end))
        elif word.startswith("最") and len(word) > 1 and not word.startswith(p.NOT_RANKING_SAI) and m.pos != "動詞":
            spans.append((m.start, nxt.end if word == "最も" and nxt else m.end))
        elif word == "一番" and (nxt is None or nxt.surface not in p.POSITIONS):
            if not (nxt and nxt.surface == "の" and i + 2 < len(ms) and ms[i + 2].surface in p.POSITIONS):
                spans.append((m.start, nxt.end if nxt and nxt.pos in ("名詞", "動詞", "形容詞") else m.end))
        elif word == "トップ" and (
            (nxt and nxt.surface in p.TOP_PARTNERS) or (prev and prev.surface in ("人気", "売上", "業界", "シェア"))
        ):
            spans.append((m.start, nxt.end if nxt and nxt.surface in p.TOP_PARTNERS else m.end))
        elif (word.startswith("トップ") and word[3:] in p.TOP_PARTNERS) or (
            word.endswith("初") and len(word) > 1 and word not in p.ORDINARY_HATSU
        ):
            spans.append((m.start, m.end))
        elif (
            word == "初"
            and prev is not None
            and prev.pos == "名詞"
            and (nxt is None or nxt.surface not in ("め", "めて"))
        ):
            spans.append((prev.start, m.end))
    spans += [match.span() for match in p.RANK_PATTERNS.finditer(sentence)]
    spans += [match.span() for match in p.ENGLISH_RANK.finditer(sentence)]
    return spans


def _price_label_spans(ms: tuple[Morpheme, ...]) -> list[tuple[Span, str]]:
    """Price labels other than the selling price: 新品並行価格, 旧価格, 会員様限定価格, 定価, 他店 …
    A word ending in 価格 / 値段 is a label when a qualifier (its own prefix or the nouns before it)
    names another price than the one the shop sells at now."""
    found: list[tuple[Span, str]] = []
    for i, m in enumerate(ms):
        if m.surface in p.PRICE_WORDS:
            found.append(((m.start, m.end), p.PRICE_WORDS[m.surface]))
            continue
        stem = next((m.surface[: -len(end)] for end in ("価格", "値段", "プライス") if m.surface.endswith(end)), None)
        if stem is None:
            continue
        start, kind = i, next((k for q, k in p.QUALIFIER_KINDS.items() if q in stem), "")
        qualifiers = {stem} if stem else set()
        while start > 0 and ms[start - 1].pos in ("名詞", "接尾辞", "接頭辞") and i - start < 4:
            start -= 1
            qualifiers.add(ms[start].surface)
            kind = p.QUALIFIER_KINDS.get(ms[start].surface, kind)
        if kind and not qualifiers & p.SALE_PRICE_WORDS:
            found.append(((ms[start].start, m.end), kind))
    return found


def _price_spans(ms: tuple[Morpheme, ...], sentence: str) -> tuple[list[Span], str]:
    """The evidence of a comparison price in one sentence, and its kind ("" when there is none)."""
    labelled = _price_label_spans(ms)
    prices = [m for m in p.PRICE.finditer(sentence)]
    refused = not prices and p.NO_DISCOUNT.search(sentence) is not None  # 値引き交渉はお受けしておりません
    if labelled and not prices:  # no amount: a word such as 相場 or 他店 compares only when the sentence does
        compares = p.COMPARING.search(sentence) is not None
        labelled = [
            (span, kind) for span, kind in labelled
            if (kind != "rival" or compares) and (kind != "discount" or not refused)
        ]  # fmt: skip
    spans = [span for span, _kind in labelled]
    kind = labelled[0][1] if labelled else ""
    for pattern, pattern_kind in ((p.ARROW, "past"), (p.PAST, "past"), (p.DISCOUNT, "discount"), (p.FUTURE, "future")):
        if refused and pattern is p.DISCOUNT:
            continue
        for match in pattern.finditer(sentence):
            spans.append(match.span())
            kind = kind or pattern_kind
    values = sorted({_yen(m.group(0)) for m in prices} - {0})
    one_price_with_tax = len(values) == 2 and values[1] == values[0] + values[0] // 10
    if spans:  # a price next to the comparison is part of the claim
        spans += [m.span() for m in prices if any(abs(m.start() - e) <= 6 or abs(s - m.end()) <= 6 for s, e in spans)]
    elif len(values) >= 2 and not one_price_with_tax:
        spans, kind = [m.span() for m in prices], "past"
    return spans, kind


def _yen(price: str) -> int:
    digits = re.sub(r"[^\d.]", "", price.split("前後")[0])
    try:
        value = float(digits)
    except ValueError:
        return 0
    return round(value * 10000) if "万" in price else round(value)


def _substantiated(sentence: str, claims: Iterable[dict[str, Any]]) -> bool:
    for claim in claims:
        text = unicodedata.normalize("NFKC", str(claim.get("claim", ""))).strip()
        if text and text in sentence:
            return True
    return False


def _comparison_allowed(snapshot: dict[str, Any]) -> bool:
    specs = {unicodedata.normalize("NFKC", str(k)): str(v) for k, v in (snapshot.get("specs") or {}).items()}
    has_price = any("比較価格" in key and "根拠" not in key and value.strip() for key, value in specs.items())
    has_basis = any("根拠" in key and value.strip() for key, value in specs.items())
    return has_price and has_basis


def _cover(sentence: str, spans: list[Span]) -> str:
    return sentence[min(s for s, _e in spans) : max(e for _s, e in spans)].strip(" 、,。")


def check(text: str, snapshot: dict[str, Any] | None = None, claims: Iterable[dict[str, Any]] = ()) -> list[Flag]:
    """Ranking / first / only / superlative claims, comparison prices, absolutes, value promises and
    urgency in `text` (kind `ad`), one flag per sentence and kind, with the law and the condition it
    breaks and an alternative. `claims` are the shop's substantiated claims ({"claim", "source",
    "surveyed"}), `snapshot` the product's data (a stored comparison price and its basis)."""
    normal = unicodedata.normalize("NFKC", text)
    claims = list(claims)
    allow_comparison = _comparison_allowed(snapshot or {})
    flags: list[Flag] = []
    for _offset, sentence in sentences(normal):
        ms = morphemes(sentence)
        rank = [span for span in _rank_spans(ms, sentence) if not p.NOT_CLAIMED.search(sentence[span[1] :])]
        if rank and not _substantiated(sentence, claims):
            flags.append(Flag(_cover(sentence, rank), "ad", p.RANK_REASON, p.RANK_SUGGESTION))
        spans, kind = _price_spans(ms, sentence)
        if spans and not allow_comparison:
            label, condition = p.PRICE_KINDS[kind]
            reason = (
                f"{label}（二重価格）です。価格表示ガイドラインの条件: {condition}。根拠がなければ有利誤認"
                "（景品表示法 第5条第2号）のおそれがあります。"
            )
            flags.append(Flag(_cover(sentence, spans), "ad", reason, p.PRICE_SUGGESTION))
        for group, pattern in p.OTHER_PATTERNS.items():
            found = [match.span() for match in pattern.finditer(sentence)]
            if found:
                reason, alternative = p.OTHER[group]
                flags.append(Flag(_cover(sentence, found), "ad", reason, f"言い換えの例: {alternative}"))
    return _distinct(flags)


def _distinct(flags: list[Flag]) -> list[Flag]:
    """One flag per term; a term inside another flag's term of the same sentence adds nothing."""
    kept: list[Flag] = []
    for flag in flags:
        if flag.term and not any(flag.term in other.term for other in kept):
            kept = [other for other in kept if other.term not in flag.term]
            kept.append(flag)
    return kept
