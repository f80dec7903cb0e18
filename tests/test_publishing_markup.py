"""Emphasis next to Japanese punctuation, pipe tables, links and lists, in every channel's output.

Cases c22 (CJK emphasis) and c23 (Markdown edges) from shared/cases/publishing are copied to
tests/data/publishing/. The bugs: `**「デイトナ」**の名で…` left its asterisks in the own-site HTML
and 楽天 PC説明文 (CommonMark's flanking rules, markup.py docstring), and a pipe table came out as
`| 項目 | 内容 |<br>|---|---|…` (the commonmark preset has tables off).

Each test renders one body through every output: the own-site page HTML and text, 楽天 PC / SP,
Yahoo! caption and explanation, the Instagram caption, the Chrono24 description, and the text
copies (`channels.plain_description`, `markup.plain_text`).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from horologen.services.articles import channels, markup
from horologen.services.articles.prompting import CHANNELS, parse_article
from tests.test_plain_text import assert_inert
from tests.test_publishable_articles import GINZA, NEW_ROLEX

CASES = Path(__file__).parent / "data" / "publishing"
# Every HTML field and the tags it may hold.
HTML_FIELDS = {
    "own_site.html": channels.SITE_TAGS,
    "rakuten.pc_description": channels.RAKUTEN_PC_TAGS,
    "rakuten.sp_description": channels.RAKUTEN_SP_TAGS,
    "yahoo.caption": channels.YAHOO_CAPTION_TAGS,
}
# The text outputs that carry the whole prose (Yahoo!'s explanation carries only the lead).
TEXT_FIELDS = ("own_site.text", "instagram.caption", "chrono24.description", "plain_description", "plain_text")
TABLE_TAGS = frozenset({"table", "thead", "tbody", "tr", "th", "td"})
NO_TABLE_TAGS = channels.RAKUTEN_SP_TAGS  # a field with no table tags (楽天 SP)
ANCHOR = re.compile(r"<a[\s>]", re.I)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, attrs))


def tags_of(fragment: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(fragment)
    parser.close()
    return parser.tags


def content_for(body: str, title: str = "ロレックス デイトナ 116500LN", catch: str = "白文字盤の一本"):
    return channels.ArticleContent(title, catch, body, "", NEW_ROLEX, GINZA, "own_site")


def outputs(content: channels.ArticleContent) -> dict[str, str]:
    """Every field of every channel, keyed `channel.key`, and the two text copies."""
    found = {
        f"{channel}.{output.key}": output.value
        for channel in CHANNELS
        for output in channels.render(content, channel).fields
    }
    found["plain_description"] = channels.plain_description(content)
    found["plain_text"] = markup.plain_text(content.body)
    return found


def case(name: str) -> channels.ArticleContent:
    parsed = parse_article((CASES / name).read_text(encoding="utf-8"))
    return content_for(parsed.body, parsed.title, parsed.catch_copy)


def assert_clean(found: dict[str, str]) -> None:
    """No asterisk anywhere; HTML fields hold only their channel's tags (no attribute but a row
    header's scope, never a link or image) and read as inert text; every text field is inert."""
    for key, value in found.items():
        assert "*" not in value, (key, value)
        assert "javascript" not in value, (key, value)
        if key in HTML_FIELDS:
            for tag, attrs in tags_of(value):
                assert tag in HTML_FIELDS[key], (key, tag)
                assert all(name == "scope" for name, _ in attrs), (key, tag, attrs)
            assert_inert(markup.plain_text(value, kind="html"))
        else:
            assert_inert(value)


# --- the two shared cases ----------------------------------------------------------------------


def test_c22_emphasis_is_bold_in_html_and_gone_from_text() -> None:
    found = outputs(case("c22_cjk_emphasis_body.md"))
    assert_clean(found)
    bold = (
        "<strong>「デイトナ」</strong>の名",
        "<strong>自動巻き。</strong>日常",
        "<strong>セラミック製（セラクロム）</strong>で",
    )
    for key in HTML_FIELDS:
        assert all(b in found[key] for b in bold), (key, found[key])
    for key in TEXT_FIELDS:
        text = found[key]
        assert "「デイトナ」の名で知られる" in text and "ケースは自動巻き。日常使い" in text, (key, text)
        assert "ベゼルはセラミック製（セラクロム）で、" in text, (key, text)
    assert found["yahoo.explanation"].startswith("「デイトナ」の名で知られるクロノグラフです。")


def test_c23_table_is_a_table_where_allowed_and_lines_elsewhere() -> None:
    found = outputs(case("c23_markdown_edge_body.md"))
    assert_clean(found)
    for key, tags in HTML_FIELDS.items():
        assert "|---|" not in found[key] and "| 項目" not in found[key]
        if "table" not in tags:  # 楽天 SP: the table as 「項目：内容」 lines
            assert "<table" not in found[key] and "付属品：箱・保証書" in found[key], key
            continue
        assert "<th>項目</th><th>内容</th>" in found[key].replace("\n", ""), key
        assert "<td>付属品</td>\n<td>箱・保証書</td>" in found[key], key
        assert ("<thead>" in found[key]) == ("thead" in tags), key
    for key in TEXT_FIELDS:
        lines = found[key].splitlines()
        assert "付属品：箱・保証書" in lines and "項目：内容" not in lines, (key, lines)
        assert "|" not in found[key] and "<table" not in found[key]


def test_c23_link_shows_its_text_and_never_its_address_and_the_typed_tag_stays_inert() -> None:
    found = outputs(case("c23_markdown_edge_body.md"))
    for key, value in found.items():
        if key.endswith(("html", "description", "caption", "text")) and "こちら" in value:
            assert "詳しくはこちらと" in value and "[こちら]" not in value and not ANCHOR.search(value), key
    for key in HTML_FIELDS:  # raw HTML is off for pages: the typed tag shows as its characters
        assert "&lt;img src=x onerror=alert(1)&gt;をご覧ください" in found[key]
    for key in TEXT_FIELDS:  # text copies take a typed tag out (markup.plain_text's rule)
        assert "詳しくはこちらとをご覧ください。" in found[key]


def test_c23_smartphone_description_has_the_table_as_lines() -> None:
    sp = outputs(case("c23_markdown_edge_body.md"))["rakuten.sp_description"]
    assert "<table" not in sp and "<th" not in sp
    assert "<p>付属品：箱・保証書</p>" in sp and "型番：" in sp  # the body's table and the facts block


@pytest.mark.parametrize("name", ["c22_cjk_emphasis_body.md", "c23_markdown_edge_body.md"])
def test_a_field_without_table_tags_gets_lines(name: str) -> None:
    html_out = channels.description_html(case(name), NO_TABLE_TAGS)
    assert "<table" not in html_out and "<t" not in html_out.replace("<strong>", "")
    assert "型番：126610LN" in html_out  # the facts table too
    if name.startswith("c23"):
        assert "<p>付属品：箱・保証書</p>" in html_out


# --- emphasis next to Japanese punctuation ------------------------------------------------------

EMPHASIS = [
    ("**「デイトナ」**の名", "<strong>「デイトナ」</strong>の名", "「デイトナ」の名"),
    ("これは**『名作』**です", "これは<strong>『名作』</strong>です", "これは『名作』です"),
    ("ベゼルは**（セラクロム）**で", "ベゼルは<strong>（セラクロム）</strong>で", "ベゼルは（セラクロム）で"),
    ("ケースは**自動巻き。**日常", "ケースは<strong>自動巻き。</strong>日常", "ケースは自動巻き。日常"),
    ("**そう、**それです", "<strong>そう、</strong>それです", "そう、それです"),
    ("まさに**本物！**です", "まさに<strong>本物！</strong>です", "まさに本物！です"),
    ("**なぜ？**答えは", "<strong>なぜ？</strong>答えは", "なぜ？答えは"),
    ("名は*「デイトナ」*です", "名は<em>「デイトナ」</em>です", "名は「デイトナ」です"),
    ("*（限定）*の一本", "<em>（限定）</em>の一本", "（限定）の一本"),
    ("「**強調**」と書く", "「<strong>強調</strong>」と書く", "「強調」と書く"),
    ("（**太字**）", "（<strong>太字</strong>）", "（太字）"),
    ("**行頭の強調**から", "<strong>行頭の強調</strong>から", "行頭の強調から"),
    ("行末まで**強調。**", "行末まで<strong>強調。</strong>", "行末まで強調。"),
    ("**「*デイトナ*」**の名", "<strong>「<em>デイトナ</em>」</strong>の名", "「デイトナ」の名"),
    ("**「限定（500本）」**です", "<strong>「限定（500本）」</strong>です", "「限定（500本）」です"),
    ("***「両方」***です", "<em><strong>「両方」</strong></em>です", "「両方」です"),
    ("一行目は**強調、**\n二行目も**「強調」**",
     "一行目は<strong>強調、</strong><br>\n二行目も<strong>「強調」</strong>", "一行目は強調、\n二行目も「強調」"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "html_part", "text"), EMPHASIS)
def test_emphasis_next_to_japanese_punctuation(source: str, html_part: str, text: str) -> None:
    assert html_part in markup.markdown_html(source)
    assert markup.plain_text(source) == text


@pytest.mark.parametrize(("source", "html_part", "text"), EMPHASIS)
def test_emphasis_in_every_channel(source: str, html_part: str, text: str) -> None:
    found = outputs(content_for(f"リードです。\n\n{source}\n\n## 見どころ\n\n- **「箱」**付き"))
    assert_clean(found)
    for key in HTML_FIELDS:
        assert "<strong>" in found[key] and "<strong>「箱」</strong>付き" in found[key], key
    for key in TEXT_FIELDS:
        assert text in found[key] and "「箱」付き" in found[key], key


def test_why_the_rule_exists_the_commonmark_preset_keeps_the_asterisks() -> None:
    plain = MarkdownIt("commonmark")
    for source, _html, _text in EMPHASIS[:7]:
        assert "**" in plain.render(source), source


def test_underscore_inside_a_word_stays_a_character() -> None:
    """The amendment keeps `_` strict inside a word (rules 2 and 6): snake_case and 型番_A stay."""
    assert markup.plain_text("品番_A_は") == "品番_A_は"
    assert markup.plain_text("型式は_「限定」_です") == "型式は_「限定」_です"
    assert markup.plain_text("_限定_ の一本") == "限定 の一本"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab1 *_.,!?-\"'\n", max_size=30))
def test_text_without_cjk_parses_as_commonmark_does(source: str) -> None:
    """The rule changes nothing where no CJK character is next to a delimiter run."""
    ours = markup._MARKDOWN.render(source)
    reference = MarkdownIt("commonmark", {"html": False, "breaks": True, "xhtmlOut": False}).enable("table")
    assert ours == reference.render(source)


# --- tables ------------------------------------------------------------------------------------

TABLES = [
    # Japanese cells, emphasis inside a cell, a generic header (left out of the lines)
    ("| 項目 | 内容 |\n|---|---|\n| ケース径 | 40mm |\n| 素材 | **オイスタースチール** |",
     ["<td>素材</td>", "<td><strong>オイスタースチール</strong></td>"], ["ケース径：40mm", "素材：オイスタースチール"],
     ["項目：内容"]),
    # a header naming its columns is kept as the first line
    ("| モデル | 年式 | 価格 |\n|:--|:-:|--:|\n| 116500LN | 2020年 | 300万円 |",
     ["<th>モデル</th>", "<td>300万円</td>"], ["モデル：年式：価格", "116500LN：2020年：300万円"], []),
    # empty cells: kept as cells in a table, left out of a line
    ("| 項目 | 内容 |\n|---|---|\n| 状態 | |\n| | 補足のみ |\n| 付属品 | 箱 |",
     ["<td>状態</td>\n<td></td>", "<td></td>\n<td>補足のみ</td>"], ["状態", "補足のみ", "付属品：箱"],
     ["状態：", "：補足のみ"]),
    # a table typed right under a list, and a list right under a table
    ("- 一\n- 二\n| 項目 | 内容 |\n|---|---|\n| 付属品 | 箱 |\n- 三",
     ["<td>付属品</td>"], ["付属品：箱"], ["二 | 項目"]),
    # a sentence right under a table is a paragraph, not a row
    ("| 項目 | 内容 |\n|---|---|\n| 付属品 | 箱 |\n以上です。",
     ["<td>付属品</td>"], ["付属品：箱", "以上です。"], ["以上です。："]),
]  # fmt: skip


@pytest.mark.parametrize(("body", "in_html", "lines", "not_lines"), TABLES)
def test_tables_in_every_channel(body: str, in_html: list[str], lines: list[str], not_lines: list[str]) -> None:
    found = outputs(content_for(f"リードです。\n\n{body}"))
    assert_clean(found)
    for key, tags in HTML_FIELDS.items():
        if "table" not in tags:  # 楽天 SP: lines, checked below with NO_TABLE_TAGS
            assert "|" not in found[key] and "<table" not in found[key], key
            continue
        assert "|" not in found[key] and found[key].count("<table>") == 2, key  # the body's and the facts'
        assert ("<thead>" in found[key]) == ("thead" in tags), key
        assert all(part in found[key] for part in in_html), (key, found[key])
    for key in TEXT_FIELDS:
        text_lines = found[key].splitlines()
        assert "|" not in found[key] and all(line in text_lines for line in lines), (key, text_lines)
        assert not any(bad in text_lines for bad in not_lines), (key, text_lines)
    no_table = channels.description_html(content_for(body), NO_TABLE_TAGS, with_shop=False)
    assert "<table" not in no_table and "<td" not in no_table
    assert all(line in re.split(r"<br>|</?p>", no_table) for line in lines), no_table


def test_a_table_and_a_list_keep_their_own_blocks() -> None:
    body = "- 一\n- 二\n| 項目 | 内容 |\n|---|---|\n| 付属品 | 箱 |\n- 三"
    page = markup.markdown_html(body).replace("\n", "")
    assert page.startswith("<ul><li>一</li><li>二</li></ul><table>") and page.endswith("</table><ul><li>三</li></ul>")
    assert markup.plain_text(body) == "・一\n・二\n\n付属品：箱\n\n・三"
    sp = channels.description_html(content_for(body), channels.RAKUTEN_SP_TAGS, with_shop=False)
    assert sp.startswith("<p>・一<br>・二</p>\n<p>付属品：箱</p>") and "<p>・三</p>" in sp


def test_a_table_inside_fenced_code_stays_code() -> None:
    body = "```\n- 一\n| a | b |\n|---|---|\n```"
    assert "<table" not in markup.markdown_html(body)
    assert markup.plain_text(body) == "- 一\n| a | b |\n|---|---|"


# --- lists, links, headings, code, line breaks -------------------------------------------------


@pytest.mark.parametrize(
    ("body", "sp_part", "text"),
    [
        ("- a\n  - b\n  - c\n- d", "<p>・a<br>・b<br>・c<br>・d</p>", "・a\n・b\n・c\n\n・d"),
        ("- 一つ目\n\n  続き\n- 二つ目", "<p>・一つ目<br>続き<br>・二つ目</p>", "・一つ目\n\n続き\n\n・二つ目"),
        ("3. 三\n4. **「四」**", "<p>・三<br>・<strong>「四」</strong></p>", "・三\n・「四」"),
    ],
)
def test_lists_become_lines_where_lists_are_not_allowed(body: str, sp_part: str, text: str) -> None:
    found = outputs(content_for(body))
    assert_clean(found)
    assert sp_part in found["rakuten.sp_description"]
    assert markup.plain_text(body) == text
    assert "<li>" in found["rakuten.pc_description"] and "<li>" in found["own_site.html"]


def test_links_and_images_show_their_text_only() -> None:
    body = "[公式](https://example.com)と<https://example.com/x>と![写真](x.jpg)と[悪](javascript:alert(1))"
    found = outputs(content_for(body))
    assert_clean(found)
    for key in (*HTML_FIELDS, *TEXT_FIELDS):
        assert "公式とhttps://example.com/xと写真と悪" in found[key], key
        assert not ANCHOR.search(found[key]) and "<img" not in found[key] and "](" not in found[key]


def test_code_heading_and_rule_read_as_text() -> None:
    found = outputs(content_for("`Cal.4130`搭載\n\n---\n\n##### 小見出し\n\n本文"))
    assert_clean(found)
    assert "<p><b>小見出し</b></p>" in found["rakuten.sp_description"]
    for key in TEXT_FIELDS:
        assert "Cal.4130搭載" in found[key] and "小見出し" in found[key] and "`" not in found[key], key


def test_a_line_break_in_a_paragraph_is_one_line_in_text() -> None:
    assert markup.plain_text("一行目\n二行目\n\n次の段落") == "一行目\n二行目\n\n次の段落"
    assert "一行目<br>\n二行目" in markup.markdown_html("一行目\n二行目")
