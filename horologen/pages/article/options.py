"""The options form: tone, length, channel, notes, English; 作成 / 中止 and this month's quota."""

from __future__ import annotations

import reflex as rx

from horologen.components.fields import NATIVE_SELECT_STYLE
from horologen.pages.article.text import TEXT
from horologen.services.articles.prompting import CHANNELS, LENGTHS, TONES
from horologen.state.article import ArticleState


def _select(name: str, label: str, choices: dict[str, str], default: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=f"opt-{name}", style={"font-size": "13px"}),
        rx.el.select(
            *[rx.el.option(text, value=value) for value, text in choices.items()],
            name=name,
            id=f"opt-{name}",
            default_value=default,
            style=NATIVE_SELECT_STYLE,
        ),
        spacing="1",
    )


def options_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.hstack(
                _select("tone", TEXT["tone"], TONES, "elegant"),
                _select("length", TEXT["length"], LENGTHS, "standard"),
                _select("channel", TEXT["channel"], CHANNELS, "own_site"),
                rx.hstack(
                    rx.el.input(type="checkbox", name="include_english", id="opt-english", value="1"),
                    rx.el.label(TEXT["english"], html_for="opt-english", style={"font-size": "13px"}),
                    align="center",
                    spacing="1",
                ),
                spacing="4",
                align="end",
                wrap="wrap",
            ),
            rx.text_area(name="notes", placeholder=TEXT["notes"], width="100%", rows="3", max_length=1000),
            rx.cond(
                ArticleState.workspace.unavailable != "",
                rx.callout(
                    ArticleState.workspace.unavailable,
                    icon="info",
                    color_scheme="amber",
                    width="100%",
                    id="generation-unavailable",
                ),
            ),
            rx.hstack(
                rx.button(
                    rx.cond(ArticleState.article_id > 0, TEXT["regenerate"], TEXT["generate"]),
                    type="submit",
                    size="3",
                    loading=ArticleState.generating,
                    disabled=ArticleState.generating | (ArticleState.workspace.unavailable != ""),
                    id="generate-button",
                ),
                rx.cond(
                    ArticleState.generating,
                    rx.button(
                        TEXT["stop"], type="button", variant="soft", color_scheme="red", on_click=ArticleState.stop
                    ),
                ),
                rx.spacer(),
                rx.badge(ArticleState.workspace.quota_label, size="2", id="quota-label"),
                width="100%",
                align="center",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=ArticleState.generate,
        reset_on_submit=False,
    )
