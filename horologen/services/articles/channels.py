"""Each sales channel's fields, built from one article: the model's prose plus the facts block,
checked against the platform's limits as the platform counts them, with a one-click shorten.

Limits (read 2026-11-29 with the search tool; the platforms' own manuals need a login, so these
come from the public sources named):
- 楽天市場 RMS: 商品名 全角127/半角255 文字 = 255 bytes, キャッチコピー 全角87/半角174 = 174 bytes,
  PC用商品説明文 and スマートフォン用商品説明文 10,240 bytes each, 全角 counted as 2 bytes and 半角
  as 1 (Talos「楽天 商品編集」manual; github.com/kurocoma/product-register reference.md). Machine-
  dependent characters (①, Ⅲ, ㈱) are refused by newer RMS stores (Bywardlabs support). The
  smartphone description needs closed tags and `<`/`>` as entities; its full tag list is not
  public, so we send a conservative subset (p, br, b, strong, table cells, hr; no thead, so a
  Markdown table's header row goes into its tbody).
- Yahoo!ショッピング 商品登録 (developer.yahoo.co.jp/webapi/shopping/editItem.html; field sizes as
  in kurocoma/product-register webui/lib/yahoo/item-mapper.ts): name 全角75, headline 全角30 (no
  HTML), explanation 全角500 (no HTML), caption 全角5,000 (HTML); 全角 counts 1 and 半角 0.5.
- Instagram Graph API (`POST /{ig-user-id}/media`, caption): at most 2,200 characters and 20 @
  tags; hashtags cut to 5 per post since December 2025 (Instagram's announcement, reported by
  Business Today 2025-12-19), stricter than the API reference's 30.
- Chrono24: no public limit for a dealer listing's description; we check only that the listing
  is in English.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any

from horologen.services.articles import markup
from horologen.services.articles.facts import Fact, english_value, facts_for, facts_text, shop_lines
from horologen.services.articles.mall_counts import cp932_bytes, machine_dependent, zenkaku_length
from horologen.services.articles.profile import ProfileData
from horologen.services.articles.prompting import CHANNELS, parse_article

BYTES, ZENKAKU, CHARS = "bytes", "zenkaku", "chars"
UNIT_LABELS = {BYTES: "バイト", ZENKAKU: "文字（全角換算）", CHARS: "文字"}
RAKUTEN_PC_TAGS = frozenset(
    {"h2", "h3", "p", "br", "b", "strong", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "hr"}
)
# 楽天 SP: a phone-width field; tables (the model's and the facts block) go out as 「項目：内容」 lines
# (issue 27: a table squeezed to a phone's width reads worse than lines).
RAKUTEN_SP_TAGS = frozenset({"p", "br", "b", "strong", "hr"})
YAHOO_CAPTION_TAGS = RAKUTEN_PC_TAGS
SITE_TAGS = markup.SITE_TAGS | {"article", "h1"}
INSTAGRAM_MAX_HASHTAGS = 5
INSTAGRAM_MAX_MENTIONS = 20
_HASHTAG = re.compile(r"[#＃][^\s#＃]+")
_MENTION = re.compile(r"@[A-Za-z0-9._]+")


@dataclass(frozen=True)
class ArticleContent:
    """What one article says: the model's parts (as staff edited them) and the data behind them."""

    title: str
    catch_copy: str
    body: str  # Markdown-like prose
    body_en: str
    snapshot: dict[str, Any]
    profile: ProfileData
    channel: str = "own_site"


@dataclass(frozen=True)
class ChannelField:
    key: str  # the platform's own field name where it has one (item_name, headline, caption…)
    label: str
    value: str
    kind: str = "text"  # text | html
    limit: int | None = None
    unit: str = CHARS
    length: float = 0
    problems: tuple[str, ...] = ()

    @property
    def over(self) -> bool:
        return self.limit is not None and self.length > self.limit

    @property
    def length_label(self) -> str:
        shown = f"{self.length:g}"
        return (
            f"{shown} / {self.limit:,} {UNIT_LABELS[self.unit]}" if self.limit else f"{shown} {UNIT_LABELS[self.unit]}"
        )


@dataclass(frozen=True)
class ChannelOutput:
    channel: str
    label: str
    fields: list[ChannelField] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return [f"{f.label}: {p}" for f in self.fields for p in f.problems]


def _measure(value: str, unit: str) -> float:
    if unit == BYTES:
        return cp932_bytes(value)
    if unit == ZENKAKU:
        return zenkaku_length(value)
    return len(value)


def _field(key: str, label: str, value: str, *, kind: str = "text", limit: int | None = None, unit: str = CHARS,
           extra: tuple[str, ...] = ()) -> ChannelField:  # fmt: skip
    length = _measure(value, unit)
    problems = list(extra)
    if limit is not None and length > limit:
        problems.append(
            f"長すぎます（{length:g} / {limit:,} {UNIT_LABELS[unit]}）。「短くする」で収まるように削れます。"
        )
    return ChannelField(key, label, value, kind, limit, unit, length, tuple(problems))


def _facts_table(facts: list[Fact]) -> str:
    rows = "".join(
        f'<tr><th scope="row">{markup.escape(f.label)}</th><td>{markup.escape(f.value)}'
        + (f"<br>{markup.escape(f.note)}" if f.note else "")
        + "</td></tr>"
        for f in facts
    )
    return f"<table><tbody>{rows}</tbody></table>" if rows else ""


def _shop_html(profile: ProfileData) -> str:
    return "".join(
        f"<h2>{markup.escape(heading)}</h2><p>{markup.text_with_breaks(text)}</p>"
        for heading, text in shop_lines(profile)
    )


def _shop_text(profile: ProfileData) -> str:
    return "\n\n".join(f"【{heading}】\n{text}" for heading, text in shop_lines(profile))


def _headings_to_bold(fragment: str) -> str:
    """For a field without headings (楽天 SP): `<h2>見出し</h2>` → `<p><b>見出し</b></p>`."""
    return re.sub(r"<h([1-6])>(.*?)</h\1>", r"<p><b>\2</b></p>", fragment, flags=re.S)


def description_html(content: ArticleContent, tags: frozenset[str], *, with_shop: bool = True) -> str:
    """Prose, then 商品情報 (the facts table), then the shop's blocks, as HTML limited to `tags`.

    What `tags` lacks is rewritten before sanitising rather than left for nh3 to strip (which
    keeps the text but runs it together): headings → bold paragraphs, lists → `・` lines, tables →
    `セル：セル` lines (or, with table tags but no thead, the header row moved into tbody)."""
    facts = facts_for(content.snapshot, content.profile)
    parts = [markup.markdown_html(content.body)]
    if facts:
        parts.append(f"<h2>商品情報</h2>{_facts_table(facts)}")
    if with_shop:
        parts.append(_shop_html(content.profile))
    fragment = "\n".join(p for p in parts if p)
    if "h2" not in tags:
        fragment = _headings_to_bold(fragment)
    if "ul" not in tags:
        fragment = markup.lists_as_lines(fragment)
    if "table" not in tags:
        fragment = markup.tables_as_lines(fragment)
    elif "thead" not in tags:
        fragment = markup.header_in_body(fragment)
    return markup.sanitise(fragment, tags)


def plain_description(content: ArticleContent, *, with_shop: bool = True) -> str:
    """The same, as text: markup stripped, facts as `型番：…` lines."""
    facts = facts_for(content.snapshot, content.profile)
    parts = [markup.plain_text(content.body)]
    if facts:
        parts.append("【商品情報】\n" + "\n".join(facts_text(facts)))
    if with_shop and shop_lines(content.profile):
        parts.append(_shop_text(content.profile))
    return markup.strip_markup("\n\n".join(p for p in parts if p))


def _lead(body: str) -> str:
    """The first paragraph of the prose (the lead), as text."""
    blocks = [b for b in re.split(r"\n\s*\n", body.strip()) if b.strip() and not b.lstrip().startswith("#")]
    return markup.plain_text(blocks[0]) if blocks else ""


def _own_site(c: ArticleContent) -> list[ChannelField]:
    catch = f"<p>{markup.escape(c.catch_copy)}</p>" if c.catch_copy else ""
    page = f"<article><h1>{markup.escape(c.title)}</h1>{catch}{description_html(c, markup.SITE_TAGS)}</article>"
    return [
        _field("title", "商品名", markup.strip_markup(c.title)),
        _field("catch_copy", "キャッチコピー", markup.strip_markup(c.catch_copy)),
        _field("html", "商品ページ HTML", markup.sanitise(page, SITE_TAGS), kind="html"),
        _field("text", "商品ページ テキスト", plain_description(c)),
    ]


def _rakuten_problems(*values: str) -> tuple[str, ...]:
    found = [ch for value in values for ch in machine_dependent(value)]
    if not found:
        return ()
    shown = "".join(dict.fromkeys(found))[:10]
    return (f"楽天市場で使えない機種依存文字があります: {shown}（①→(1) などに置き換えてください）",)


def _rakuten(c: ArticleContent) -> list[ChannelField]:
    pc = description_html(c, RAKUTEN_PC_TAGS)
    sp = description_html(c, RAKUTEN_SP_TAGS)
    check = _rakuten_problems
    title, catch = markup.strip_markup(c.title), markup.strip_markup(c.catch_copy)
    return [
        _field("item_name", "商品名", title, limit=255, unit=BYTES, extra=check(title)),
        _field("catch_copy", "キャッチコピー", catch, limit=174, unit=BYTES, extra=check(catch)),
        _field("pc_description", "PC用商品説明文", pc, kind="html", limit=10240, unit=BYTES, extra=check(pc)),
        _field(
            "sp_description", "スマートフォン用商品説明文", sp, kind="html", limit=10240, unit=BYTES, extra=check(sp)
        ),
    ]


def _yahoo(c: ArticleContent) -> list[ChannelField]:
    facts = facts_for(c.snapshot, c.profile)
    explanation = markup.strip_markup("\n".join(p for p in (_lead(c.body), "\n".join(facts_text(facts))) if p))
    return [
        _field("name", "商品名", markup.strip_markup(c.title), limit=75, unit=ZENKAKU),
        _field("headline", "キャッチコピー", markup.strip_markup(c.catch_copy), limit=30, unit=ZENKAKU),
        _field("explanation", "商品説明", explanation, limit=500, unit=ZENKAKU),
        _field("caption", "商品情報（HTML）", description_html(c, YAHOO_CAPTION_TAGS), kind="html", limit=5000,
               unit=ZENKAKU),
    ]  # fmt: skip


def _instagram(c: ArticleContent) -> list[ChannelField]:
    prose = markup.plain_text(c.body)
    facts = facts_for(c.snapshot, c.profile)
    lines = [f"{f.label}：{f.value}" for f in facts]
    kobutsu = c.profile.kobutsu_line
    caption = markup.strip_markup("\n\n".join(p for p in (c.catch_copy, prose, "\n".join(lines), kobutsu) if p))
    problems: list[str] = []
    tags = _HASHTAG.findall(caption)
    if len(tags) > INSTAGRAM_MAX_HASHTAGS:
        problems.append(
            f"ハッシュタグが {len(tags)} 個あります（Instagram は 1 投稿 {INSTAGRAM_MAX_HASHTAGS} 個まで）。"
        )
    if len(_MENTION.findall(caption)) > INSTAGRAM_MAX_MENTIONS:
        problems.append(f"@ タグが多すぎます（{INSTAGRAM_MAX_MENTIONS} 個まで）。")
    return [_field("caption", "キャプション", caption, limit=2200, unit=CHARS, extra=tuple(problems))]


def _japanese_in(text: str) -> bool:
    return any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in text)


def _chrono24(c: ArticleContent) -> list[ChannelField]:
    title, body = c.title, c.body
    if c.channel != "chrono24" and c.body_en:
        english = parse_article(c.body_en)
        title, body = english.title, english.body
    title = markup.strip_markup(title)
    facts = facts_for(c.snapshot, c.profile)
    specs = "\n".join(f"{f.label_en}: {english_value(f, c.snapshot, c.profile)}" for f in facts)
    # The specs are catalogue data: the joined text goes through the one text function as well.
    description = markup.strip_markup(
        "\n\n".join(p for p in (markup.plain_text(body), f"Specifications\n{specs}" if specs else "") if p)
    )
    problems = (
        ("英語の文章がありません。掲載先「Chrono24（英語）」で作成してください。",)
        if _japanese_in(title + body)
        else ()
    )
    return [
        _field("title", "Title", title, extra=problems),
        _field("description", "Description", description),
    ]


_BUILDERS = {
    "own_site": _own_site,
    "rakuten": _rakuten,
    "yahoo": _yahoo,
    "instagram": _instagram,
    "chrono24": _chrono24,
}


def render(content: ArticleContent, channel: str) -> ChannelOutput:
    """The channel's fields for this article, each measured and checked; unknown → own site."""
    channel = channel if channel in _BUILDERS else "own_site"
    return ChannelOutput(channel, CHANNELS[channel], _BUILDERS[channel](content))


# The field each channel's 「HTMLをコピー」 copies; Instagram and Chrono24 have no HTML to copy.
HTML_FIELDS = {"own_site": "html", "rakuten": "pc_description", "yahoo": "caption"}


def copy_texts(content: ArticleContent, output: ChannelOutput) -> tuple[str, str]:
    """What the channel's 「HTMLをコピー」 and 「テキストをコピー」 put on the clipboard, as (html, text):
    the channel's HTML field ('' without one); Instagram's caption, Chrono24's title and
    description, or elsewhere the title, catch copy and plain description (facts and shop blocks)."""
    by_key = {f.key: f.value for f in output.fields}
    html = by_key.get(HTML_FIELDS.get(output.channel, ""), "")
    if output.channel == "instagram":
        text = by_key.get("caption", "")
    elif output.channel == "chrono24":
        text = "\n\n".join(v for v in (by_key.get("title", ""), by_key.get("description", "")) if v)
    else:
        plain = plain_description(content)
        text = markup.strip_markup("\n\n".join(v for v in (content.title, content.catch_copy, plain) if v))
    return markup.for_clipboard(html), markup.for_clipboard(text)


def _cut(text: str, fits: Any) -> str:
    """The longest prefix of `text` ending at a sentence or word boundary for which fits() holds."""
    if fits(text):
        return text
    boundaries = [m.end() for m in re.finditer(r"[。！？!?．.、，,\s　]", text)]
    # A longer prefix never fits better than a shorter one: binary search over the boundaries
    # (a long article has hundreds, and each test renders the channel).
    best, low, high = "", 0, len(boundaries) - 1
    while low <= high:
        middle = (low + high) // 2
        candidate = text[: boundaries[middle]].rstrip(" 　、，,")
        if candidate and fits(candidate):
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    if best:
        return best
    low, high = 0, len(text)
    while low < high:  # no boundary fits: cut by characters
        middle = (low + high + 1) // 2
        if fits(text[:middle]):
            low = middle
        else:
            high = middle - 1
    return text[:low]


def _over(content: ArticleContent, channel: str, key: str) -> bool:
    return any(f.over for f in render(content, channel).fields if f.key == key)


def _fits(unit: str, limit: int | None) -> Any:
    return lambda text: _measure(text, unit) <= (limit or 0)


def _body_fits(content: ArticleContent, channel: str, key: str) -> Any:
    return lambda text: not _over(replace(content, body=text), channel, key)


def shorten(content: ArticleContent, channel: str) -> ArticleContent:
    """The article cut until every field of `channel` fits its limit: title and catch copy at a
    word boundary, the prose by dropping its last blocks (never the lead) and then the lead's last
    sentences, Instagram hashtags beyond the fifth. The facts block is never cut."""
    for f in render(content, channel).fields:
        if f.over and f.key in ("item_name", "name", "title") and f.value == markup.strip_markup(content.title):
            content = replace(content, title=_cut(content.title, _fits(f.unit, f.limit)))
        if f.over and f.key in ("catch_copy", "headline"):
            content = replace(content, catch_copy=_cut(content.catch_copy, _fits(f.unit, f.limit)))
    if channel == "instagram":
        tags = _HASHTAG.findall(content.body)
        for tag in tags[INSTAGRAM_MAX_HASHTAGS:]:
            content = replace(content, body=re.sub(rf"\s*{re.escape(tag)}(?=\s|$)", "", content.body, count=1))
    long_keys = [f.key for f in render(content, channel).fields if f.over]
    for key in long_keys:
        blocks = [b for b in re.split(r"\n\s*\n", content.body.strip()) if b.strip()]
        while len(blocks) > 1 and _over(replace(content, body="\n\n".join(blocks)), channel, key):
            # Cut the last block down to what fits; drop it only when nothing of it fits.
            head = "\n\n".join(blocks[:-1])
            fits = _body_fits(content, channel, key)
            cut = _cut(blocks[-1], lambda text, head=head, fits=fits: fits(f"{head}\n\n{text}"))
            if cut and not blocks[-1].lstrip().startswith("#"):
                blocks[-1] = cut
                break
            blocks.pop()
            while len(blocks) > 1 and blocks[-1].lstrip().startswith("#"):
                blocks.pop()  # a heading left without its text goes too
        content = replace(content, body="\n\n".join(blocks))
        if _over(content, channel, key) and blocks:
            content = replace(content, body=_cut(blocks[0], _body_fits(content, channel, key)))
    return content
