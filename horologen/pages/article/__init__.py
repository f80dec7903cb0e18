"""The article workspace under a product (and on an article's own page), by section: options,
editor, checks, outputs, lifecycle; `article_panel` puts them together."""

from horologen.pages.article.panel import article_panel

__all__ = ["article_panel"]
