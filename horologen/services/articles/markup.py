"""The model's Markdown-like text → HTML a shop can paste, and → plain text, through libraries.

markdown-it-py parses (CommonMark, raw HTML in the text disabled, so a model or a catalogue cell
can never inject a tag); nh3 (the Rust `ammonia` sanitiser, html5ever's browser-grade parser)
then keeps only the tags a channel allows. Every text output (the copy buttons, Instagram,
Chrono24, the CSV / XLSX 本文, titles) goes through one function, `plain_text` (`strip_markup` is
the same function for text that is already plain): see its docstring for the rules.
"""

from __future__ import annotations

import html
import re
from typing import Literal

import nh3
from markdown_it import MarkdownIt

# CommonMark with raw HTML off; tables and strikethrough are not needed for sales copy.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
# For text only: raw HTML on, so a tag typed into the prose reaches nh3 as a tag (and is taken
# out) while `&lt;b&gt;` stays the characters `<b>`. Its HTML is never shown, only its text.
_MARKDOWN_FOR_TEXT = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
_PARAGRAPH_END = re.compile(r"</(p|h[1-6]|table|ul|ol|blockquote|section|article|div)>", re.I)
_LINE_END = re.compile(r"</(li|tr|dt|dd)>|<br\s*/?>|<hr\s*/?>", re.I)
_BETWEEN_TAGS = re.compile(r">\s*\n\s*<")
# A `<` that an HTML (or XML) parser would read as the start of a tag, comment, doctype or
# processing instruction — `<` then a letter (any script), `_`, `:`, `/`, `!` or `?` — up to its `>`;
# and a `<` ending the text, which the next text joined to it could complete.
_TAG_START = re.compile(r"<(?=[^\W\d]|[/!?:]|\Z)([^<>]*)(>?)")
# Elements whose content a parser reads as raw text (one stray `<script>` would swallow the rest
# of an article, our own tags included): renamed to an ordinary element before parsing.
_RAW_TEXT = re.compile(r"<(?=(?:script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)\b)", re.I)

# What our own sections use; channels narrow it (channels.py).
SITE_TAGS = frozenset(
    {"section", "h2", "h3", "h4", "p", "br", "ul", "ol", "li", "strong", "em", "b", "table", "tbody", "tr", "th", "td"}
)


def _render(text: str, engine: MarkdownIt) -> str:
    """Markdown-like text → HTML by `engine`, with markdown_html's heading and line-break rules."""
    source = re.sub(r"(?m)^#[ \t]+", "## ", text.replace("\r\n", "\n"))
    rendered = engine.render(source)
    return re.sub(r"(?<=[^>])\n(?=[^<])", "<br>\n", rendered).strip()


def markdown_html(text: str) -> str:
    """Markdown-like text (`## 見出し`, `- 項目`, `**強調**`, blank-line paragraphs) → HTML.

    A `# ` heading inside the body becomes <h2> (the page's <h1> is the product title), and single
    newlines inside a paragraph become <br> as the staff typed them."""
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
    outputs joined end to end cannot make a tag either."""
    if kind == "text":
        return _inert(_text_of(source.replace("&", "&amp;"))) if "<" in source else source
    fragment = _render(source, _MARKDOWN_FOR_TEXT) if kind == "markdown" else source
    fragment = _BETWEEN_TAGS.sub("><", fragment)
    fragment = re.sub(r"<li>", "<li>・", fragment, flags=re.I)
    fragment = re.sub(r"</t[hd]>(?=<t[hd])", "：", fragment, flags=re.I)
    fragment = _PARAGRAPH_END.sub(lambda m: m.group(0) + "\n\n", fragment)
    fragment = _LINE_END.sub(lambda m: m.group(0) + "\n", fragment)
    lines = [line.strip() for line in _text_of(fragment).splitlines()]
    return _inert(re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip())


def strip_markup(text: str) -> str:
    """`plain_text(text, kind="text")`: a title, catch copy, or text joined from plain parts,
    with any typed tag taken out and no tag left (the one function under its older name)."""
    return plain_text(text, kind="text")


def lists_as_lines(fragment: str) -> str:
    """For a field without list tags (楽天 SP): each `<li>` becomes a `・` line in one paragraph."""

    def one_list(match: re.Match[str]) -> str:
        items = re.findall(r"<li>(.*?)</li>", match.group(0), flags=re.S)
        return "<p>" + "<br>".join("・" + item.strip() for item in items) + "</p>"

    return re.sub(r"<(ul|ol)>.*?</\1>", one_list, fragment, flags=re.S)


def escape(text: str) -> str:
    """Data (facts, shop wording) placed into our own HTML."""
    return html.escape(text, quote=True)


def text_with_breaks(text: str) -> str:
    """Shop wording with its line breaks kept, escaped, as HTML."""
    return "<br>".join(escape(line) for line in text.splitlines())
