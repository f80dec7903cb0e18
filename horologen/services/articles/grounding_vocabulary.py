"""The concepts the fact check knows by their spellings, and what it says about each kind (used
by grounding.py): what a model adds from general knowledge and the data must carry."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

# Concepts a model adds from general knowledge: (kind, concept, reason, spellings). Japanese
# spellings match as substrings; ASCII ones as whole words, case-insensitive.
VOCABULARY: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("spec", "クオーツ", ("クオーツ", "クォーツ", "quartz")),
    ("spec", "自動巻き", ("自動巻", "オートマチック", "automatic", "self-winding")),
    ("spec", "手巻き", ("手巻", "hand-wound", "manual winding", "manual-winding")),
    ("spec", "サファイアガラス", ("サファイア", "sapphire")),
    ("spec", "セラミック", ("セラミック", "セラクロム", "ceramic", "cerachrom")),
    ("spec", "チタン", ("チタン", "titanium")),
    ("spec", "ゴールド", ("ゴールド", "金無垢", "gold", r"re:K1[048]|1[048]K|18金")),
    ("spec", "プラチナ", ("プラチナ", "platinum")),
    ("spec", "ステンレス", ("ステンレス", "スチール", "stainless", "steel", "SS", "SUS")),
    ("spec", "クロノグラフ", ("クロノグラフ", "chronograph")),
    ("spec", "GMT", ("GMT",)),
    ("spec", "トゥールビヨン", ("トゥールビヨン", "tourbillon")),
    ("spec", "ムーンフェイズ", ("ムーンフェイズ", "ムーンフェーズ", "moonphase", "moon phase")),
    ("spec", "パワーリザーブ", ("パワーリザーブ", "power reserve")),
    ("spec", "防水", ("防水", "water resistant", "water-resistant", "water resistance")),
    ("spec", "夜光", ("夜光", "ルミノバ", "クロマライト", "luminova", "lume", "chromalight")),
    ("spec", "シースルーバック", ("シースルーバック", "スケルトンバック", "see-through", "exhibition caseback")),
    ("spec", "クロノメーター", ("クロノメーター", "COSC", "chronometer")),
    ("spec", "コーアクシャル", ("コーアクシャル", "co-axial")),
    ("spec", "パラクロム", ("パラクロム", "parachrom")),
    ("spec", "スプリングドライブ", ("スプリングドライブ", "spring drive")),
    (
        "spec",
        "限定",
        (
            r"re:(?<!期間)(?<!会員)(?<!先着)(?<!本日)(?<!店舗)(?<!当店)(?<!数量)限定(?!(?:し|する|され|せ|的|価格))",
            "limited edition",
        ),
    ),
    ("spec", "ソーラー", ("ソーラー", "光発電", "エコ・ドライブ", "エコドライブ", "solar")),
    ("spec", "電波", ("電波", "radio-controlled", "radio controlled", "atomic timekeeping")),
    (
        "spec",
        "ベルト素材",
        ("アリゲーター", "クロコ", "オーストリッチ", "リザード", "カーフ", "alligator", "crocodile"),
    ),
    ("spec", "ブレスレット", ("ブレスレット", "bracelet")),
    ("spec", "ラバー", ("ラバー", "rubber")),
    ("spec", "レザー", ("レザー", "革ベルト", "leather")),
    ("accessory", "保証書", ("保証書", "ギャランティ", "ギャラ", "warranty card", "guarantee card", "papers")),
    ("accessory", "箱", ("箱", "ボックス", "box")),
    ("accessory", "余りコマ", ("余りコマ", "余り駒", "予備コマ", "spare links", "extra links")),
    ("accessory", "取扱説明書", ("取扱説明書", "取説", "説明書")),
    ("accessory", "タグ", ("タグ", "hang tag", "hang tags", "price tag")),
    ("accessory", "保護シール", ("保護シール", "シール", "ステッカー", "sticker", "stickers")),
    ("origin", "国内正規品", ("国内正規", "正規品", "正規店", "authorized dealer", "authorised dealer")),
    ("origin", "並行輸入品", ("並行輸入", "並行品", "grey market", "gray market")),
    (
        "warranty",
        "当店保証",
        (
            r"re:(?:当店|ショップ|弊社)?\d*\s*(?:年間?|ヶ月|か月|カ月)?(?:の)?(?:当店|動作)保証",
            r"re:(?:当店|ショップ|弊社)?\d+\s*(?:年間?|ヶ月|か月|カ月)(?:の)?保証",
            "保証期間",
            "shop warranty",
            r"re:\d+[- ](?:year|month)s?\s+warranty",
        ),
    ),
    (
        "service",
        "オーバーホール",
        (
            "オーバーホール",
            "コンプリートサービス",
            "OH済",
            "OH",
            "分解掃除",
            "overhaul",
            "overhauled",
            "serviced",
            "complete service",
        ),
    ),
    (
        "service",
        "防水検査",
        ("防水検査", "防水テスト", "気密検査", "water-tested", "water tested", "pressure tested", "pressure-tested"),
    ),
    ("condition", "オリジナル・純正", ("オリジナル", "純正", "genuine", "all original", "original parts")),
    ("service", "仕上げ", ("新品仕上げ", "仕上げ済", "研磨", "ポリッシュ", "polished", "refinished")),
    (
        "service",
        "整備・交換",
        (
            r"re:電池交換(?:済|を?(?:行い|行っ|実施|しまし|いたしまし))",
            "メンテナンス済",
            "点検済",
            "修理済",
            "修理歴",
            "交換済",
            "調整済",
            "パッキン交換",
            "battery replaced",
            "new battery",
            "regulated",
        ),
    ),
    ("history", "ランダム品番", ("ランダム", "random serial")),
    ("history", "シリアル", ("シリアル", "製造番号", "serial")),
    ("history", "生産終了", ("生産終了", "製造終了", "廃盤", "ディスコン", "discontinued")),
    ("history", "最終ロット", ("最終ロット", "最終型", "final batch", "last batch")),
    ("history", "初期", ("初期ロット", "初期型", "early production", "early-type", "early type")),
    ("history", "後期型", ("後期型", "late production", "late-type")),
    ("history", "前期型", ("前期型",)),
    ("condition", "新品・未使用", ("新品", "未使用", "brand new", "unworn", "never worn")),
)
KIND_REASONS = {
    "number": "数値がデータにありません",
    "price": "価格がデータと違います",
    "reference": "型番・キャリバー番号がデータにありません",
    "spec": "仕様がデータにありません",
    "accessory": "付属品がデータにありません",
    "origin": "流通経路（正規品・並行輸入）がデータにありません",
    "warranty": "保証がデータ（店舗プロフィールの保証文言を含む）にありません",
    "service": "オーバーホール・仕上げの記録がデータにありません",
    "condition": "新品・未使用はデータ（状態ランクの定義を含む）がそう示すときだけ書けます",
    "history": "シリアル・生産時期・発売年などの来歴がデータにありません（一般知識では書けません）",
    "date": "データより細かい日付（月・日）や、データにない発売・登場の年です",
}


KIND_SUGGESTIONS = {
    "number": "データにある値に直すか削除する。正しい値ならカタログに追記してから作り直す",
    "price": "価格は本文に書かず、自動で付く価格表示に任せる",
    "reference": "データにある型番に直すか削除する",
    "spec": "削除するか、正しければカタログの仕様列に追記する",
    "accessory": "付属品はカタログの付属品列にあるものだけを書く",
    "origin": "流通経路はデータにある場合だけ書く",
    "warranty": "保証は店舗プロフィールの保証文言（自動で付きます）に任せる",
    "service": "整備・仕上げの記録はメモやカタログにある場合だけ書く",
    "condition": "状態ランクの表現に直す（例: 「状態の良い中古品」）",
    "history": "来歴はカタログやメモにある場合だけ書く",
    "date": "データにある精度（例: 年まで）で書くか、削除する",
}


# Claims whose support is a combination in the data (grounding.py checks them by structure).
COLOURS = (
    ("ブラック", "黒", "black"), ("ホワイト", "白", "雪白", "white"), ("シルバー", "銀", "silver"),
    ("ブルー", "青", "blue"), ("グリーン", "緑", "green"), ("グレー", "灰", "grey", "gray"), ("ピンク", "pink"),
    ("アイボリー", "ivory"),
    ("ブラウン", "茶", "brown"), ("シャンパン", "champagne"), ("レッド", "赤", "red"), ("ゴールド", "金", "gold"),
)  # fmt: skip
# A part named with its colour (黒文字盤, グリーンのベゼル, black strap): the colour must be in that
# part's own spec when the data has one, else anywhere in the data. Part → the words that name it
# (in the article and in spec labels).
PARTS = {
    "dial": ("文字盤", "ダイヤル", "ダイアル", "dial"),
    "bezel": ("ベゼル", "bezel"),
    "strap": ("ベルト", "ストラップ", "バンド", "strap", "band"),
    "hands": ("針", "hands"),
}
_JAPANESE_PARTS = "|".join(w for words in PARTS.values() for w in words if not w.isascii())
_ENGLISH_PARTS = "|".join(w for words in PARTS.values() for w in words if w.isascii())
_JAPANESE_COLOURS = "|".join(w for group in COLOURS for w in group if not w.isascii())
_ENGLISH_COLOURS = "|".join(w for group in COLOURS for w in group if w.isascii())
PART_COLOUR = re.compile(
    rf"({_JAPANESE_COLOURS})(?:い|の|色の)?\s*({_JAPANESE_PARTS})(?!を思わせ|のよう|みたい|風)"
    rf"|(?<![A-Za-z])({_ENGLISH_COLOURS})\s+({_ENGLISH_PARTS})(?![A-Za-z])",
    re.I,
)


def without_parts(source: str, parts: dict[str, str]) -> str:
    """The data but every part's own colours (`parts` from part_specs): a black dial says nothing of
    the strap."""
    for value in parts.values():
        if value.strip():
            source = source.replace(value, " ")
    return source


def part_specs(specs: dict[str, Any]) -> dict[str, str]:
    """Part → the values of the specs whose label names it (文字盤の色 → dial), NFKC, lower-cased."""
    found = {}
    for part, words in PARTS.items():
        values = " ".join(str(v) for k, v in specs.items() if any(w in str(k) for w in words))
        found[part] = unicodedata.normalize("NFKC", values).lower()
    return found


USAGE = re.compile(
    r"(?:海|プール|水泳|ダイビング|潜水|シャワー|お風呂|入浴|マリンスポーツ)(?:でも|で|にも|の際も|中も)?"
    r"(?:使え|お使いいただけ|使用でき|安心|OK|着用でき)[^\s、。]{0,3}"
    r"|(?<![A-Za-z])(?:safe|suitable|fine) for (?:swimming|diving|the sea|showering)",
    re.I,
)
FULL_SET = re.compile(r"フルセット|(?<![A-Za-z])(?:full|complete) set(?![A-Za-z])", re.I)


def spelling_pattern(spelling: str) -> re.Pattern[str]:
    """A VOCABULARY spelling as a pattern: `re:` a regex; ASCII a whole word, any case; else literal."""
    if spelling.startswith("re:"):
        return re.compile(spelling[3:], re.IGNORECASE)
    if spelling.isascii():
        return re.compile(rf"(?<![A-Za-z0-9]){re.escape(spelling)}(?![A-Za-z0-9])", re.IGNORECASE)
    return re.compile(re.escape(spelling))


COMPILED = [(kind, concept, [spelling_pattern(s) for s in spellings]) for kind, concept, spellings in VOCABULARY]


# Characters Python's case-insensitive matching takes for an ASCII letter (found by trying every
# code point against a-z with re.IGNORECASE): İ and ı for i, ſ for s, the Kelvin sign for k.
_ASCII_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def ascii_folded(text: str) -> str:
    """`text` lower-cased with those four read as their ASCII letter: wherever a whole-word,
    any-case ASCII spelling matches `text`, the spelling lower-cased is a substring of this."""
    return text.translate(_ASCII_FOLD).lower()


@dataclass(frozen=True)
class Mention:
    """How to tell cheaply that an article may name a concept: its literal spellings as substrings
    (the Japanese ones as they are, the ASCII ones lower-cased, looked up in `ascii_folded` text)
    and its `re:` spellings as one pattern. Never says no where a spelling's pattern matches (a
    yes is then checked by the patterns themselves)."""

    literals: tuple[str, ...]
    ascii_words: tuple[str, ...]
    pattern: re.Pattern[str] | None

    def found(self, texts: tuple[str, ...], folded: tuple[str, ...]) -> bool:
        """True when a spelling may be in one of `texts` (`folded` = their ascii_folded forms)."""
        return (
            any(word in text for word in self.literals for text in texts)
            or any(word in text for word in self.ascii_words for text in folded)
            or (self.pattern is not None and any(self.pattern.search(text) for text in texts))
        )


def _mention(spellings: tuple[str, ...]) -> Mention:
    literals = tuple(s for s in spellings if not s.startswith("re:") and not s.isascii())
    ascii_words = tuple(s.lower() for s in spellings if not s.startswith("re:") and s.isascii())
    patterns = [s[3:] for s in spellings if s.startswith("re:")]
    pattern = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None
    return Mention(literals, ascii_words, pattern)


# Per concept: may the article (or its dictionary forms) name it at all? Most articles name a few
# of the fifty-odd concepts; only those are then compared with the data (bench/generation_overhead.py).
MENTIONS = [_mention(spellings) for _kind, _concept, spellings in VOCABULARY]
