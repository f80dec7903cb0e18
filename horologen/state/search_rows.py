"""What the search and product pages show of a product, as typed rows built from the service's view."""

from __future__ import annotations

from dataclasses import dataclass

from horologen.services.catalogue import search
from horologen.services.catalogue.price_words import SALE_LABELS
from horologen.services.catalogue.prices import tax_included


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
    """One line of the results, only what the line shows: the product ids stay on the server
    (`SearchState._result_ids`) and the page sends back the line's index when it is chosen."""

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


def result_line(view: search.ProductView) -> ResultLine:
    """One line of the results: a piece shows its stock number and condition; a sold one 売約済み."""
    return ResultLine(
        brand=view.brand,
        reference=view.reference,
        name=view.name,
        price=shown_price(view),
        piece="・".join(p for p in (f"管理番号 {view.stock_number}", view.condition) if p) * bool(view.stock_number),
        sale="" if view.sale_state == "available" else SALE_LABELS.get(view.sale_state, ""),
    )


def product_card(view: search.ProductView) -> ProductCard:
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
