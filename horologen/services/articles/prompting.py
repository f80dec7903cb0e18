"""The versioned prompt: what Claude is told, built only from the product row and staff options."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

PROMPT_VERSION = "2026-11-28.1"

TONES = {"elegant": "上品", "friendly": "親しみやすい", "expert": "専門的"}
LENGTHS = {"short": "短め（300字程度）", "standard": "標準（600字程度）", "long": "長め（1000字程度）"}
CHANNELS = {"product_page": "商品ページ", "instagram": "Instagram 投稿", "blog": "ブログ記事"}
# Output budgets in tokens for the visible text. Japanese runs at about 1.5-2 tokens a character on
# the Sonnet 5 tokenizer (about 30 % more than Sonnet 4.6's, per the Sonnet 5 migration guide), plus
# the title and headings. The English version gets its own budget on top, so choosing it never
# squeezes the Japanese and is not itself the part cut off. Thinking is added per effort in
# generation.max_tokens_for (max_tokens caps thinking and text together).
TEXT_TOKENS = {"short": 1200, "standard": 2200, "long": 3600}
ENGLISH_TOKENS = {"short": 900, "standard": 1600, "long": 2600}
MAX_NOTES = 1000
ENGLISH_MARKER = "---ENGLISH---"

SYSTEM_PROMPT = """あなたは日本の高級腕時計専門店のコピーライターです。店舗の商品ページ等に載せる販売記事を日本語で書きます。

厳守すること:
- 書いてよい事実は、入力の「商品データ」と「スタッフのメモ」にあるものだけです。
- 入力にない仕様・数値（キャリバー番号、ケース径、防水性能、パワーリザーブ、素材、製造年、価格、付属品など）は絶対に書かないでください。推測や一般論で補わないでください。
- 価格を書く場合は入力の price_jpy と同じ金額だけを書きます。
- 型番は入力の表記どおりに書きます。
- 状態や付属品はメモにある範囲でのみ触れます。
- 誇大表現（「世界一」「必ず値上がり」等）や投資を勧める表現は使いません。

出力形式:
1 行目: 「# 」で始まるタイトル
2 行目以降: 本文（段落は空行で区切る。見出しや箇条書きは使ってよい）
英語版を求められた場合のみ、本文の後に「---ENGLISH---」の行を置き、その後に英語の本文を書きます。"""


@dataclass(frozen=True)
class GenerationOptions:
    tone: str = "elegant"
    length: str = "standard"
    channel: str = "product_page"
    notes: str = ""
    include_english: bool = False

    @classmethod
    def from_form(cls, data: dict[str, Any]) -> GenerationOptions:
        """Unknown values fall back to defaults; notes are trimmed to a bounded length."""
        tone = str(data.get("tone") or "elegant")
        length = str(data.get("length") or "standard")
        channel = str(data.get("channel") or "product_page")
        return cls(
            tone=tone if tone in TONES else "elegant",
            length=length if length in LENGTHS else "standard",
            channel=channel if channel in CHANNELS else "product_page",
            notes=str(data.get("notes") or "").strip()[:MAX_NOTES],
            include_english=str(data.get("include_english") or "").lower() in ("1", "true", "on", "yes"),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "tone": self.tone,
            "length": self.length,
            "channel": self.channel,
            "notes": self.notes,
            "include_english": self.include_english,
        }


@dataclass(frozen=True)
class Prompt:
    system: str
    user: str
    text_tokens: int  # budget for the visible text (Japanese, plus English when asked for)
    version: str = PROMPT_VERSION
    snapshot: dict[str, Any] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        """Hash of exactly what the model is sent (system + user), stored with each article."""
        return hashlib.sha256(f"{self.system}\n\x00\n{self.user}".encode()).hexdigest()


def product_snapshot(
    brand: str, reference: str, name: str, price_jpy: int | None, specs: dict[str, Any]
) -> dict[str, Any]:
    return {"brand": brand, "reference": reference, "name": name, "price_jpy": price_jpy, "specs": dict(specs)}


def build_prompt(snapshot: dict[str, Any], options: GenerationOptions) -> Prompt:
    english = "英語版も書いてください。" if options.include_english else "英語版は不要です。"
    user = (
        "次の商品の販売記事を書いてください。\n\n"
        f"## 商品データ\n```json\n{json.dumps(snapshot, ensure_ascii=False, indent=2)}\n```\n\n"
        f"## スタッフのメモ（状態・付属品など。ここにある事実は書いてよい）\n{options.notes or '（なし）'}\n\n"
        "## 書き方\n"
        f"- トーン: {TONES[options.tone]}\n"
        f"- 長さ: {LENGTHS[options.length]}\n"
        f"- 掲載先: {CHANNELS[options.channel]}\n"
        f"- {english}\n"
    )
    text_tokens = TEXT_TOKENS[options.length] + (ENGLISH_TOKENS[options.length] if options.include_english else 0)
    return Prompt(system=SYSTEM_PROMPT, user=user, text_tokens=text_tokens, snapshot=snapshot)


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    body: str
    body_en: str


def parse_article(text: str) -> ParsedArticle:
    """Title from the first `# ` line; English after the marker line."""
    japanese, _, english = text.partition(ENGLISH_MARKER)
    lines = japanese.strip().splitlines()
    title = ""
    if lines and lines[0].lstrip().startswith("#"):
        title = lines[0].lstrip().lstrip("#").strip()
        lines = lines[1:]
    return ParsedArticle(title=title, body="\n".join(lines).strip(), body_en=english.strip())
