"""/staff/search: brand + part of a reference → matches → one product's price and specs."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import reflex as rx

from horologen.services.accounts.access import ADMIN, STAFF
from horologen.services.catalogue import brands, sale, search
from horologen.services.catalogue.price_words import SALE_LABELS
from horologen.services.catalogue.prices import tax_included
from horologen.services.operations import inputs
from horologen.state.base import AppState

PAGE_SIZE = 20


def yen(value: int | None) -> str:
    return "—" if value is None else f"¥{value:,}"


def shown_price(view: search.ProductView) -> str:
    """The tax-included price staff quote (総額表示); a 税抜 catalogue price is converted; no price
    (ASK, 応談) is 「お問い合わせ」."""
    return "お問い合わせ" if view.price_jpy is None else yen(tax_included(view.price_jpy, view.price_tax))


@dataclass(frozen=True)
class BrandChoice:
    brand: str
    label: str  # `ROLEX（1,234）`


@dataclass(frozen=True)
class ResultLine:
    """One line of the results; `id` as the page sends it back when the line is chosen."""

    id: str
    brand: str
    reference: str
    name: str
    price: str
    piece: str  # a piece's stock number and condition, "" for a reference
    sale: str  # 売約済み / 商談中, "" while available


@dataclass(frozen=True)
class ProductCard:
    """The product page's card: prices as shown, and `price_raw` for the runbook's check."""

    id: str
    brand: str = ""
    reference: str = ""
    name: str = ""
    price: str = ""
    price_note: str = ""
    price_raw: str = ""
    stock: str = ""
    condition: str = ""
    sale_state: str = ""
    sale: str = ""


def _result(view: search.ProductView) -> ResultLine:
    """One line of the results: a piece shows its stock number and condition; a sold one 売約済み."""
    return ResultLine(
        id=str(view.id),
        brand=view.brand,
        reference=view.reference,
        name=view.name,
        price=shown_price(view),
        piece="・".join(p for p in (f"管理番号 {view.stock_number}", view.condition) if p) * bool(view.stock_number),
        sale="" if view.sale_state == "available" else SALE_LABELS.get(view.sale_state, ""),
    )


def _card(view: search.ProductView) -> ProductCard:
    return ProductCard(
        id=str(view.id),
        brand=view.brand,
        reference=view.reference,
        name=view.name,
        price=shown_price(view),
        price_note=f"税抜 {yen(view.price_jpy)}" if view.price_tax == "excluded" else "",
        price_raw="" if view.price_jpy is None else str(view.price_jpy),
        stock=view.stock_number or "",
        condition=view.condition,
        sale_state=view.sale_state,
        sale=SALE_LABELS.get(view.sale_state, ""),
    )


class SearchState(AppState):
    access: str = ""
    brands: list[BrandChoice] = []
    brand: str = ""
    query: str = ""
    results: list[ResultLine] = []
    result_count: int = 0
    highlighted: int = -1
    searched: bool = False
    error: str = ""
    product: ProductCard | None = None
    specs: list[list[str]] = []
    # Backend-only: the ids behind the results on screen, never sent to (or taken from) the browser.
    _result_ids: list[int] = []
    _viewer: str = ""

    def _clear(self) -> None:
        self._result_ids = []
        self.results = []
        self.result_count = 0
        self.highlighted = -1
        self.searched = False
        self.product = None
        self.specs = []
        self.error = ""

    @rx.event
    def on_load(self) -> rx.event.EventSpec | None:
        user, redirect = self._enter(STAFF, ADMIN)
        if not self._same_viewer(user):
            self.brands = []
            self.brand = ""
            self.query = ""
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
            self.query, self.brand = query, brand
            self._run()
        return ArticleState.load_recent

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
        self.error = ""
        self.results = [_result(v) for v in page.items]
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

    @rx.event
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
    def select_product(self, product_id: str) -> rx.event.EventSpec | None:
        """A result chosen: the product's own page (issue 28: a link to share, Back keeps the query,
        a phone lands on the product at the top). The page checks the tenant when it loads."""
        return self._open(product_id, "")

    def _open(self, product_id: str, article_id: str) -> rx.event.EventSpec | None:
        user, redirect = self._gate(STAFF, ADMIN)
        if user is None:
            return redirect
        chosen = self._checked("search.select_product", inputs.record_id, product_id, label="商品")
        opened = self._checked("search.select_product", inputs.text, article_id, limit=10, label="記事")
        if chosen is None or opened is None:
            return None
        return rx.redirect(self._product_url(chosen, opened if opened.isdigit() else ""))

    def _product_url(self, product_id: int, article_id: str = "") -> str:
        """/staff/products/<id>, carrying the search (q, brand) for the way back."""
        params = {"q": self.query, "brand": self.brand, "article": article_id}
        query = urlencode({k: v for k, v in params.items() if v})
        return f"/staff/products/{int(product_id)}" + (f"?{query}" if query else "")

    @rx.var
    def back_url(self) -> str:
        """The search this product was opened from."""
        query = urlencode({k: v for k, v in (("q", self.query), ("brand", self.brand)) if v})
        return "/staff/search" + (f"?{query}" if query else "")

    @rx.event
    def on_product_load(self) -> rx.event.EventSpec | list[rx.event.EventSpec] | None:
        """/staff/products/<id>: the product (tenant checked by the service) and its article panel."""
        user, redirect = self._enter(STAFF, ADMIN)
        if user is None:
            return redirect
        params = self.router.url.query_parameters
        self.query, self.brand = str(params.get("q", ""))[:100], str(params.get("brand", ""))[:100]
        product_id = str(self.router.url.path).rstrip("/").rsplit("/", 1)[-1]
        article_id = str(params.get("article", ""))
        return self._select(product_id, article_id if article_id.isdigit() else "")

    def _select(self, product_id: str, article_id: str) -> rx.event.EventSpec | None:
        user, redirect = self._gate(STAFF, ADMIN)
        if user is None:
            return redirect
        chosen = self._checked("search.select_product", inputs.record_id, product_id, label="商品")
        opened = self._checked("search.select_product", inputs.text, article_id, limit=10, label="記事")
        if chosen is None or opened is None:
            return None
        done, view = self._service_as(user, "search.select_product", search.get_product, product_id=chosen)
        if not done:  # another shop's product is answered like a missing one: 「商品が見つかりません。」
            self.product = None
            self.specs = []
            return None
        self.error = ""
        self.product = _card(view)
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
