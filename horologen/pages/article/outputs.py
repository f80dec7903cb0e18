"""Each field of the chosen channel, measured against its limit, with the copy buttons (closed while
a flag is open) and 「短くする」."""

from __future__ import annotations

import reflex as rx

from horologen.components.fields import NATIVE_SELECT_STYLE
from horologen.pages.article.text import TEXT
from horologen.services.articles.article_screen import OutputRow
from horologen.services.articles.prompting import CHANNELS
from horologen.state.article import ArticleState


def _copy_button(label: str | rx.Var[str], value: rx.Var[str], **props: object) -> rx.Component:
    """Copies `value`; an empty (or blank) one is refused with a message, never 「コピーしました」."""
    return rx.cond(
        value.to(str).strip() != "",
        rx.button(label, on_click=[rx.set_clipboard(value), rx.toast.info(TEXT["copied"])], **props),
        rx.button(label, on_click=rx.toast.warning(TEXT["copy_empty"]), **props),
    )


def _sold_or(sold: str, usual: str) -> rx.Var[str]:
    """The 取り下げ要 label for a sold piece's published article (its draft's buttons are closed)."""
    article = ArticleState.article
    return rx.cond((article.sold_note != "") & ~article.copy_closed, TEXT[sold], TEXT[usual])


def _output_field(item: rx.Var[OutputRow]) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(item.label, weight="bold", size="2"),
            rx.badge(item.length_label, color_scheme=rx.cond(item.over, "red", "gray"), size="1"),
            rx.spacer(),
            _copy_button(
                _sold_or("copy_sold", "copy"),
                item.value,
                size="1",
                variant="outline",
                aria_label=TEXT["copy"] + ": " + item.label,
                disabled=ArticleState.article.copy_closed,
            ),
            width="100%",
            align="center",
        ),
        rx.cond(item.problems != "", rx.text(item.problems, size="1", color_scheme="red")),
        rx.box(
            rx.text(item.value, white_space="pre-wrap", size="1", font_family="monospace"),
            max_height="160px",
            overflow_y="auto",
            # a scrolling box must be reachable by keyboard (WCAG 2.1.1; axe scrollable-region-focusable)
            tab_index=0,
            role="region",
            aria_label=TEXT["preview_of"] + item.label,
            padding="8px",
            border="1px solid var(--gray-6)",
            border_radius="6px",
            width="100%",
        ),
        width="100%",
        spacing="1",
        class_name="channel-field",
        data_field=item.key,
    )


def outputs() -> rx.Component:
    """Each field of the chosen channel, measured against its limit, with copy buttons."""
    article = ArticleState.article
    return rx.vstack(
        rx.heading(TEXT["outputs"], size="3"),
        rx.hstack(
            rx.el.label(TEXT["view_channel"], html_for="view-channel", style={"font-size": "13px"}),
            rx.el.select(
                *[rx.el.option(text, value=value) for value, text in CHANNELS.items()],
                id="view-channel",
                value=ArticleState.view_channel,
                on_change=ArticleState.set_view_channel,
                style=NATIVE_SELECT_STYLE,
            ),
            rx.cond(
                article.any_over,
                rx.button(
                    TEXT["shorten"],
                    size="2",
                    color_scheme="red",
                    on_click=ArticleState.shorten,
                    loading=ArticleState.shortening,
                    id="shorten",
                ),
            ),
            rx.cond(
                article.html_copy,
                _copy_button(
                    _sold_or("copy_html_sold", "copy_html"),
                    article.copy_html,
                    variant="outline",
                    disabled=article.copy_closed,
                ),
            ),
            _copy_button(
                _sold_or("copy_text_sold", "copy_text"),
                article.copy_text,
                variant="outline",
                disabled=article.copy_closed,
            ),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        rx.cond(
            article.open_flags > 0,
            rx.text(TEXT["gate"], size="2", color_scheme="amber", id="review-gate"),
        ),
        rx.cond(
            article.sold_note != "",
            rx.callout(article.sold_note, icon="ban", color_scheme="red", size="1", width="100%", id="sold-note"),
        ),
        rx.cond(
            article.stale_note != "",
            rx.callout(
                article.stale_note, icon="triangle_alert", color_scheme="amber", size="1", width="100%", id="stale-note"
            ),
        ),
        rx.cond(
            article.kobutsu_missing,
            rx.callout(TEXT["kobutsu_missing"], icon="info", color_scheme="gray", size="1", width="100%"),
        ),
        rx.foreach(article.outputs, _output_field),
        width="100%",
        spacing="3",
        id="channel-outputs",
    )
