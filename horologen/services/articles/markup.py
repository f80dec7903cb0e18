"""The model's Markdown-like text → HTML a shop can paste, and → plain text, through libraries.

markdown-it-py parses (CommonMark, raw HTML in the text disabled, so a model or a catalogue cell
can never inject a tag); nh3 (the Rust `ammonia` sanitiser) then keeps only the tags a channel
allows. Plain text is the same HTML with every tag taken out by nh3.
"""

from __future__ import annotations

import html
import re

import nh3
from markdown_it import MarkdownIt

# CommonMark with raw HTML off; tables and strikethrough are not needed for sales copy.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_PARAGRAPH_END = re.compile(r"</(p|h[1-6]|table|ul|ol|blockquote|section|article|div)>", re.I)
_LINE_END = re.compile(r"</(li|tr|dt|dd)>|<br\s*/?>|<hr\s*/?>", re.I)
_BETWEEN_TAGS = re.compile(r">\s*\n\s*<")

# What our own sections use; channels narrow it (channels.py).
SITE_TAGS = frozenset(
    {"section", "h2", "h3", "h4", "p", "br", "ul", "ol", "li", "strong", "em", "b", "table", "tbody", "tr", "th", "td"}
)


def markdown_html(text: str) -> str:
    """Markdown-like text (`## 見出し`, `- 項目`, `**強調**`, blank-line paragraphs) → HTML.

    A `# ` heading inside the body becomes <h2> (the page's <h1> is the product title), and single
    newlines inside a paragraph become <br> as the staff typed them."""
    source = re.sub(r"(?m)^#[ \t]+", "## ", text.replace("\r\n", "\n"))
    rendered = _MARKDOWN.render(source)
    rendered = re.sub(r"(?<=[^>])\n(?=[^<])", "<br>\n", rendered)
    return rendered.strip()


def sanitise(fragment: str, tags: frozenset[str] | set[str]) -> str:
    """Only `tags` survive, with no attributes except a table cell's; comments and scripts go."""
    attributes = {"th": {"scope"}} if "th" in tags else {}
    return nh3.clean(fragment, tags=set(tags), attributes=attributes, strip_comments=True, link_rel=None).strip()


def plain_text(fragment_or_markdown: str, *, is_html: bool = False) -> str:
    """Text with all markup taken out: block ends become line breaks, entities are decoded."""
    fragment = fragment_or_markdown if is_html else markdown_html(fragment_or_markdown)
    fragment = _BETWEEN_TAGS.sub("><", fragment)
    fragment = re.sub(r"<li>", "<li>・", fragment, flags=re.I)
    fragment = re.sub(r"</t[hd]>(?=<t[hd])", "：", fragment, flags=re.I)
    fragment = _PARAGRAPH_END.sub(lambda m: m.group(0) + "\n\n", fragment)
    fragment = _LINE_END.sub(lambda m: m.group(0) + "\n", fragment)
    text = strip_markup(html.unescape(nh3.clean(fragment, tags=set(), strip_comments=True)))
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def lists_as_lines(fragment: str) -> str:
    """For a field without list tags (楽天 SP): each `<li>` becomes a `・` line in one paragraph."""

    def one_list(match: re.Match[str]) -> str:
        items = re.findall(r"<li>(.*?)</li>", match.group(0), flags=re.S)
        return "<p>" + "<br>".join("・" + item.strip() for item in items) + "</p>"

    return re.sub(r"<(ul|ol)>.*?</\1>", one_list, fragment, flags=re.S)


def strip_markup(text: str) -> str:
    """Text with anything a browser would read as a tag taken out (typed `<script>…</script>`,
    `<img onerror=…>`), so a plain-text copy pasted into an HTML field stays text."""
    if "<" not in text:
        return text
    return html.unescape(nh3.clean(text, tags=set(), strip_comments=True))


def escape(text: str) -> str:
    """Data (facts, shop wording) placed into our own HTML."""
    return html.escape(text, quote=True)


def text_with_breaks(text: str) -> str:
    """Shop wording with its line breaks kept, escaped, as HTML."""
    return "<br>".join(escape(line) for line in text.splitlines())
