"""The per-concept prefilter of the grounding check (grounding_vocabulary.MENTIONS) finds a concept
exactly where one of its spellings does, so skipping unnamed concepts never hides a flag."""

from __future__ import annotations

import re
from pathlib import Path

from horologen.services.articles.grounding_vocabulary import COMPILED, MENTIONS, VOCABULARY

DATA = Path(__file__).parent / "data"


def _texts() -> list[str]:
    spellings = [s.removeprefix("re:") for _k, _c, group in VOCABULARY for s in group]
    words = [s for s in spellings if not s.startswith(("(", "["))]
    texts = words + [w.upper() for w in words] + [w.lower() for w in words] + [f"本機は{w}です。" for w in words]
    texts += [f"x{w}x" for w in words]  # inside a longer ASCII word: whole-word spellings must not match
    for path in sorted(DATA.rglob("*.json"))[:40]:
        texts += re.findall(r'"([^"\\]{8,400})"', path.read_text(encoding="utf-8", errors="replace"))
    from tests.data import adlaw_corpus, grounding_corpus

    texts += [case[1] for case in grounding_corpus.CORPUS] + [case[1] for case in adlaw_corpus.CORPUS]
    return texts


def test_every_concept_has_a_joined_pattern() -> None:
    assert len(MENTIONS) == len(COMPILED) and all(m is not None for m in MENTIONS)


def test_the_joined_pattern_matches_where_a_spelling_does() -> None:
    texts = _texts()
    assert len(texts) > 1000
    for (kind, concept, patterns), mention in zip(COMPILED, MENTIONS, strict=True):
        assert mention is not None
        for text in texts:
            expected = any(p.search(text) for p in patterns)
            assert bool(mention.search(text)) == expected, (kind, concept, text)
