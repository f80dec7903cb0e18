"""Japanese text as morphemes (SudachiPy with its core dictionary), for checks that decide by the
words around a word rather than by ever longer regular expressions.

SudachiPy 0.7 (Rust bindings; its PyPI project page, read 2026-11-30: "pin the exact
version", v0.7 needs the V1 dictionary format, which SudachiDict-core ships from 202610xx) and
sudachidict-core 20261015 are pinned in requirements.txt. Chosen over fugashi + unidic-lite for its
normalised forms: サファイヤ → サファイア, リューズ → 竜頭, ｵｰﾄﾏﾁｯｸ → オートマチック fold spelling
variants to one concept, which the fact checks need. Mode C keeps compounds (業界初, 最高級)
whole; a 2,000-character article takes about 2 ms.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from sudachipy import Tokenizer

_local = threading.local()


class Morpheme(NamedTuple):
    """One word of a sentence. A named tuple, not a frozen dataclass: an article's 200-odd morphemes
    were built in a quarter of a millisecond of each generation (bench/generation_overhead.py)."""

    surface: str
    pos: str  # 名詞, 動詞, 助詞, 接尾辞, 補助記号 …
    pos_detail: str  # 普通名詞, 数詞, 固有名詞 …
    normal: str  # the dictionary's normalised form (サファイヤ → サファイア)
    start: int  # character offsets in the NFKC text
    end: int


def _tokenizer() -> Tokenizer:
    """One tokenizer per thread (a Sudachi tokenizer is not shared between threads)."""
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        from sudachipy import Dictionary

        tokenizer = Dictionary(dict="core").create()
        _local.tokenizer = tokenizer
    return tokenizer


@lru_cache(maxsize=512)
def morphemes(text: str) -> tuple[Morpheme, ...]:
    """`text` (NFKC-normalised first) as morphemes in mode C, with offsets into the NFKC text."""
    from sudachipy import SplitMode

    normal_text = unicodedata.normalize("NFKC", text)
    found: list[Morpheme] = []
    for line_start, line in _lines(normal_text):
        for m in _tokenizer().tokenize(line, SplitMode.C):
            pos = m.part_of_speech()
            found.append(
                Morpheme(m.surface(), pos[0], pos[1], m.normalized_form(), line_start + m.begin(), line_start + m.end())
            )
    return tuple(found)


def _lines(text: str) -> list[tuple[int, str]]:
    """Sudachi reads a bounded input at a time: the text by lines, with each line's offset."""
    out, start = [], 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            out.append((start, line))
        start += len(line)
    return out


def normalised_text(text: str) -> str:
    """The text with each word in its dictionary form (spelling variants folded), for matching."""
    return "".join(m.normal if m.pos != "補助記号" else m.surface for m in morphemes(text))


_SENTENCE = re.compile(r"[^。！？!?\n]*[。！？!?\n]?")
_ENDS_ONLY = " \t\r\n\u3000。！？!?"


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) of `text`, split after 。！？!? and line ends. A run of sentence ends
    (`。。。`, `！！`) holds no words and is no sentence of its own."""
    return [(m.start(), m.group(0)) for m in _SENTENCE.finditer(text) if m.group(0).strip(_ENDS_ONLY)]
