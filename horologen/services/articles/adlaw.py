"""Advertising-law claims found by their structure, not by a list of phrases (issue 26).

Rankings, firsts, onlies and superlatives (景品表示法 第5条第1号 優良誤認): the 消費者庁's 2024
report on No.1 displays (「No.1表示に関する実態調査報告書」, 令和6年9月) names 第1位, 売上No.1,
トップ, 初 and 唯一 as claims that need an objective, current and stated basis. A claim is found by
its form — a rank number (第N位, N位, No.N, #N, ナンバーワン), トップ or 一番 used as a rank, a scope
word fused with 初 (業界初, 日本初, 当店初), 唯一, a 最- word that ranks (最強, 最高級, 最も…), 究極,
至高 — so a new wording of the same form is caught without being listed. Ordinary senses are told
apart by the words around them: 一番下 (a position), 初めての方 (a first time), 最初 / 最後 /
最寄り (not a ranking). A claim the shop has substantiated (profile: the claim, its source and the
survey date) is not flagged.

Comparison prices (二重価格, 景品表示法 第5条第2号 有利誤認; 「不当な価格表示についての景品表示法上の
考え方」, the 価格表示ガイドライン): a second price next to the selling price — two prices in one
sentence, an arrow between prices, or a comparison word (旧価格, 通常価格, 定価, メーカー希望小売価格,
新品時, 他店, 市場価格, 値下げ, 割引, N%OFF, 特別価格, 値上げ予定 …) — is flagged unless the
product's data holds a comparison price with its basis (columns 比較価格 and 比較価格の根拠). The
reason names which kind of comparison it is and the guideline's condition for it. Words are matched
as whole morphemes, so 定価 is never found inside 限定価格.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from horologen.services.articles.grounding import Flag
from horologen.services.articles.morphology import Morpheme, morphemes

RANK_REASON = (
    "順位・「初」・「唯一」・最上級の表示は、客観的な調査に基づく根拠（調査元・調査日）を示せなければ優良誤認"
    "（景品表示法 第5条第1号）のおそれがあります（消費者庁「No.1表示に関する実態調査報告書」2024年）。"
)
RANK_SUGGESTION = (
    "言い換えの例: 「長く愛されてきた」「定番の」。根拠がある場合は店舗プロフィールに調査元と調査日を登録する"
)
# The 価格表示ガイドライン's kinds of comparison price, each with its condition.
PRICE_KINDS = {
    "past": (
        "過去の販売価格との比較",
        "比較する価格は「最近相当期間にわたって販売されていた価格」であること（セール開始前 8 週間の過半かつ"
        " 2 週間以上その価格で販売し、その最後から 2 週間以内）",
    ),
    "future": ("将来の販売価格との比較", "値上げが確実に予定されていること（予定が変われば不当表示になりえます）"),
    "rival": ("他店価格・市場価格との比較", "同じ商品の最近の他店価格を正確に調べ、どの店の価格かを示すこと"),
    "maker": (
        "メーカー希望小売価格・新品時価格との比較",
        "メーカーが設定し、あらかじめ公表している価格であること。中古品に新品の価格を並べるのは不適切です",
    ),
    "discount": (
        "割引率・割引額・特別価格の表示",
        "割引の基になる価格が上の条件（過去・他店・メーカー価格）を満たすこと",
    ),
}
PRICE_SUGGESTION = "比較する価格は書かず、販売価格だけを示す（比較価格とその根拠をカタログに入れた場合は除く）"

_RANK_NUMBER = re.compile(r"(?:第\s*)?\d+\s*位|(?<![A-Za-z])No\.?\s?\d+(?!\d)|#\s?1(?!\d)|ナンバー\s?(?:ワン|1)", re.I)
_ENGLISH_RANK = re.compile(
    r"(?<![A-Za-z])(?:best[- ]selling|bestseller|best|number one|first[- ]ever|world'?s first|only one|"
    r"ultimate|finest|unrivall?ed|unmatched|most \w+|top[- ](?:class|rated|selling|tier))(?![A-Za-z])",
    re.I,
)
POSITIONS = {"上", "下", "左", "右", "前", "後", "奥", "手前", "端", "外側", "内側", "外", "内", "目", "最初", "最後",
             "上側", "下側", "初め", "始め", "下段", "上段"}  # fmt: skip
# 最- words that are not rankings.
NOT_RANKING_SAI = {"最初", "最後", "最寄り", "最寄", "最近", "最中", "最終", "最新", "最小限", "最低限", "最期", "最早",
                   "最適", "最長", "最短"}  # fmt: skip
ORDINARY_HATSU = {"最初", "当初", "年初", "月初", "期初", "初め", "初めて", "初心者", "初回", "初期", "初代", "初日",
                  "初夏", "初秋", "初冬", "初春", "初年度", "初見", "初出"}  # fmt: skip
TOP_PARTNERS = {"クラス", "レベル", "シェア", "セラー", "ブランド", "人気", "水準", "ランク", "モデル"}
SUPERLATIVE_WORDS = {"究極", "至高", "唯一", "唯一無二", "随一", "屈指", "無双", "最高峰", "日本一", "世界一", "業界一",
                     "比類", "他に類を見ない"}  # fmt: skip

PRICE = re.compile(r"[¥￥]\s*\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s*(?:万円|円)|\d+(?:\.\d+)?\s*万(?=\s*(?:円|→|⇒))")
ARROW = re.compile(
    r"(?:[¥￥]\s*\d[\d,]*|\d[\d,]*\s*(?:万円|円|万))\s*(?:→|⇒|▶|➡|->|=>|から)\s*"
    r"(?:[¥￥]\s*)?\d[\d,]*(?:\s*(?:万円|円|万))?"
)
PERCENT_OFF = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|％|パーセント)\s*(?:OFF|オフ|引き|割引|off)|\d+\s*割\s*(?:引き?|オフ|OFF|安)|"
    r"\d[\d,]*\s*(?:万円|円)\s*(?:OFF|オフ|引き|値引き|off)|半額|"
    r"(?<![A-Za-z])(?:\d+% off|save [¥$]?[\d,]+|was [¥$]?[\d,]+|"
    r"RRP|retail price|list price|(?:price )?reduced|markdown|lowest price)(?![A-Za-z])",
    re.I,
)
PRICE_WORDS: dict[str, str] = {
    "旧価格": "past", "通常価格": "past", "通常販売価格": "past", "当店通常価格": "past", "値下げ": "past",
    "プライスダウン": "past", "価格改定": "past", "値下": "past", "以前": "past",
    "値上げ": "future", "値上がり": "future", "価格改定予定": "future",
    "他店": "rival", "市場価格": "rival", "相場": "rival", "市場相場": "rival", "実勢価格": "rival", "他社": "rival",
    "定価": "maker", "希望小売価格": "maker", "メーカー希望小売価格": "maker", "参考価格": "maker",
    "参考小売価格": "maker", "新品時": "maker", "新品価格": "maker", "正規価格": "maker", "国内定価": "maker",
    "値引き": "discount", "値引": "discount", "割引": "discount", "割引き": "discount", "特別価格": "discount",
    "限定価格": "discount", "会員価格": "discount", "特価": "discount", "セール価格": "discount",
    "大特価": "discount", "激安": "discount", "最安": "discount", "最安値": "discount",
}  # fmt: skip
# Morpheme sequences that name a comparison price (定価 only as its own word).
PRICE_COMPOUNDS = (
    ("限定", "価格"), ("会員", "様", "価格"), ("会員", "価格"), ("特別", "価格"), ("新品", "時"), ("新品", "価格"),
    ("通常", "価格"), ("旧", "価格"), ("市場", "価格"), ("定価",), ("他", "店"),
)  # fmt: skip


def _substantiated(term: str, sentence: str, claims: Iterable[dict[str, Any]]) -> bool:
    for claim in claims:
        text = unicodedata.normalize("NFKC", str(claim.get("claim", "")))
        if text and term in text and (text in sentence or term in sentence):
            return True
    return False


def _sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) of the NFKC text, split after 。！？!? and line ends."""
    out = []
    for match in re.finditer(r"[^。！？!?\n]*[。！？!?\n]?", text):
        if match.group(0).strip():
            out.append((match.start(), match.group(0)))
    return out


def _rank_terms(ms: tuple[Morpheme, ...], text: str) -> list[str]:
    terms: list[str] = []
    for i, m in enumerate(ms):
        nxt = ms[i + 1] if i + 1 < len(ms) else None
        prev = ms[i - 1] if i else None
        surface = m.surface
        if surface in SUPERLATIVE_WORDS or m.normal in SUPERLATIVE_WORDS:
            terms.append(surface + (nxt.surface if surface == "唯一" and nxt and nxt.surface == "無二" else ""))
        elif (
            surface.startswith("最")
            and len(surface) > 1
            and not any(surface.startswith(word) for word in NOT_RANKING_SAI)
            and m.pos != "動詞"
        ):
            if surface == "最も" and nxt is not None:
                terms.append(surface + nxt.surface)
            else:
                terms.append(surface)
        elif (
            surface == "一番"
            and (nxt is None or nxt.surface not in POSITIONS)
            and not (nxt and nxt.surface == "の" and i + 2 < len(ms) and ms[i + 2].surface in POSITIONS)
        ):
            terms.append(surface + (nxt.surface if nxt and nxt.pos in ("名詞", "動詞", "形容詞") else ""))
        elif surface == "トップ" and (
            (nxt and nxt.surface in TOP_PARTNERS) or (prev and prev.surface in ("人気", "売上", "業界", "シェア"))
        ):
            terms.append(surface + (nxt.surface if nxt and nxt.surface in TOP_PARTNERS else ""))
        elif (surface.startswith("トップ") and surface[3:] in TOP_PARTNERS) or (
            surface.endswith("初") and len(surface) > 1 and surface not in ORDINARY_HATSU
        ):
            terms.append(surface)
        elif (
            surface == "初"
            and prev is not None
            and prev.pos == "名詞"
            and m.pos in ("接尾辞", "名詞", "接頭辞")
            and (nxt is None or nxt.surface not in ("め", "めて"))
        ):
            terms.append(prev.surface + surface)
    terms += [match.group(0) for match in _RANK_NUMBER.finditer(text)]
    terms += [match.group(0) for match in _ENGLISH_RANK.finditer(text)]
    return terms


def _price_terms(ms: tuple[Morpheme, ...], sentence: str) -> list[tuple[str, str]]:
    """(term, comparison kind) in one sentence."""
    found: list[tuple[str, str]] = []
    surfaces = [m.surface for m in ms]
    for i in range(len(ms)):
        for compound in PRICE_COMPOUNDS:
            if tuple(surfaces[i : i + len(compound)]) == compound:
                word = "".join(compound)
                kind = PRICE_WORDS.get(word) or PRICE_WORDS.get(word.replace("様", ""), "discount")
                found.append((word, "rival" if word == "他店" else kind))
        word = ms[i].surface
        if word in PRICE_WORDS and not any(word in term for term, _k in found):
            if word == "以前" and not PRICE.search(sentence):
                continue
            if word in ("値上げ", "値上がり") and not re.search(r"予定|前|まで|します|いたします", sentence):
                continue  # 値上がり as a market trend is the investment rule's concern, not a price comparison
            found.append((word, PRICE_WORDS[word]))
    for match in ARROW.finditer(sentence):
        found.append((match.group(0), "past"))
    for match in PERCENT_OFF.finditer(sentence):
        found.append((match.group(0), "discount"))
    values = sorted({_yen(p) for p in PRICE.findall(sentence)} - {0})
    # Two different prices in one sentence compare, unless they are one price either side of tax.
    if len(values) >= 2 and not found and not (len(values) == 2 and values[1] == values[0] + values[0] // 10):
        found.append((PRICE.findall(sentence)[0], "past"))
    return found


def _yen(price: str) -> int:
    digits = re.sub(r"[^\d.]", "", price)
    try:
        value = float(digits)
    except ValueError:
        return 0
    return round(value * 10000) if "万" in price else round(value)


def _comparison_allowed(snapshot: dict[str, Any]) -> bool:
    specs = {unicodedata.normalize("NFKC", str(k)): str(v) for k, v in (snapshot.get("specs") or {}).items()}
    has_price = any("比較価格" in key and "根拠" not in key and value.strip() for key, value in specs.items())
    has_basis = any("根拠" in key and value.strip() for key, value in specs.items())
    return has_price and has_basis


def check(text: str, snapshot: dict[str, Any] | None = None, claims: Iterable[dict[str, Any]] = ()) -> list[Flag]:
    """Ranking / first / only / superlative claims and comparison prices in `text` (kind `ad`), each
    with the law and the condition it breaks and an alternative. `claims` are the shop's
    substantiated claims ({"claim", "source", "surveyed"}), `snapshot` the product's data."""
    normal = unicodedata.normalize("NFKC", text)
    claims = list(claims)
    flags: list[Flag] = []
    seen: set[str] = set()
    allow_comparison = _comparison_allowed(snapshot or {})
    for _offset, sentence in _sentences(normal):
        ms = morphemes(sentence)
        for term in _rank_terms(ms, sentence):
            term = term.strip()
            if term and term not in seen and not _substantiated(term, sentence, claims):
                seen.add(term)
                flags.append(Flag(term=term, kind="ad", reason=RANK_REASON, suggestion=RANK_SUGGESTION))
        if allow_comparison:
            continue
        for term, kind in _price_terms(ms, sentence):
            term = term.strip()
            if term and term not in seen:
                seen.add(term)
                label, condition = PRICE_KINDS[kind]
                reason = (
                    f"{label}（二重価格）です。価格表示ガイドラインの条件: {condition}。根拠がなければ有利誤認"
                    "（景品表示法 第5条第2号）のおそれがあります。"
                )
                flags.append(Flag(term=term, kind="ad", reason=reason, suggestion=f"言い換えの例: {PRICE_SUGGESTION}"))
    return flags
