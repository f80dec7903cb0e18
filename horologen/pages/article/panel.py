"""The article panel under the chosen product: options, the article, this product's articles."""

from __future__ import annotations

import reflex as rx

from horologen.components.layout import error_banner, info_banner
from horologen.pages.article.editor import editor
from horologen.pages.article.options import options_form
from horologen.pages.article.text import TEXT
from horologen.services.articles.article_screen import HistoryItem
from horologen.state.article import ArticleState
from horologen.state.search import SearchState


def history_href(item: rx.Var[HistoryItem], review: bool) -> rx.Var[str]:
    """A real address for each article in the list (a new tab, Back, a link to share all work): its
    own review page under 記事の管理, or this product's page with it open (keeping the search)."""
    if review:
        return "/admin/articles/" + item.id.to_string()
    search = rx.cond(SearchState.back_params != "", "&" + SearchState.back_params, "")
    return "/staff/products/" + item.product_id.to_string() + "?article=" + item.id.to_string() + search


def _history_row(item: rx.Var[HistoryItem], review: bool) -> rx.Component:
    return rx.hstack(
        rx.text(item.when, size="1", color_scheme="gray", min_width="80px"),
        rx.link(item.title, href=history_href(item, review), size="2"),
        rx.cond(item.status != "", rx.badge(item.status, color_scheme="amber", size="1")),
        rx.badge(item.review, color_scheme="gray", size="1"),
        spacing="3",
        wrap="wrap",  # a long title on a phone pushes the badges onto the next line
        align="center",
    )


def article_panel(review: bool = False) -> rx.Component:
    """The article workspace. `review` (the article's own page under 記事の管理): the article first,
    re-generation folded away as a secondary action that says what it costs."""
    options = (
        rx.accordion.root(
            rx.accordion.item(
                header=TEXT["regenerate_folded"],
                content=options_form(),
                value="regenerate",
            ),
            collapsible=True,
            type="single",
            variant="ghost",
            width="100%",
        )
        if review
        else options_form()
    )
    parts = [editor(), options] if review else [options, editor()]
    history = ArticleState.workspace.history
    return rx.cond(
        ArticleState.product_id > 0,
        rx.card(
            rx.vstack(
                rx.heading(TEXT["heading"], size="4"),
                error_banner(ArticleState.error),
                info_banner(ArticleState.notice),
                *parts,
                rx.divider(),
                rx.text(TEXT["history"], weight="bold", size="2"),
                rx.cond(
                    history.length() > 0,
                    rx.vstack(rx.foreach(history, lambda item: _history_row(item, review)), spacing="1", width="100%"),
                    rx.text(TEXT["no_history"], size="2", color_scheme="gray"),
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
            id="article-panel",
        ),
    )
