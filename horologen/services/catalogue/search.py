"""Reference search inside the actor's tenant: brand (folded as at import), part of a reference, ranked.

Each product is listed: a piece (a product with a stock number, issue 25 item C) with its stock
number and condition rank, so two pieces of one reference are two lines; `count` counts products.
Sold pieces stay searchable, marked by `sale_state` (売約済み).

Letter O and digit 0 match each other in a reference (`15500ST.00.1220ST.01` finds Audemars
Piguet's `15500ST.OO.1220ST.01`, and the other way round), because makers write letters where staff
type zeros; stored references and keys stay as the shop typed them. See `_reference_match`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, and_, case, func, literal, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from horologen.errors import UserFacingError
from horologen.models import BrandAlias, MasterProduct
from horologen.services.accounts.access import ADMIN, STAFF, AccessDenied, Actor, require_role
from horologen.services.catalogue.brands import brand_folder, fold_builtin
from horologen.services.catalogue.headers import condition_of
from horologen.services.catalogue.normalise import clean_text, fold_letter_o, normalise_key

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_QUERY_LENGTH = 100
MAX_OFFSET = 1_000_000  # beyond any catalogue; bigger numbers overflow the database's integers
# A catalogue reference is looked for inside the query only when it has at least this many
# characters, so `A1` in a catalogue does not match every long query.
MIN_CONTAINED_REFERENCE = 5


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


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _o_zero_pattern(key: str) -> str:
    """A PostgreSQL regular expression that finds `key` with `[0O]` wherever it has O or 0, every
    other character literal (a backslash before a non-alphanumeric one makes it literal in an ARE)."""
    return "".join("[0O]" if ch in "0O" else ch if ch.isalnum() else "\\" + ch for ch in key)


def _reference_match(session: Session, key: str) -> ColumnElement[bool]:
    """reference_key contains `key`, O and 0 read alike.

    A key with neither O nor 0 is the plain `LIKE '%key%'` it always was. Otherwise, on PostgreSQL
    the condition is a regular expression with `[0O]` classes: pg_trgm extracts trigrams from a
    regular expression, character classes included, so the existing (tenant_id, reference_key
    gin_trgm_ops) index still narrows the scan (measured at 50k products in one tenant: a selective
    query 3-4 ms plain, 4-8 ms folded; an unselective one scans the tenant's slice either way).
    Folding both sides with replace() in SQL would be simpler but no index covers
    replace(reference_key, ...), and adding one needs a migration. On SQLite (tests, the runbook's
    local run) it is that replace() on both sides: SQLite scans anyway."""
    escaped = col(MasterProduct.reference_key).like(f"%{_escape_like(key)}%", escape="\\")
    if "0" not in fold_letter_o(key):
        return escaped
    if session.get_bind().dialect.name == "postgresql":
        return col(MasterProduct.reference_key).op("~")(_o_zero_pattern(key))
    folded = func.replace(MasterProduct.reference_key, "O", "0")
    return folded.like(f"%{_escape_like(fold_letter_o(key))}%", escape="\\")


def _rank(key: str) -> ColumnElement[int]:
    """0 the reference as typed, 1 the same with O/0 read alike, 2 a prefix, 3 a substring, 4 a
    catalogue reference found inside a longer query (below every direct match)."""
    reference = col(MasterProduct.reference_key)
    target: SQLColumnExpression[str]
    if "0" not in fold_letter_o(key):
        target, wanted, tiers = reference, key, [(reference == key, 0)]
    else:
        target, wanted = func.replace(reference, "O", "0"), fold_letter_o(key)
        tiers = [(reference == key, 0), (target == wanted, 1)]
    return case(
        *tiers,
        (target.like(f"{_escape_like(wanted)}%", escape="\\"), 2),
        (target.like(f"%{_escape_like(wanted)}%", escape="\\"), 3),
        else_=4,
    )


def _brand_condition(tenant_id: int, brand: str) -> ColumnElement[bool]:
    """brand_key equals the tenant's alias target, else the built-in alias, else the typed key.

    The alias lookup is a scalar subquery, so a search stays one round trip."""
    key = normalise_key(brand)
    fallback = fold_builtin(key)
    alias = (
        select(BrandAlias.brand_key)
        .where(BrandAlias.alias_key == key)
        .where(or_(col(BrandAlias.tenant_id) == tenant_id, col(BrandAlias.tenant_id).is_(None)))
        .order_by(col(BrandAlias.tenant_id).is_(None))
        .limit(1)
        .scalar_subquery()
    )
    return col(MasterProduct.brand_key) == func.coalesce(alias, fallback)


_COLUMNS: tuple[Any, ...] = (  # SQLModel types each as its Python value; here they are columns
    MasterProduct.id,
    MasterProduct.brand,
    MasterProduct.reference,
    MasterProduct.name,
    MasterProduct.price_jpy,
    MasterProduct.specs,
    MasterProduct.price_tax,
    MasterProduct.stock_number,
    MasterProduct.sale_state,
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


def references_statement(
    *, session: Session, tenant_id: int, brand: str, query: str
) -> tuple[Select[Any], list[ColumnElement[bool]]]:
    """The search's one statement (the page's columns and a window count of all matches, in rank
    order, without offset and limit) and its conditions, inside `tenant_id` (the caller has checked
    the actor). bench/api_load.py's floor route issues this same SQL."""
    if not normalise_key(brand):
        brand, query = _brand_in_query(session, tenant_id, query)
    conditions: list[ColumnElement[bool]] = [col(MasterProduct.tenant_id) == tenant_id]
    if normalise_key(brand):
        conditions.append(_brand_condition(tenant_id, brand))
    key = normalise_key(query)
    if key:
        # The query's key inside a catalogue reference (substring, trigram-indexed), or a catalogue
        # reference inside the query: staff paste makers' longer forms (`M126610LN-0001`, Rolex's
        # article number; `SBGA211G`, Seiko's regional suffix) for the catalogue's 126610LN / SBGA211.
        contains = _reference_match(session, key)
        inside_query = and_(
            func.length(MasterProduct.reference_key) >= MIN_CONTAINED_REFERENCE,
            literal(fold_letter_o(key)).contains(func.replace(MasterProduct.reference_key, "O", "0")),
        )
        conditions.append(or_(contains, inside_query) if len(key) > MIN_CONTAINED_REFERENCE else contains)
    # One scan returns the page and the total (a window count), instead of two queries.
    statement = sa_select(*_COLUMNS, func.count().over()).where(*conditions)
    if key:
        statement = statement.order_by(_rank(key), MasterProduct.reference_key, col(MasterProduct.stock_number),
                                       col(MasterProduct.id))  # fmt: skip
    else:
        statement = statement.order_by(MasterProduct.brand_key, MasterProduct.reference_key,
                                       col(MasterProduct.stock_number), col(MasterProduct.id))  # fmt: skip
    return statement, conditions


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
    statement, conditions = references_statement(session=session, tenant_id=tenant_id, brand=brand, query=query)
    rows = session.execute(statement.offset(offset).limit(limit)).all()
    if rows:
        total = int(rows[0][-1])
    elif offset:
        total = int(session.execute(sa_select(func.count()).select_from(MasterProduct).where(*conditions)).scalar_one())
    else:
        total = 0
    items = [_row_view(r) for r in rows]
    return SearchPage(total, items)


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
