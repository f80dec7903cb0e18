"""The model's Markdown-like text → HTML a shop can paste, and → plain text, through libraries.

markdown-it-py parses (CommonMark, raw HTML in the text disabled, so a model or a catalogue cell
can never inject a tag); nh3 (the Rust `ammonia` sanitiser, html5ever's browser-grade parser)
then keeps only the tags a channel allows. Every text output (the copy buttons, Instagram,
Chrono24, the CSV / XLSX 本文, titles) goes through one function, `plain_text` (`strip_markup` is
the same function for text that is already plain): see its docstring for the rules.

Changes to the CommonMark preset, each for Japanese sales copy (cases c22 / c23 in
shared/cases/publishing; tests/test_publishing_markup.py):

- Emphasis next to Japanese punctuation (`**「デイトナ」**の名で`, `**自動巻き。**日常`). CommonMark
  counts 「」（）。、 as punctuation, and a `**` with punctuation inside and a letter outside is
  not "flanking", so the asterisks were printed. `_cjk_friendly` applies the "CommonMark
  CJK-friendly amendments" (github.com/tats-u/markdown-cjk-friendly, specification.md): in the
  flanking rules only non-CJK punctuation counts as punctuation, and a CJK character on the
  other side of a non-CJK punctuation mark counts like whitespace. Text without CJK characters
  parses exactly as before. Why our own rule and not a package (checked on PyPI 2026-11-30):
  mdit-py-plugins 0.7.0 has no CJK plugin; mdit-py-cjk-friendly 0.3.0 requires
  markdown-it-py < 4 (we run 4.3), replaces `StateInline.scanDelims` for every parser in the
  process, loosens the rule beyond the amendment and joins soft line breaks (we keep them as
  <br>). Ours wraps the upstream `emphasis` rule of our two parsers and only recomputes the
  open / close flags of the delimiters it records. `_` keeps CommonMark's rule that it does not
  emphasise inside a word (the amendment leaves it so), so `品番_A_` stays as typed.
- Pipe tables (the `table` rule) are on. A table line right after a list item or quote would be
  read as that item's lazy continuation, and a prose line right after a table as one more row:
  `_separate_tables` puts a blank line on both sides first. Where a channel has no table tags
  `tables_as_lines` makes each row a `セル：セル` line; `plain_text` does the same.
- Links never become <a> (no channel's tag set has it, so nh3 would drop it anyway): a link
  shows its text and drops its address, whatever the scheme (`javascript:` included), and an
  image shows its alt text.
- A single newline inside a paragraph is a <br> (the `breaks` option), also between two
  emphasised phrases; in text it is one line end, not a blank line.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from typing import Any, Literal

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml, isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline import emphasis
from markdown_it.rules_inline.state_inline import StateInline
from markdown_it.token import Token

_PARAGRAPH_END = re.compile(r"</(p|h[1-6]|table|ul|ol|blockquote|section|article|div|pre)>", re.I)
_LINE_END = re.compile(r"</(li|tr|dt|dd)>|<br\s*/?>|<hr\s*/?>", re.I)
_BETWEEN_TAGS = re.compile(r">\s*\n\s*<")
_BREAK_NEWLINE = re.compile(r"(<br\s*/?>)[ \t]*\n", re.I)
# A `<` that an HTML (or XML) parser would read as the start of a tag, comment, doctype or
# processing instruction — `<` then a letter (any script), `_`, `:`, `/`, `!` or `?` — up to its `>`;
# and a `<` ending the text, which the next text joined to it could complete.
_TAG_START = re.compile(r"<(?=[^\W\d]|[/!?:]|\Z)([^<>]*)(>?)")
# Elements whose content a parser reads as raw text (one stray `<script>` would swallow the rest
# of an article, our own tags included): renamed to an ordinary element before parsing.
_RAW_TEXT = re.compile(r"<(?=(?:script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)\b)", re.I)
# Pipe-table lines as the `table` rule reads them: a row starts with `|` (up to 3 spaces in), the
# delimiter row is `|---|:--:|`.
_TABLE_ROW = re.compile(r" {0,3}\|")
_TABLE_DELIMITER = re.compile(r" {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*")
_FENCE = re.compile(r" {0,3}(```|~~~)")
# Header cells that only say "this is a key / value table": such a header row is left out where
# the table becomes `セル：セル` lines (「項目：内容」 above 「付属品：箱・保証書」 tells a reader
# nothing). Any other header row is kept as the first line, since it names the columns.
GENERIC_HEADERS = frozenset(
    {"", "項目", "内容", "詳細", "値", "仕様", "スペック", "情報", "item", "items", "value", "details", "spec", "specs"}
)
_HEAD = re.compile(r"<thead>\s*<tr>((?:\s*<th[^>]*>[^<]*</th>)*)\s*</tr>\s*</thead>", re.I)
_EMPTY_CELL = re.compile(r"<t([hd])\b[^>]*>\s*</t\1>", re.I)
_EMPTY_ROW = re.compile(r"<tr\b[^>]*>\s*</tr>", re.I)
_CELL_JOIN = re.compile(r"</t[hd]>\s*(?=<t[hd]\b)", re.I)


def _is_cjk(char: str) -> bool:
    """The amendment's "CJK character": East Asian Width W, F or H and not an emoji shown as an
    emoji (approximated as a wide symbol in U+2300–2BFF or U+1F000–1FAFF), or Hangul."""
    code = ord(char)
    if 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F or 0xA960 <= code <= 0xA97F or 0xAC00 <= code <= 0xD7FF:
        return True
    if unicodedata.east_asian_width(char) not in ("W", "F", "H"):
        return False
    emoji_block = 0x2300 <= code <= 0x2BFF or 0x1F000 <= code <= 0x1FAFF
    return not (emoji_block and unicodedata.category(char) == "So")


def _punctuation(char: str) -> bool:
    """CommonMark's "Unicode punctuation character" (ASCII punctuation, or category P or S)."""
    return isMdAsciiPunct(ord(char)) or isPunctChar(char)


def _flanking(src: str, start: int, end: int, max_pos: int, can_split_word: bool) -> tuple[bool, bool]:
    """(can open, can close) for the delimiter run src[start:end], by the CJK-friendly amendment
    (specification.md §6.2): the line's start and end count as whitespace; a variation selector
    U+FE00–FE0E after the character before the run is skipped, and an ideographic variation
    selector (U+E0100–E01EF) there counts as CJK."""
    before = src[start - 1] if start > 0 else " "
    if "\ufe00" <= before <= "\ufe0e" and start > 1:
        before = src[start - 2]
    after = src[end] if end < max_pos else " "
    before_cjk = _is_cjk(before) or "\U000e0100" <= before <= "\U000e01ef"
    before_space, after_space = isWhiteSpace(ord(before)), isWhiteSpace(ord(after))
    before_other = _punctuation(before) and not before_cjk  # a non-CJK punctuation character
    after_other = _punctuation(after) and not _is_cjk(after)
    left = not after_space and (not after_other or before_space or before_other or before_cjk)
    right = not before_space and (not before_other or after_space or after_other or _is_cjk(after))
    if can_split_word:  # `*`: rules 1 and 5 (open), 3 and 7 (close)
        return left, right
    # `_`: rules 2 and 6 (open), 4 and 8 (close) — unchanged but for the flanking itself
    return left and (not right or _punctuation(before)), right and (not left or _punctuation(after))


def _emphasis_cjk(state: StateInline, silent: bool) -> bool:
    """The upstream `emphasis` inline rule, then its delimiters' open / close flags recomputed."""
    start, recorded = state.pos, len(state.delimiters)
    if not emphasis.tokenize(state, silent):
        return False
    can_open, can_close = _flanking(state.src, start, state.pos, state.posMax, state.src[start] == "*")
    for delimiter in state.delimiters[recorded:]:
        delimiter.open, delimiter.close = can_open, can_close
    return True


def _text_only_link(_self: Any, _tokens: Sequence[Token], _idx: int, _options: Any, _env: Any) -> str:
    return ""


def _image_as_alt(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return escapeHtml(self.renderInlineAsText(tokens[idx].children, options, env))


def _cjk_friendly(html_on: bool) -> MarkdownIt:
    """CommonMark + pipe tables + CJK-friendly emphasis; links as their text, images as alt; a
    single newline in a paragraph is a <br> (also between two emphasised phrases, which the
    regex in `_render` cannot see)."""
    options = {"html": html_on, "linkify": False, "typographer": False, "breaks": True, "xhtmlOut": False}
    engine = MarkdownIt("commonmark", options).enable("table")
    engine.inline.ruler.at("emphasis", _emphasis_cjk)
    engine.validateLink = lambda url: True  # type: ignore[method-assign]  # the address is never output
    engine.add_render_rule("link_open", _text_only_link)
    engine.add_render_rule("link_close", _text_only_link)
    engine.add_render_rule("image", _image_as_alt)
    return engine


# Raw HTML off: a tag typed into the prose is shown as its characters, never passed on.
_MARKDOWN = _cjk_friendly(html_on=False)
# For text only: raw HTML on, so a tag typed into the prose reaches nh3 as a tag (and is taken
# out) while `&lt;b&gt;` stays the characters `<b>`. Its HTML is never shown, only its text.
_MARKDOWN_FOR_TEXT = _cjk_friendly(html_on=True)

# What our own sections use; channels narrow it (channels.py).
SITE_TAGS = frozenset(
    {"section", "h2", "h3", "h4", "p", "br", "ul", "ol", "li", "strong", "em", "b"}
    | {"table", "thead", "tbody", "tr", "th", "td"}
)


def _separate_tables(source: str) -> str:
    """A blank line before a pipe table that follows a non-blank line, and after its last row
    when a line with no `|` follows; fenced code is left alone. Without it a table typed right
    under `- 項目` is read as that item's text, and the sentence under a table as a table row."""
    lines, out = source.split("\n"), []
    in_table = in_fence = False
    for number, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence, in_table = not in_fence, False
        elif in_fence:
            pass
        elif in_table and line.strip() and "|" not in line:
            out.append("")
            in_table = False
        elif not in_table and _TABLE_ROW.match(line) and number + 1 < len(lines):
            in_table = _TABLE_DELIMITER.fullmatch(lines[number + 1]) is not None
            if in_table and out and out[-1].strip():
                out.append("")
        elif not line.strip():
            in_table = False
        out.append(line)
    return "\n".join(out)


def _render(text: str, engine: MarkdownIt) -> str:
    """Markdown-like text → HTML by `engine`, with markdown_html's heading and line-break rules
    (the engine breaks prose lines; the regex breaks a code block's, which lose <pre>)."""
    source = _separate_tables(re.sub(r"(?m)^#[ \t]+", "## ", text.replace("\r\n", "\n")))
    rendered = engine.render(source)
    return re.sub(r"(?<=[^>])\n(?=[^<])", "<br>\n", rendered).strip()


def markdown_html(text: str) -> str:
    """Markdown-like text (`## 見出し`, `- 項目`, `**強調**`, `| 表 |`, blank-line paragraphs) → HTML.

    A `# ` heading inside the body becomes <h2> (the page's <h1> is the product title), single
    newlines inside a paragraph become <br> as the staff typed them, a pipe table becomes
    <table><thead>…<tbody>…, a link its text (see the module docstring)."""
    return _render(text, _MARKDOWN)


def sanitise(fragment: str, tags: frozenset[str] | set[str]) -> str:
    """Only `tags` survive, with no attributes except a table cell's; comments and scripts go."""
    attributes = {"th": {"scope"}} if "th" in tags else {}
    return nh3.clean(fragment, tags=set(tags), attributes=attributes, strip_comments=True, link_rel=None).strip()


def _text_of(fragment: str) -> str:
    """The text a browser would show for `fragment`: html5ever (via nh3) takes every tag and
    comment out, and the entities it leaves are decoded exactly once."""
    fragment = _RAW_TEXT.sub("<x-", fragment)
    return html.unescape(nh3.clean(fragment, tags=set(), clean_content_tags=set(), strip_comments=True))


def _inert(text: str) -> str:
    """The last step of every text output: each tag-starting `<` and its `>` made full-width."""
    return _TAG_START.sub(lambda m: "＜" + m.group(1) + ("＞" if m.group(2) else ""), text)


def plain_text(source: str, *, kind: Literal["markdown", "html", "text"] = "markdown") -> str:
    """The one way markup becomes text, for every text output: `source` in, text out that shows
    what the page would show, with no tag in it.

    `kind` says what `source` is:
    - "markdown": the model's prose as staff edited it. CommonMark rules: `&lt;` is the character
      `<`, `&amp;lt;` the characters `&lt;`, and a tag typed into the prose is markup.
    - "html": a fragment we built (entities are characters).
    - "text": a title, a catch copy, catalogue or shop wording, or text this function made. Its
      characters are what was typed: `&` is not decoded (`&lt;b&gt;` stays those characters, as
      the page shows it), only a typed tag is markup. Applied to its own output it changes nothing.

    Rules: every tag and comment is taken out and its text kept (script and style text too, so a
    stray `<script>` never swallows the rest of an article); block ends become line breaks
    (markdown / html). Entity decoding can still yield a `<` that starts a tag (`&lt;img
    onerror=…&gt;` typed next to real markup was the bug); every such `<` becomes the full-width
    `＜`, and the `>` closing it `＞`. Why full-width and not `&lt;` or removal: the output is
    plain text a shop pastes into mall fields, some of which are HTML — `&lt;` would show as
    `&lt;` in a text field, removal would lose what the user typed, while ＜＞ read the same to a
    shopper, are in CP932 (楽天 / Yahoo! files), and no HTML or XML parser reads them as markup.
    A `<` that starts no tag (`5 < 6`, `<3`) stays ASCII; one ending the text does not, so two
    outputs joined end to end cannot make a tag either. A table row is one `セル：セル` line, as
    `tables_as_lines` makes it (empty cells and a generic header row left out)."""
    if kind == "text":
        return _inert(_text_of(source.replace("&", "&amp;"))) if "<" in source else source
    fragment = _render(source, _MARKDOWN_FOR_TEXT) if kind == "markdown" else source
    fragment = _row_cells(_BETWEEN_TAGS.sub("><", fragment))
    fragment = _BREAK_NEWLINE.sub(r"\1", fragment)  # a <br> is one line end, not a blank line
    fragment = re.sub(r"<li>", "<li>・", fragment, flags=re.I)
    fragment = _PARAGRAPH_END.sub(lambda m: m.group(0) + "\n\n", fragment)
    fragment = _LINE_END.sub(lambda m: m.group(0) + "\n", fragment)
    lines = [line.strip() for line in _text_of(fragment).splitlines()]
    return _inert(re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip())


# C0/C1 controls but tab and line breaks, and zero-width characters (U+200B-U+200D, U+2060, BOM).
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]")


def for_clipboard(text: str) -> str:
    """What a copy button puts on the clipboard: the text without control characters or
    zero-width marks (a mall field or a caption has no use for them, and some refuse them)."""
    return _INVISIBLE.sub("", text)


def strip_markup(text: str) -> str:
    """`plain_text(text, kind="text")`: a title, catch copy, or text joined from plain parts,
    with any typed tag taken out and no tag left (the one function under its older name)."""
    return plain_text(text, kind="text")


def _row_cells(fragment: str) -> str:
    """Table rows made ready to read as lines: a header row of only GENERIC_HEADERS goes, empty
    cells and rows go, and the cells of a row are joined by `：` (<table>/<tr> tags stay)."""

    def head(match: re.Match[str]) -> str:
        cells = re.findall(r"<th[^>]*>([^<]*)</th>", match.group(1), flags=re.I)
        generic = all(html.unescape(cell).strip().lower() in GENERIC_HEADERS for cell in cells)
        return "" if generic else match.group(0)

    fragment = _EMPTY_ROW.sub("", _EMPTY_CELL.sub("", _HEAD.sub(head, fragment)))
    return _CELL_JOIN.sub("：", fragment)


def tables_as_lines(fragment: str) -> str:
    """For a field without table tags: each table (our Markdown's) becomes one paragraph of
    `セル：セル` lines, a row a line, as `plain_text` writes it; cell content (<strong> …) stays."""

    def one_table(match: re.Match[str]) -> str:
        rows = re.findall(r"<tr\b[^>]*>(.*?)</tr>", _row_cells(match.group(0)), flags=re.S | re.I)
        lines = [re.sub(r"</?t[hd]\b[^>]*>", "", row).strip() for row in rows]
        return "<p>" + "<br>".join(line for line in lines if line) + "</p>" if any(lines) else ""

    return re.sub(r"<table\b[^>]*>.*?</table>", one_table, fragment, flags=re.S | re.I)


def header_in_body(fragment: str) -> str:
    """For a field with table tags but no <thead> (楽天 SP): the header row moves into <tbody>."""
    return re.sub(
        r"<thead>\s*(.*?)\s*</thead>\s*(?:<tbody>\s*(.*?)</tbody>)?",
        lambda m: f"<tbody>{m.group(1)}{m.group(2) or ''}</tbody>",
        fragment,
        flags=re.S | re.I,
    )


def lists_as_lines(fragment: str) -> str:
    """For a field without list tags (楽天 SP): each list (nested lists inside it too) becomes one
    paragraph with a `・` line per item; an item's own paragraphs (a loose list) become lines."""
    out: list[str] = []
    depth, line_open = 0, False
    for piece in re.split(r"(</?(?:ul|ol|li|p)\b[^>]*>)", fragment):
        tag = re.match(r"<(/?(?:ul|ol|li|p))\b", piece)
        name = tag.group(1) if tag else ""
        if name in ("ul", "ol"):
            out.append("" if depth else "<p>")
            depth += 1
        elif name in ("/ul", "/ol") and depth:
            depth -= 1
            if not depth:
                out[-1:] = [] if out[-1] == "<br>" else out[-1:]
                out.append("</p>")
                line_open = False
        elif not depth:
            out.append(piece)
        elif name == "li" or (name == "/p" and line_open):
            out.append(("<br>" if line_open else "") + ("・" if name == "li" else ""))
            line_open = name == "li"
        elif not name and piece.strip():
            out.append(piece.strip())
            line_open = True
    return "".join(out)


def escape(text: str) -> str:
    """Data (facts, shop wording) placed into our own HTML."""
    return html.escape(text, quote=True)


def text_with_breaks(text: str) -> str:
    """Shop wording with its line breaks kept, escaped, as HTML."""
    return "<br>".join(escape(line) for line in text.splitlines())
