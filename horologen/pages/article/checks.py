"""What the checks found: the 要確認 flags (they gate copying), the text with their words marked, and
the second model's claim check (informational)."""

from __future__ import annotations

import reflex as rx

from horologen.pages.article.text import TEXT
from horologen.services.articles.article_screen import ClaimRow, FlagRow, RiskRow
from horologen.state.article import ArticleState


def _flag_row(flag: rx.Var[FlagRow]) -> rx.Component:
    return rx.hstack(
        rx.badge(flag.kind_label, color_scheme=rx.cond(flag.kind == "ad", "red", "amber"), size="1"),
        rx.vstack(
            rx.text(rx.el.strong(flag.term), " — ", flag.reason, size="2"),
            rx.cond(flag.suggestion != "", rx.text(flag.suggestion, size="1", color_scheme="gray")),
            spacing="0",
            flex="1",
        ),
        rx.cond(
            flag.acked,
            rx.badge(TEXT["acked"], color_scheme="green", size="1"),
            rx.button(
                TEXT["ack"],
                size="1",
                variant="outline",
                on_click=ArticleState.acknowledge(flag.term),
                aria_label=TEXT["ack"] + ": " + flag.term,
            ),
        ),
        width="100%",
        align="center",
        class_name="review-flag",
    )


def flags() -> rx.Component:
    return rx.cond(
        ArticleState.article.flags.length() > 0,
        rx.callout(
            rx.vstack(
                rx.text(ArticleState.article.flags_note, id="flags-note"),  # the screen model's words
                rx.foreach(ArticleState.article.flags, _flag_row),
                width="100%",
                spacing="2",
            ),
            icon="triangle_alert",
            color_scheme="amber",
            width="100%",
            id="grounding-flags",
        ),
    )


def review() -> rx.Component:
    """The text with each 要確認 term highlighted (read-only; edits go in the fields below)."""
    return rx.cond(
        ArticleState.article.review_html != "",
        rx.box(
            rx.html(ArticleState.article.review_html),
            padding="12px",
            border="1px solid var(--amber-6)",
            border_radius="8px",
            background="var(--amber-2)",
            width="100%",
            id="grounding-review",
        ),
    )


def _claim_row(claim: rx.Var[ClaimRow]) -> rx.Component:
    color = rx.match(claim.status, ("supported", "green"), ("contradicts", "red"), "amber")
    return rx.hstack(
        rx.badge(claim.label, color_scheme=color, size="1", min_width="84px"),
        rx.vstack(
            rx.text(claim.sentence, size="2"),
            rx.cond(claim.field != "", rx.text(TEXT["claim_field"], claim.field, size="1", color_scheme="gray")),
            spacing="0",
        ),
        width="100%",
        align="start",
        class_name="claim-row",
    )


def _risk_row(risk: rx.Var[RiskRow]) -> rx.Component:
    return rx.hstack(
        rx.badge(risk.label, color_scheme="amber", size="1"),
        rx.vstack(
            rx.text(risk.sentence, size="2"),
            rx.text(risk.reason, size="1", color_scheme="gray"),
            spacing="0",
            align="start",
        ),
        align="start",
        spacing="2",
        class_name="claim-row",
    )


def _claim_list() -> rx.Component:
    panel = ArticleState.claims
    return rx.vstack(
        rx.cond(
            panel.claims.length() > 0,
            rx.vstack(rx.foreach(panel.claims, _claim_row), spacing="2", width="100%"),
            rx.text(TEXT["claims_none"], size="2", color_scheme="gray"),
        ),
        rx.cond(
            panel.risks.length() > 0,
            rx.vstack(
                rx.text(TEXT["risks"], weight="bold", size="2"),
                rx.foreach(panel.risks, _risk_row),
                spacing="2",
                width="100%",
                id="claim-risks",
            ),
        ),
        spacing="3",
        width="100%",
    )


def claims() -> rx.Component:
    """The second model's sentence-by-sentence check (informational; the flags above gate copying)."""
    checking = (ArticleState.checking_id == ArticleState.article_id) & (ArticleState.article_id > 0)
    return rx.cond(
        checking | (ArticleState.claims.status != ""),
        rx.box(
            rx.vstack(
                rx.hstack(
                    rx.text(TEXT["claims"], weight="bold", size="2"),
                    rx.spacer(),
                    rx.button(
                        TEXT["claims_again"],
                        size="1",
                        variant="ghost",
                        on_click=ArticleState.recheck_claims,
                        disabled=checking,
                    ),
                    width="100%",
                ),
                rx.text(TEXT["claims_hint"], size="1", color_scheme="gray"),
                rx.cond(
                    checking,
                    rx.text(TEXT["claims_checking"], size="2", color_scheme="gray"),
                    rx.match(
                        ArticleState.claims.status,
                        ("failed", rx.text(TEXT["claims_failed"], size="2", color_scheme="gray")),
                        ("skipped", rx.text(TEXT["claims_skipped"], size="2", color_scheme="gray")),
                        _claim_list(),
                    ),
                ),
                spacing="2",
                width="100%",
            ),
            padding="12px",
            border="1px solid var(--gray-6)",
            border_radius="8px",
            width="100%",
            id="claim-check",
        ),
    )
