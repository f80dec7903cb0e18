"""Every text output comes from one function (markup.plain_text; strip_markup is its "text" kind),
and no text output can hold a tag, however the markup is mixed, nested or encoded.

The bug this guards: tags were stripped first and entities decoded after, so `&lt;img src=x
onerror=alert(1)&gt;` typed next to real markup came out as a live `<img onerror=…>` in the
own-site text and title, the Instagram caption, the CSV / XLSX 本文 and the copy button.
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from horologen.services.articles import channels, exports, markup
from horologen.services.articles.prompting import product_snapshot
from tests.support import factories as f
from tests.test_lifecycle_exports import _approved, shop  # noqa: F401  (fixture)
from tests.test_publishable_articles import GINZA

KINDS = ("markdown", "html", "text")
# What the issue calls a tag start: `<` then a letter, `/`, `!` or `?` (the HTML tokenizer's rule).
TAG_START = re.compile(r"<[A-Za-z/!?]")
BUG = "&lt;img src=x onerror=alert(1)&gt;"


class _Markup(HTMLParser):
    """Python's own HTML tokenizer, recording anything it reads as markup rather than text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.found.append(f"start {tag}")

    def handle_endtag(self, tag) -> None:
        self.found.append(f"end {tag}")

    def handle_comment(self, data) -> None:
        self.found.append("comment")

    def handle_decl(self, decl) -> None:
        self.found.append("decl")

    def handle_pi(self, data) -> None:
        self.found.append("pi")

    def unknown_decl(self, data) -> None:
        self.found.append("cdata")


def assert_inert(text: str) -> None:
    """No substring a browser, a mall's HTML field or an HTML parser would read as markup."""
    assert not TAG_START.search(text), text
    parser = _Markup()
    parser.feed(text)
    parser.close()
    assert parser.found == [], (parser.found, text)


ATOMS = [
    "<b>", "</b>", "<strong>", "<p>", "</p>", "<li>", "<br>", "<td>", "<th>", "&lt;", "&gt;", "&amp;",
    "&amp;lt;", "&amp;amp;lt;", "&#60;", "&#x3C;", "&#x3c", "&lt", "&", "#", "<", ">", "/", "!", "?",
    BUG, "<img src=x onerror=alert(1)>", "<scr", "<script>", "</script>", "ipt>", "<!--", "-->", "<!", "<?",
    "<![CDATA[", "]]>", "<!DOCTYPE html>", "<?xml version='1.0'?>", '<a href=">">', "<p title='>'>",
    "<style>", "<textarea>", "<title>", "<plaintext>", "<noscript>", "<iframe>", "<svg>", "<math>",
    "<template>", "＜", "＞", "&#xff1c;", "**", "*", "_", "`", "``", "## ", "- ", "1. ", "> ", "\\", "\n",
    "\n\n", " ", "\t", "\r\n", "\x00", "a", "x", "強調", "ロレックス", "5 < 6", "A&B", '"', "'", "=",
]  # fmt: skip
hostile = st.lists(st.one_of(st.sampled_from(ATOMS), st.text(max_size=4)), max_size=24).map("".join)


@settings(max_examples=400, deadline=None)
@given(source=hostile, kind=st.sampled_from(KINDS))
def test_no_output_ever_holds_a_tag(source: str, kind: str) -> None:
    out = markup.plain_text(source, kind=kind)  # type: ignore[arg-type]
    assert_inert(out)
    assert markup.strip_markup(out) == out  # text it made is text: a second pass changes nothing


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(hostile, min_size=1, max_size=4))
def test_joined_outputs_stay_inert(parts: list[str]) -> None:
    """Text outputs are joined (caption, copy text): pieces around a removed tag can never meet
    to form one, whether joined before the function (`<scr<script>ipt>`) or after it, even end to
    end with no separator (an output never ends in a bare `<`)."""
    pieces = [markup.plain_text(p, kind=kind) for p in parts for kind in KINDS]  # type: ignore[arg-type]
    assert_inert(markup.strip_markup("\n\n".join(pieces)))
    assert_inert("".join(pieces))
    assert_inert("".join(reversed(pieces)))


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_characters="<&", blacklist_categories=("Cs",))))
def test_plain_text_without_markup_is_kept_exactly(text: str) -> None:
    assert markup.strip_markup(text) == text


@pytest.mark.parametrize(
    ("source", "kind", "expected"),
    [
        # The issue's body: the entity-typed tag shows as the characters typed, and is inert.
        ("**強調** " + BUG, "markdown", "強調 ＜img src=x onerror=alert(1)＞"),
        # The issue's title: `<b>` is markup and goes; what was typed as text stays as typed.
        ("<b>x</b>" + BUG, "text", "x" + BUG),
        ("5 < 6 です", "markdown", "5 < 6 です"),
        ("5 < 6 です", "text", "5 < 6 です"),
        ("A&B と A&amp;B", "markdown", "A&B と A&B"),  # CommonMark: &amp; is &
        ("A&B と A&amp;B", "text", "A&B と A&amp;B"),  # a title: what was typed
        ("&amp;lt;b&amp;gt;", "markdown", "&lt;b&gt;"),  # double-encoded: decoded once only
        ("&lt;b&gt;太字&lt;/b&gt;", "markdown", "＜b＞太字＜/b＞"),
        ("&lt;b&gt;", "html", "＜b＞"),
        ("<scr<script>ipt>alert(1)</script>", "markdown", "＜script＞alert(1)"),
        ("a <!-- メモ --> b", "markdown", "a  b"),
        ("<3 と <= と 1<2", "text", "<3 と <= と 1<2"),
        ("x <", "markdown", "x ＜"),  # a bare `<` at the very end: the next joined text could start a tag
        ("ロレックス サブマリーナー 126610LN", "text", "ロレックス サブマリーナー 126610LN"),
        ("- 一\n- 二\n\n## 見出し\n\n**強調**の段落", "markdown", "・一\n・二\n\n見出し\n\n強調の段落"),
    ],
)
def test_what_the_user_typed_survives(source: str, kind: str, expected: str) -> None:
    out = markup.plain_text(source, kind=kind)  # type: ignore[arg-type]
    assert out == expected
    assert_inert(out)


def test_a_stray_raw_text_tag_does_not_swallow_the_rest() -> None:
    for tag in ("<script>", "<style>", "<textarea>", "<title>", "<plaintext>", "<xmp>"):
        out = markup.plain_text(f"リード {tag} 途中\n\n最後の段落")
        assert "最後の段落" in out and "途中" in out and "＜/p" not in out, out
        assert_inert(out)
    assert markup.strip_markup("x<textarea><img src=x onerror=alert(1)>y") == "xy"


def test_strip_markup_is_the_text_kind_of_the_one_function() -> None:
    title = "<b>x</b>" + BUG
    assert markup.strip_markup(title) == markup.plain_text(title, kind="text") == "x" + BUG


# A catalogue cell typed in full width is NFKC-normalised into `<img …>` by facts.py: the text
# function must catch markup that appears on the way, not only what was typed.
HOSTILE_SNAPSHOT = product_snapshot(
    "ROLEX", "126610LN", "サブマリーナー", 1_980_000,
    {"付属品": "＜img src=x onerror=alert(3)＞箱 &lt;script&gt;", "状態": "<b>未使用</b>" + BUG}, "included",
)  # fmt: skip
HOSTILE_BODY = "リード文です。**強調** " + BUG + "\n\n## 見出し\n\n&amp;lt;b&amp;gt; と <i>x</i> と 5 < 6 #ロレックス"


def _content(channel: str) -> channels.ArticleContent:
    title, catch = "<b>x</b>" + BUG, "<i>海の名作</i>" + BUG
    return channels.ArticleContent(title, catch, HOSTILE_BODY, "", HOSTILE_SNAPSHOT, GINZA, channel)


@pytest.mark.parametrize(
    ("channel", "keys"),
    [
        ("own_site", ("title", "catch_copy", "text")),
        ("instagram", ("caption",)),
        ("chrono24", ("description",)),
    ],
)
def test_every_text_field_of_a_channel_is_inert(channel: str, keys: tuple[str, ...]) -> None:
    fields = {f.key: f for f in channels.render(_content(channel), channel).fields}
    for key in keys:
        assert fields[key].kind == "text"
        assert_inert(fields[key].value)


def test_own_site_title_and_text_match_the_issue() -> None:
    content = _content("own_site")
    fields = {f.key: f.value for f in channels.render(content, "own_site").fields}
    assert fields["title"] == "x" + BUG
    assert fields["catch_copy"] == "海の名作" + BUG
    text = fields["text"]
    assert_inert(text)
    assert "強調 ＜img src=x onerror=alert(1)＞" in text and "&lt;b&gt;" in text and "5 < 6" in text
    assert "付属品：箱 &lt;script&gt;" in text  # the NFKC-made <img> is markup and goes; typed text stays


@pytest.mark.parametrize("channel", ["own_site", "rakuten", "yahoo", "instagram", "chrono24"])
def test_plain_description_and_copy_text_are_inert(channel: str) -> None:
    content = _content(channel)
    text = channels.plain_description(content)
    assert_inert(text)
    # ArticleState's 「テキストをコピー」 for the non-Instagram, non-Chrono24 channels.
    assert_inert(markup.strip_markup("\n\n".join((content.title, content.catch_copy, text))))


def test_instagram_caption_keeps_hashtags_and_shows_typed_text() -> None:
    caption = channels.render(_content("instagram"), "instagram").fields[0].value
    assert_inert(caption)
    assert "#ロレックス" in caption and "強調 ＜img src=x onerror=alert(1)＞" in caption


def test_chrono24_description_is_inert_with_hostile_specs() -> None:
    description = {f.key: f.value for f in channels.render(_content("chrono24"), "chrono24").fields}["description"]
    assert_inert(description)
    assert "Specifications" in description


def test_yahoo_explanation_and_chrono24_title_are_inert() -> None:
    yahoo = {f.key: f.value for f in channels.render(_content("yahoo"), "yahoo").fields}
    chrono = {f.key: f.value for f in channels.render(_content("chrono24"), "chrono24").fields}
    assert_inert(yahoo["explanation"])
    assert_inert(chrono["title"])


@pytest.mark.parametrize("channel", list(channels.CHANNELS))
def test_every_text_field_of_every_channel_is_inert(channel: str) -> None:
    for output_field in channels.render(_content(channel), channel).fields:
        if output_field.kind != "html":
            assert_inert(output_field.value)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_csv_and_xlsx_body_column_is_inert(session: Session, shop, fmt: str) -> None:  # noqa: F811  (fixture)
    _tenant, admin, *_ = shop
    article = _approved(session, shop, title="<b>x</b>" + BUG, body=HOSTILE_BODY)
    record, _plan = exports.export(session=session, actor=f.actor(admin), article_ids=[int(article.id or 0)], fmt=fmt)
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(record.content)).active
        rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    else:
        rows = list(csv.reader(io.StringIO(record.content.decode("utf-8-sig"), newline="")))
    body = dict(zip(rows[0], rows[1], strict=True))["本文"]
    assert_inert(body)
    assert "強調 ＜img src=x onerror=alert(1)＞" in body and "5 < 6" in body
