"""The per-concept prefilter of the grounding check (grounding_vocabulary.MENTIONS) never misses a
concept one of its spellings finds, so skipping a concept it does not find never hides a flag."""

from __future__ import annotations

import re
from pathlib import Path

from horologen.services.articles.grounding_vocabulary import COMPILED, MENTIONS, VOCABULARY, ascii_folded

DATA = Path(__file__).parent / "data"
# Python's case-insensitive matching takes these for ASCII letters (İ ı for i, ſ for s, K for k).
ODD = {"i": "\u0130\u0131", "s": "\u017f", "k": "\u212a"}


def _texts() -> list[str]:
    spellings = [s.removeprefix("re:") for _k, _c, group in VOCABULARY for s in group]
    words = [s for s in spellings if not s.startswith(("(", "["))]
    texts = words + [w.upper() for w in words] + [w.title() for w in words] + [f"本機は{w}です。" for w in words]
    texts += [f"x{w}x" for w in words]  # inside a longer ASCII word: whole-word spellings must not match
    for letter, odd in ODD.items():  # the odd characters in place of each ASCII letter they stand for
        texts += [w.replace(letter, ch).replace(letter.upper(), ch) for w in words if letter in w.lower() for ch in odd]
    for path in sorted(DATA.rglob("*.json"))[:40]:
        texts += re.findall(r'"([^"\\]{8,400})"', path.read_text(encoding="utf-8", errors="replace"))
    from tests.data import adlaw_corpus, grounding_corpus

    texts += [case[1] for case in grounding_corpus.CORPUS] + [case[1] for case in adlaw_corpus.CORPUS]
    return texts


def test_every_concept_has_a_prefilter() -> None:
    assert len(MENTIONS) == len(COMPILED) == len(VOCABULARY)


def test_the_prefilter_finds_every_concept_a_spelling_finds() -> None:
    texts = _texts()
    assert len(texts) > 1000
    misses, hits = [], 0
    for (kind, concept, patterns), mention in zip(COMPILED, MENTIONS, strict=True):
        for text in texts:
            if any(p.search(text) for p in patterns):
                hits += 1
                if not mention.found((text,), (ascii_folded(text),)):
                    misses.append((kind, concept, text[:60]))
    assert misses == []
    assert hits > 500  # the corpus does name the concepts


def test_the_prefilter_says_no_for_text_without_the_words() -> None:
    plain = "本機は落ち着いた雰囲気の一本です。状態は良好です。"
    assert sum(m.found((plain,), (ascii_folded(plain),)) for m in MENTIONS) <= 2
