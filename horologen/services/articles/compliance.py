"""Advertising-law checks on an article, each with the reason and an alternative, and the shop's
own banned words.

景品表示法 第5条: 第1号 優良誤認 (quality shown as better than it is, e.g. a superlative with no
basis: 最高峰, 日本一, No.1, 絶対), 第2号 有利誤認 (terms shown as better than they are: a 二重価格
with no stored basis for the comparison price, 最安値, urgency with no basis). Future prices are
not facts: 必ず値上がり / 資産になる / investment wording promise a gain no shop can promise (消費者
契約法 第4条第1項第2号, 断定的判断の提供). A flag is a prompt to a person, not a verdict.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from horologen.services.articles import adlaw
from horologen.services.articles.grounding import Flag
from horologen.services.articles.profile import ProfileData


def check(article: str, profile: ProfileData | None = None, snapshot: dict[str, Any] | None = None) -> list[Flag]:
    """Advertising-law flags (kind `ad`: rankings, firsts and superlatives and comparison prices by
    their structure (adlaw.py), absolutes, investment wording, urgency) and the shop's banned words
    (kind `banned`) in `article`. `snapshot` is the product's data (a stored comparison price)."""
    text = unicodedata.normalize("NFKC", article)
    claims = profile.substantiated_claims if profile else ()
    flags: list[Flag] = list(adlaw.check(article, snapshot, claims))
    seen: set[str] = {f.term for f in flags}
    for word in profile.banned_words if profile else ():
        needle = unicodedata.normalize("NFKC", word)
        if needle and needle.lower() in text.lower() and needle not in seen:
            seen.add(needle)
            flags.append(
                Flag(term=needle, kind="banned", reason="店舗プロフィールで「使わない言葉」に指定されています。")
            )
    return flags
