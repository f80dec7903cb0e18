"""Reference search inside the actor's tenant: brand (folded as at import), part of a reference, ranked.

Each product is listed: a piece (a product with a stock number, issue 25 item C) with its stock
number and condition rank, so two pieces of one reference are two lines; `count` counts products.
Sold pieces stay searchable, marked by `sale_state` (売約済み).

Letter O and digit 0 match each other in a reference (`15500ST.00.1220ST.01` finds Audemars
Piguet's `15500ST.OO.1220ST.01`, and the other way round), because makers write letters where staff
type zeros; stored references and keys stay as the shop typed them. See `search_sql._reference_match`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from horologen import db
from horologen.errors import UserFacingError
from horologen.models import MasterProduct
from horologen.services.accounts.access import ADMIN, STAFF, AccessDenied, Actor, require_role
from horologen.services.catalogue import search_sql
from horologen.services.catalogue.brands import brand_folder
from horologen.services.catalogue.headers import condition_of
from horologen.services.catalogue.normalise import clean_text, normalise_key
from horologen.services.catalogue.search_sql import Shape

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_QUERY_LENGTH = 100
MAX_OFFSET = 1_000_000  # beyond any catalogue; bigger numbers overflow the database's integers


class SearchInputError(UserFacingError, ValueError):
    """A bad parameter; the message is shown as is (and sent as a 400 by the API)."""


@dataclass(frozen=True)
class ProductView:
    id: int
    brand: str
    reference: str
    name: str
    price_jpy: int | None
    specs: dict[str, Any]
    price_tax: str = "unknown"  # the catalogue column's basis: included | excluded | unknown
    stock_number: str | None = None  # a piece's number in the shop; None for a reference
    sale_state: str = "available"  # available | reserved | sold

    @property
    def condition(self) -> str:
        """The condition rank from the specs (状態, 状態ランク, コンディション…), or ''."""
        return condition_of(self.specs)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "brand": self.brand,
            "reference": self.reference,
            "name": self.name,
            "price_jpy": self.price_jpy,
            "price_tax": self.price_tax,
            "stock_number": self.stock_number,
            "condition": self.condition,
            "sale_state": self.sale_state,
            "specs": self.specs,
        }


@dataclass(frozen=True)
class SearchPage:
    count: int
    items: list[ProductView]


def _view(product: MasterProduct) -> ProductView:
    return ProductView(
        id=int(product.id or 0),
        brand=product.brand,
        reference=product.reference,
        name=product.name,
        price_jpy=product.price_jpy,
        specs=dict(product.specs or {}),
        price_tax=product.price_tax,
        stock_number=product.stock_number,
        sale_state=product.sale_state,
    )


def _tenant(actor: Actor) -> int:
    require_role(actor, STAFF, ADMIN)
    if actor.tenant_id is None:
        raise AccessDenied("この操作を行う権限がありません。")
    return actor.tenant_id


def _brand_in_query(session: Session, tenant_id: int, query: str) -> tuple[str, str]:
    """Staff type the brand into the reference box too: `ロレックス 126610`, `rolex`, `ろれっくす`
    (a shop alias). A word that folds to one of the shop's brands becomes the brand filter; the rest
    stays the reference query. Only words without digits are tried, so references are never taken."""
    words = clean_text(query).split(" ")
    candidates = [w for w in words if w and not any(ch.isdigit() for ch in w)]
    if not candidates:
        return "", query
    folder = brand_folder(session=session, tenant_id=tenant_id)
    for word in candidates:
        key = folder.key(word)
        present = session.exec(
            select(MasterProduct.id)
            .where(MasterProduct.tenant_id == tenant_id, MasterProduct.brand_key == key)
            .limit(1)
        ).first()
        if present is not None:
            return word, " ".join(w for w in words if w != word)
    return "", query


def search_parameters(*, session: Session, tenant_id: int, brand: str, query: str) -> tuple[Shape, dict[str, Any]]:
    """The statement shape and bound values of a search inside `tenant_id` (the caller has checked
    the actor): a brand typed into the reference box becomes the brand filter first. The SQL is
    `search_sql.statements(shape)`; bench/api_load.py's floor route issues that same SQL."""
    if not normalise_key(brand):
        brand, query = _brand_in_query(session, tenant_id, query)
    postgresql = session.get_bind().dialect.name == "postgresql"
    return search_sql.shape_and_values(postgresql=postgresql, tenant_id=tenant_id, brand=brand, query=query)


def search_references(
    *,
    session: Session,
    actor: Actor,
    brand: str = "",
    query: str = "",
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> SearchPage:
    """Exact matches first, then prefix, then substring; always inside the actor's tenant.

    One statement returns the page and the total (a window count); a page past the end counts
    separately. Rows are read as tuples on the session's connection (no ORM objects)."""
    tenant_id = _tenant(actor)
    if not 1 <= limit <= MAX_LIMIT:
        raise SearchInputError(f"limit は 1〜{MAX_LIMIT} で指定してください。")
    if not 0 <= offset <= MAX_OFFSET:
        raise SearchInputError(f"offset は 0〜{MAX_OFFSET:,} で指定してください。")
    if len(query) > MAX_QUERY_LENGTH or len(brand) > MAX_QUERY_LENGTH:
        raise SearchInputError(f"検索語は {MAX_QUERY_LENGTH} 文字までです。")
    shape, values = search_parameters(session=session, tenant_id=tenant_id, brand=brand, query=query)
    if shape.postgresql:  # psycopg's cursor on the session's connection, the SQL compiled once
        rows, total = search_sql.run_postgresql(db.psycopg_connection(session), shape, values, offset, limit)
        return SearchPage(total, [_row_view(r) for r in rows])
    connection = session.connection()
    page, count = search_sql.statements(shape)
    found = connection.execute(page, {**values, "offset": offset, "limit": limit}).all()
    if found:
        total = int(found[0][-1])
    elif offset:
        total = int(connection.execute(count, values).scalar_one())
    else:
        total = 0
    return SearchPage(total, [_row_view(r) for r in found])


def _row_view(r: Any) -> ProductView:
    return ProductView(
        id=r[0], brand=r[1], reference=r[2], name=r[3], price_jpy=r[4], specs=dict(r[5] or {}), price_tax=r[6],
        stock_number=r[7], sale_state=r[8],
    )  # fmt: skip


def get_product(*, session: Session, actor: Actor, product_id: int) -> ProductView:
    """Another tenant's product is answered exactly like a missing one."""
    tenant_id = _tenant(actor)
    product = session.get(MasterProduct, product_id)
    if product is None or product.tenant_id != tenant_id:
        raise AccessDenied("商品が見つかりません。")
    return _view(product)
