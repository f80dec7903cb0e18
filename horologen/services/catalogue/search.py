"""Reference search inside the actor's tenant: brand (folded as at import), part of a reference, ranked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, func, literal, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from horologen.models import BrandAlias, MasterProduct
from horologen.services.accounts.access import ADMIN, STAFF, AccessDenied, Actor, require_role
from horologen.services.catalogue.brands import brand_folder, fold_builtin
from horologen.services.catalogue.normalise import clean_text, normalise_key

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_QUERY_LENGTH = 100
MAX_OFFSET = 1_000_000  # beyond any catalogue; bigger numbers overflow the database's integers
# A catalogue reference is looked for inside the query only when it has at least this many
# characters, so `A1` in a catalogue does not match every long query.
MIN_CONTAINED_REFERENCE = 5


class SearchInputError(ValueError):
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

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "brand": self.brand,
            "reference": self.reference,
            "name": self.name,
            "price_jpy": self.price_jpy,
            "price_tax": self.price_tax,
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
    )


def _tenant(actor: Actor) -> int:
    require_role(actor, STAFF, ADMIN)
    if actor.tenant_id is None:
        raise AccessDenied("この操作を行う権限がありません。")
    return actor.tenant_id


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _brand_condition(tenant_id: int, brand: str):
    """brand_key equals the tenant's alias target, else the built-in alias, else the typed key.

    The alias lookup is a scalar subquery, so a search stays one round trip."""
    key = normalise_key(brand)
    fallback = fold_builtin(key)
    alias = (
        select(BrandAlias.brand_key)
        .where(BrandAlias.alias_key == key)
        .where(or_(BrandAlias.tenant_id == tenant_id, col(BrandAlias.tenant_id).is_(None)))
        .order_by(col(BrandAlias.tenant_id).is_(None))
        .limit(1)
        .scalar_subquery()
    )
    return MasterProduct.brand_key == func.coalesce(alias, fallback)


_COLUMNS = (
    MasterProduct.id,
    MasterProduct.brand,
    MasterProduct.reference,
    MasterProduct.name,
    MasterProduct.price_jpy,
    MasterProduct.specs,
    MasterProduct.price_tax,
)


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


def search_references(
    *,
    session: Session,
    actor: Actor,
    brand: str = "",
    query: str = "",
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> SearchPage:
    """Exact matches first, then prefix, then substring; always inside the actor's tenant."""
    tenant_id = _tenant(actor)
    if not 1 <= limit <= MAX_LIMIT:
        raise SearchInputError(f"limit は 1〜{MAX_LIMIT} で指定してください。")
    if not 0 <= offset <= MAX_OFFSET:
        raise SearchInputError(f"offset は 0〜{MAX_OFFSET:,} で指定してください。")
    if len(query) > MAX_QUERY_LENGTH or len(brand) > MAX_QUERY_LENGTH:
        raise SearchInputError(f"検索語は {MAX_QUERY_LENGTH} 文字までです。")
    if not normalise_key(brand):
        brand, query = _brand_in_query(session, tenant_id, query)
    conditions = [MasterProduct.tenant_id == tenant_id]
    if normalise_key(brand):
        conditions.append(_brand_condition(tenant_id, brand))
    key = normalise_key(query)
    if key:
        # The query's key inside a catalogue reference (substring, trigram-indexed), or a catalogue
        # reference inside the query: staff paste makers' longer forms (`M126610LN-0001`, Rolex's
        # article number; `SBGA211G`, Seiko's regional suffix) for the catalogue's 126610LN / SBGA211.
        contains = col(MasterProduct.reference_key).like(f"%{_escape_like(key)}%", escape="\\")
        inside_query = and_(
            func.length(MasterProduct.reference_key) >= MIN_CONTAINED_REFERENCE,
            literal(key).contains(MasterProduct.reference_key),
        )
        conditions.append(or_(contains, inside_query) if len(key) > MIN_CONTAINED_REFERENCE else contains)
    # One scan returns the page and the total (a window count), instead of two queries.
    statement = sa_select(*_COLUMNS, func.count().over()).where(*conditions)
    if key:
        rank = case(
            (MasterProduct.reference_key == key, 0),
            (col(MasterProduct.reference_key).like(f"{_escape_like(key)}%", escape="\\"), 1),
            (col(MasterProduct.reference_key).like(f"%{_escape_like(key)}%", escape="\\"), 2),
            else_=3,  # a catalogue reference found inside a longer query: below every direct match
        )
        statement = statement.order_by(rank, MasterProduct.reference_key, MasterProduct.id)
    else:
        statement = statement.order_by(MasterProduct.brand_key, MasterProduct.reference_key, MasterProduct.id)
    rows = session.execute(statement.offset(offset).limit(limit)).all()
    if rows:
        total = int(rows[0][-1])
    elif offset:
        total = int(session.execute(sa_select(func.count()).select_from(MasterProduct).where(*conditions)).scalar_one())
    else:
        total = 0
    items = [
        ProductView(
            id=r[0], brand=r[1], reference=r[2], name=r[3], price_jpy=r[4], specs=dict(r[5] or {}), price_tax=r[6]
        )
        for r in rows
    ]
    return SearchPage(total, items)


def get_product(*, session: Session, actor: Actor, product_id: int) -> ProductView:
    """Another tenant's product is answered exactly like a missing one."""
    tenant_id = _tenant(actor)
    product = session.get(MasterProduct, product_id)
    if product is None or product.tenant_id != tenant_id:
        raise AccessDenied("商品が見つかりません。")
    return _view(product)
