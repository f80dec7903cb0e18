"""/staff/search: brand + part of a reference → matches → one product's price and specs.

Two states (issue 29): `SearchPage` holds the frame (brands, the brand chosen, messages) and the
product page's card; `SearchState`, its substate, holds the result list alone. Reflex sends each
substate's changes to the components reading that substate only, so a keystroke's answer re-renders
the list, not the page around it.
"""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx

from horologen.services.accounts.access import ADMIN, STAFF
from horologen.services.catalogue import brands, sale, search
from horologen.services.catalogue.price_words import SALE_LABELS
from horologen.services.operations import inputs
from horologen.state.base import AppState
from horologen.state.search_rows import BrandChoice, ProductCard, ResultLine, product_card, result_line

__all__ = ["BrandChoice", "ProductCard", "ResultLine", "SearchPage", "SearchState", "search_params", "search_url"]

PAGE_SIZE = 20


def search_params(query: str, brand: str) -> str:
    """The search to show again (q, brand) as a query string, '' for none."""
    return urlencode({k: v for k, v in (("q", query), ("brand", brand)) if v})


def search_url(query: str, brand: str) -> str:
    """/staff/search with the search to show again (q, brand)."""
    params = search_params(query, brand)
    return "/staff/search" + (f"?{params}" if params else "")


def _row_index(value: object, *, rows: int) -> int:
    """The index of a line on screen, as the page sends it back; InputRefused otherwise."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < rows:
        raise inputs.InputRefused("商品の指定が正しくありません。", f"row index {str(value)[:20]!r} of {rows}")
    return value


class SearchPage(AppState):
    """The search page's frame and the product page's card: nothing here changes while staff type."""

    access: str = ""
    brands: list[BrandChoice] = []
    brand: str = ""
    error: str = ""
    # The query field is the browser's own while staff type (an answer never rewrites what is
    # typed); it starts from SearchState.query. When the page itself puts another search there
    # (a link with ?q=, another user in this tab), this count goes up and the field is remounted.
    query_version: int = 0
    product: ProductCard | None = None
    specs: list[list[str]] = []
    back_url: str = "/staff/search"  # the search this product was opened from
    back_params: str = ""  # the same search as q=…&brand=…, carried by the links to this product's articles
    _viewer: str = ""

    def _set_error(self, message: str) -> None:
        """Set the banner only when it changes: an unchanged var sent again is bytes for nothing."""
        if self.error != message:
            self.error = message

    @rx.event
    def on_product_load(self) -> rx.event.EventSpec | list[rx.event.EventSpec] | None:
        """/staff/products/<id>: the product (tenant checked by the service) and its article panel."""
        user, redirect = self._enter(STAFF, ADMIN)
        if user is None:
            return redirect
        params = self.router.url.query_parameters
        query, brand = str(params.get("q", ""))[:100], str(params.get("brand", ""))[:100]
        self.back_url, self.back_params = search_url(query, brand), search_params(query, brand)
        product_id = str(self.router.url.path).rstrip("/").rsplit("/", 1)[-1]
        article_id = str(params.get("article", ""))
        return self._select(product_id, article_id if article_id.isdigit() else "")

    def _product_and_article(self, product_id: str, article_id: str) -> tuple[int, str] | None:
        """(the product id, the article id as sent) checked as a page may send them; None (and the
        refusal recorded) for a forged one."""
        chosen = self._checked("search.select_product", inputs.record_id, product_id, label="商品")
        opened = self._checked("search.select_product", inputs.text, article_id, limit=10, label="記事")
        return None if chosen is None or opened is None else (chosen, opened)

    def _select(self, product_id: str, article_id: str) -> rx.event.EventSpec | None:
        user, redirect = self._gate(STAFF, ADMIN)
        if user is None:
            return redirect
        ids = self._product_and_article(product_id, article_id)
        if ids is None:
            return None
        chosen, opened = ids
        done, view = self._service_as(user, "search.select_product", search.get_product, product_id=chosen)
        if not done:  # another shop's product is answered like a missing one: 「商品が見つかりません。」
            self.product = None
            self.specs = []
            return None
        self.error = ""
        self.product = product_card(view)
        self.specs = [[str(k), str(v)] for k, v in view.specs.items()]
        from horologen.state.article import ArticleState  # the article panel follows the product

        return ArticleState.load_for_product(str(view.id), opened)

    @rx.event
    def set_sale_state(self, state: str) -> rx.event.EventSpec | list[rx.event.EventSpec] | None:
        """The product card's 「売約済みにする」 / 「販売中に戻す」: the service checks the role and the
        product's shop and audits the change (issue 25 item D)."""
        user, redirect = self._gate(STAFF, ADMIN)
        if user is None:
            return redirect
        product_id = self.product.id if self.product is not None else ""
        if not product_id.isdigit() or not isinstance(state, str):
            return None
        done, _ = self._service_as(
            user, "search.set_sale_state", sale.set_sale_state, product_id=int(product_id), state=state
        )
        if not done:
            return None
        self.error = ""
        follow = self._select(product_id, "")  # the card and the article panel (取り下げ要) again
        note = "承認済みの記事は「取り下げ要」になります。" if state == "sold" else ""
        toast = rx.toast.success(f"「{SALE_LABELS.get(state, '')}」にしました。{note}")
        return [follow, toast] if follow is not None else toast


class SearchState(SearchPage):
    """The result list and the handlers of the search page. A keystroke's answer changes only
    these vars (and the frame's only when they really change)."""

    query: str = ""
    results: list[ResultLine] = []
    result_count: int = 0
    highlighted: int = -1
    searched: bool = False
    # Backend-only: the ids behind the results on screen, never sent to (or taken from) the browser.
    _result_ids: list[int] = []

    def _clear(self) -> None:
        self._result_ids = []
        self.results = []
        self.result_count = 0
        self.highlighted = -1
        self.searched = False
        if self.product is not None or self.specs:  # the frame's vars only when they change
            self.product, self.specs = None, []
        self._set_error("")

    @rx.event
    def on_load(self) -> rx.event.EventSpec | None:
        user, redirect = self._enter(STAFF, ADMIN)
        if not self._same_viewer(user):
            self.brands = []
            self._put_search("", "")
            self._clear()
        if user is None:
            return redirect
        done, counts = self._service_as(user, "search.brands", brands.list_brands)
        if done:
            self.brands = [BrandChoice(brand=b.brand, label=f"{b.brand}（{b.count:,}）") for b in counts]
        from horologen.state.article import ArticleState  # the staff member's recent articles

        params = self.router.url.query_parameters
        product_id, article_id = str(params.get("product", "")), str(params.get("article", ""))
        if product_id.isdigit():  # an older link to a product: its own page now
            return rx.redirect(self._product_url(int(product_id), article_id if article_id.isdigit() else ""))
        query, brand = str(params.get("q", ""))[:100], str(params.get("brand", ""))[:100]
        if query or brand:  # back from a product page: the same search
            self._put_search(query, brand)
            self._run()
        return ArticleState.load_recent

    def _put_search(self, query: str, brand: str) -> None:
        """The page (not the typist) sets the search: the query field is remounted when it changes."""
        if self.query != query:
            self.query = query
            self.query_version += 1
        if self.brand != brand:
            self.brand = brand

    def _run(self) -> rx.event.EventSpec | None:
        user, redirect = self._gate(STAFF, ADMIN)
        if user is None:
            self._clear()
            return redirect
        if not self.brand and not self.query.strip():
            self._clear()
            return None
        done, page = self._service_as(
            user, "search.search", search.search_references, brand=self.brand, query=self.query, limit=PAGE_SIZE
        )
        if not done:
            message = self.error
            self._clear()
            self.error = message
            return None
        self._set_error("")
        self.results = [result_line(v) for v in page.items]
        self._result_ids = [v.id for v in page.items]
        self.result_count = page.count
        self.highlighted = 0 if page.items else -1
        self.searched = True
        return None

    @rx.event
    def set_brand(self, brand: str) -> rx.event.EventSpec | None:
        checked = self._checked("search.set_brand", inputs.text, brand, limit=100, label="ブランド")
        if checked is None:
            return None
        self.brand = "" if checked == "__all__" else checked
        self.product = None
        self.specs = []
        return self._run()

    # Sent on every keystroke (no debounce, issue 29). Reflex runs one tab's events one after another,
    # in the order they were sent, so an older query's answer can never land after a newer one's;
    # `supersedes` makes a newer keystroke drop the older ones still waiting, so a fast typist's
    # outdated queries are never searched at all (reflex_base EventHandler.supersedes).
    @rx.event(supersedes=True)
    def set_query(self, query: str) -> rx.event.EventSpec | None:
        checked = self._checked("search.set_query", inputs.text, query, limit=100, label="検索語")
        if checked is None:
            return None
        self.query = checked
        return self._run()

    @rx.event
    def key_down(self, key: str) -> rx.event.EventSpec | None:
        if not self.results:
            return None
        if not isinstance(key, str):
            return None
        if key == "ArrowDown":
            self.highlighted = min(self.highlighted + 1, len(self.results) - 1)
        elif key == "ArrowUp":
            self.highlighted = max(self.highlighted - 1, 0)
        elif key == "Enter" and 0 <= self.highlighted < len(self._result_ids):
            return self._open(str(self._result_ids[self.highlighted]), "")
        return None

    @rx.event
    def open_recent(self, product_id: str, article_id: str) -> rx.event.EventSpec | None:
        """From the recent-articles list: the product's page with that article open."""
        return self._open(product_id, article_id)

    @rx.event
    def choose(self, index: int) -> rx.event.EventSpec | None:
        """A line of the results chosen (by its place on screen): the product's own page (issue 28:
        a link to share, Back keeps the query, a phone lands on the product at the top). The page
        checks the tenant when it loads."""
        user, redirect = self._gate(STAFF, ADMIN)
        if user is None:
            return redirect
        row = self._checked("search.choose", _row_index, index, rows=len(self._result_ids))
        if row is None:
            return None
        return self._open(str(self._result_ids[row]), "")

    def _open(self, product_id: str, article_id: str) -> rx.event.EventSpec | None:
        user, redirect = self._gate(STAFF, ADMIN)
        if user is None:
            return redirect
        ids = self._product_and_article(product_id, article_id)
        if ids is None:
            return None
        chosen, opened = ids
        return rx.redirect(self._product_url(chosen, opened if opened.isdigit() else ""))

    def _product_url(self, product_id: int, article_id: str = "") -> str:
        """/staff/products/<id>, carrying the search (q, brand) for the way back."""
        params = {"q": self.query, "brand": self.brand, "article": article_id}
        query = urlencode({k: v for k, v in params.items() if v})
        return f"/staff/products/{int(product_id)}" + (f"?{query}" if query else "")
