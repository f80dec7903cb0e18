"""Advertising-law checks on an article, each with the reason and an alternative, and the shop's
own banned words.

景品表示法 第5条: 第1号 優良誤認 (quality shown as better than it is, e.g. a superlative with no
basis: 最高峰, 日本一, No.1, 絶対), 第2号 有利誤認 (terms shown as better than they are: a 二重価格
with no stored basis for the comparison price, 最安値, urgency with no basis). Future prices are
not facts: 必ず値上がり / 資産になる / investment wording promise a gain no shop can promise (消費者
契約法 第4条第1項第2号, 断定的判断の提供). A flag is a prompt to a person, not a verdict.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from horologen.services.articles import adlaw
from horologen.services.articles.grounding import Flag
from horologen.services.articles.profile import ProfileData

ABSOLUTE = "断定表現は、根拠がなければ優良誤認（景品表示法 第5条第1号）のおそれがあります。"
INVESTMENT = "将来の価格を断定・示唆する表現は、断定的判断の提供（消費者契約法 第4条）や誤認のおそれがあります。"
URGENCY = "在庫・期間の煽りは、事実でなければ有利誤認のおそれがあります。"

# (pattern, reason, alternative). Japanese patterns match after NFKC; English ones as words.
RULES: tuple[tuple[str, str, str], ...] = (
    (r"絶対|完璧|間違いなし|100\s?%|百パーセント", ABSOLUTE, "「安心してお使いいただける」など、データに基づく表現"),
    (
        r"(?<![A-Za-z])(?:guaranteed|perfect|flawless)(?![A-Za-z])",
        ABSOLUTE,
        "「carefully inspected」などデータに基づく表現",
    ),
    (
        r"必ず値上がり|値上がり(?:確実|必至|間違いなし)|値上がりが期待|資産(?:価値|になる|として)|投資(?:に|として|対象)|将来(?:の)?(?:高騰|値上がり)|売却時に(?:も)?高値",
        INVESTMENT,
        "「長く愛用できる」「世代を超えて受け継げる」",
    ),
    (
        r"(?<![A-Za-z])(?:investment|appreciate in value|increase in value|will only go up)(?![A-Za-z])",
        INVESTMENT,
        "「built to be worn for decades」",
    ),
    (r"今だけ|残りわずか|早い者勝ち|在庫限り|ラストチャンス|急いで", URGENCY, "「店頭でもご覧いただけます」"),
)
_RULES = [(re.compile(pattern, re.IGNORECASE), reason, alternative) for pattern, reason, alternative in RULES]


def check(article: str, profile: ProfileData | None = None, snapshot: dict[str, Any] | None = None) -> list[Flag]:
    """Advertising-law flags (kind `ad`: rankings, firsts and superlatives and comparison prices by
    their structure (adlaw.py), absolutes, investment wording, urgency) and the shop's banned words
    (kind `banned`) in `article`. `snapshot` is the product's data (a stored comparison price)."""
    text = unicodedata.normalize("NFKC", article)
    claims = profile.substantiated_claims if profile else ()
    flags: list[Flag] = list(adlaw.check(article, snapshot, claims))
    seen: set[str] = {f.term for f in flags}
    for pattern, reason, alternative in _RULES:
        for match in pattern.finditer(text):
            term = match.group(0).strip()
            if term and term not in seen:
                seen.add(term)
                flags.append(Flag(term=term, kind="ad", reason=reason, suggestion=f"言い換えの例: {alternative}"))
    for word in profile.banned_words if profile else ():
        needle = unicodedata.normalize("NFKC", word)
        if needle and needle.lower() in text.lower() and needle not in seen:
            seen.add(needle)
            flags.append(
                Flag(term=needle, kind="banned", reason="店舗プロフィールで「使わない言葉」に指定されています。")
            )
    return flags
