"""/admin/articles/<id>: one article at its own address, for review — 承認する / 差し戻す first,
re-generation folded away as a secondary action that says what it costs (issue 28)."""

from __future__ import annotations

import reflex as rx

from horologen.components.layout import gated, page_shell
from horologen.pages.article import article_panel
from horologen.state.article import ArticleState
from horologen.state.base import DENIED_MESSAGE

TEXT = {
    "title": "記事の確認",
    "approve": "承認する",
    "reject": "差し戻す",
    "reject_reason": "差し戻しの理由（作成者に表示されます）",
    "flags_first": "要確認がすべて確認済みになると承認できます。",
    "denied": DENIED_MESSAGE,
    "missing": "記事が見つかりません。",
}


def _review_actions() -> rx.Component:
    s = ArticleState
    a = s.article
    return rx.cond(
        a.actions.pending,
        rx.card(
            rx.vstack(
                rx.cond(
                    a.actions.approve,
                    rx.button(
                        TEXT["approve"], on_click=s.approve, size="3", color_scheme="green",
                        disabled=a.open_flags > 0, id="review-approve",
                    ),
                ),
                rx.cond(a.open_flags > 0, rx.text(TEXT["flags_first"], size="2", color_scheme="gray")),
                rx.cond(
                    a.actions.reject,
                    rx.form(
                        rx.vstack(
                            rx.el.label(TEXT["reject_reason"], html_for="reject-comment", style={"font-size": "13px"}),
                            rx.text_area(name="comment", id="reject-comment", rows="2", width="100%", max_length=1000),
                            rx.button(TEXT["reject"], type="submit", variant="outline", color_scheme="red",
                                      id="review-reject"),
                            spacing="2",
                            width="100%",
                        ),
                        on_submit=s.reject,
                        reset_on_submit=True,
                        width="100%",
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
            id="review-actions",
        ),
    )  # fmt: skip


def _content() -> rx.Component:
    return rx.vstack(
        # to the screen this role can use (the screen model decides: staff cannot use 記事の管理)
        rx.link(ArticleState.article.back_label, href=ArticleState.article.back_url, size="2", id="back-to-articles"),
        rx.cond(
            ArticleState.product_id > 0,
            rx.vstack(
                rx.heading(ArticleState.article.product_label, size="5", id="review-product"),
                _review_actions(),
                article_panel(review=True),
                spacing="4",
                width="100%",
            ),
            rx.text(rx.cond(ArticleState.error != "", ArticleState.error, TEXT["missing"]), color_scheme="gray"),
        ),
        spacing="4",
        width="100%",
    )


def article_review_page() -> rx.Component:
    return page_shell(
        gated(ArticleState.access, _content(), TEXT["denied"]),
        title=TEXT["title"],
        user_name=ArticleState.user_name,
        user_role=ArticleState.user_role,
    )
