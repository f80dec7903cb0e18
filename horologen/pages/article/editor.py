"""The article while it is written (the stream, 中止した下書き) and once it is there: checks, the
editable title, catch copy and body, the lifecycle and the channel outputs."""

from __future__ import annotations

import reflex as rx

from horologen.components.fields import labelled
from horologen.pages.article.checks import claims, flags, review
from horologen.pages.article.lifecycle import lifecycle
from horologen.pages.article.outputs import outputs
from horologen.pages.article.text import TEXT
from horologen.state.article import ArticleState


def _stream() -> rx.Component:
    """The text as it arrives; after 中止, what had arrived with 残す / 破棄."""
    return rx.box(
        rx.text(
            rx.cond(ArticleState.generating, TEXT["writing"], TEXT["stopped"]),
            size="2",
            color_scheme="gray",
            id="stream-label",
        ),
        rx.text(ArticleState.stream_text, white_space="pre-wrap", id="stream-text"),
        rx.cond(
            ~ArticleState.generating & (ArticleState.cancelled_id > 0),
            rx.hstack(
                rx.button(TEXT["keep"], size="2", on_click=ArticleState.keep_cancelled, id="keep-partial"),
                rx.button(
                    TEXT["discard"],
                    size="2",
                    variant="soft",
                    color_scheme="gray",
                    on_click=ArticleState.discard_cancelled,
                ),
                spacing="3",
                padding_top="8px",
            ),
        ),
        padding="12px",
        border="1px dashed var(--gray-7)",
        border_radius="8px",
        width="100%",
    )


def _fields() -> list[rx.Component]:
    """Title, catch copy and body as staff edit them; the English version as written."""
    return [
        labelled(
            TEXT["title"],
            "article-title",
            rx.input(
                value=ArticleState.title,
                on_change=ArticleState.set_title,
                debounce_timeout=300,
                size="3",
                width="100%",
                id="article-title",
            ),
        ),
        labelled(
            TEXT["catch_copy"],
            "article-catch",
            rx.input(
                value=ArticleState.catch_copy,
                on_change=ArticleState.set_catch_copy,
                debounce_timeout=300,
                width="100%",
                id="article-catch",
            ),
        ),
        labelled(
            TEXT["body"],
            "article-body",
            rx.text_area(
                value=ArticleState.body,
                on_change=ArticleState.set_body,
                debounce_timeout=300,
                rows="14",
                width="100%",
                id="article-body",
            ),
        ),
        rx.cond(
            ArticleState.article.body_en != "",
            rx.vstack(
                rx.text(TEXT["english_heading"], weight="bold"),
                rx.text(ArticleState.article.body_en, white_space="pre-wrap"),
                width="100%",
            ),
        ),
    ]


def editor() -> rx.Component:
    return rx.cond(
        ArticleState.generating | (ArticleState.stream_text != ""),
        _stream(),
        rx.cond(
            ArticleState.article_id > 0,
            rx.vstack(
                flags(),
                review(),
                claims(),
                *_fields(),
                lifecycle(),
                outputs(),
                width="100%",
                spacing="3",
            ),
        ),
    )
