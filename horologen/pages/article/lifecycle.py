"""Save, the article's place on its way to the channels, the next step, and the version diff."""

from __future__ import annotations

import reflex as rx

from horologen.pages.article.text import TEXT
from horologen.services.articles.article_screen import DiffLine
from horologen.state.article import ArticleState


def _diff_line(d: rx.Var[DiffLine]) -> rx.Component:
    return rx.text(
        d.mark + " " + d.line,
        size="1",
        white_space="pre-wrap",
        color_scheme=rx.match(d.mark, ("+", "green"), ("-", "red"), "gray"),
    )


def lifecycle() -> rx.Component:
    """Save, the article's place on its way to the channels, and the next step."""
    s = ArticleState
    a = s.article
    return rx.vstack(
        rx.hstack(
            rx.button(TEXT["save"], on_click=s.save, variant="soft"),
            rx.badge(
                TEXT["review_status"]
                + ": "
                + a.review_label
                + "（"
                + TEXT["version"]
                + " "
                + a.version.to_string()
                + "）",
                color_scheme=rx.match(
                    a.review_status, ("approved", "green"), ("exported", "blue"), ("rejected", "red"), "gray"
                ),
                size="2",
                id="review-status",
            ),
            rx.cond(a.cost != "", rx.text("費用（概算）: " + a.cost, size="1", color_scheme="gray", id="article-cost")),
            rx.cond(
                a.actions.submit,
                rx.button(
                    TEXT["submit"],
                    on_click=s.submit_review,
                    variant="outline",
                    disabled=a.open_flags > 0,
                    id="submit-review",
                ),
            ),
            rx.cond(
                a.actions.approve,
                rx.button(
                    TEXT["approve"], on_click=s.approve, color_scheme="green", disabled=a.open_flags > 0, id="approve"
                ),
            ),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        rx.cond(
            (a.review_status == "rejected") & (a.review_comment != ""),
            rx.text(TEXT["rejected"], a.review_comment, size="2", color_scheme="red"),
        ),
        rx.cond(a.actions.frozen, rx.text(TEXT["frozen"], size="1", color_scheme="gray")),
        rx.cond(
            a.stale_note != "",
            rx.badge("要更新", color_scheme="amber", size="2", id="stale-badge"),
        ),
        rx.cond(
            a.diff.length() > 0,
            rx.box(
                rx.text(TEXT["diff"], weight="bold", size="2"),
                rx.foreach(a.diff, _diff_line),
                padding="8px",
                border="1px solid var(--gray-6)",
                border_radius="6px",
                width="100%",
                id="version-diff",
            ),
        ),
        spacing="2",
        width="100%",
    )
