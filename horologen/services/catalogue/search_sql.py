"""The reference search's SQL, built once per shape and run with bound values (issue 29 item 3).

A search has a handful of shapes (a brand or not, a reference key or not, a key with O or 0 in it,
a key long enough to look for catalogue references inside it, the database); each shape's
statement is built once per process and every request only binds its values. Building the
expression tree anew for each request, and running it through the ORM session, cost more than the
query itself under load (bench/api_load.py: /staff/references beside /bench/floor). Table columns,
not ORM attributes: the rows are read as tuples, no ORM object is made.

The rules themselves (what matches, the rank order) are `search.py`'s, documented there.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, String, and_, bindparam, case, func, literal_column, or_, select

from horologen.db import postgresql_sql
from horologen.models import BrandAlias, MasterProduct
from horologen.services.catalogue.brands import fold_builtin
from horologen.services.catalogue.normalise import clean_code, fold_letter_o, normalise_key

# A catalogue reference is looked for inside the query only when it has at least this many
# characters, so `A1` in a catalogue does not match every long query.
MIN_CONTAINED_REFERENCE = 5
_PRODUCTS: Any = MasterProduct.__table__  # type: ignore[attr-defined]  # SQLModel sets it at run time, undeclared
_ALIASES: Any = BrandAlias.__table__  # type: ignore[attr-defined]
COLUMNS = ("id", "brand", "reference", "name", "price_jpy", "specs", "price_tax", "stock_number", "sale_state")


@dataclass(frozen=True)
class Shape:
    """What decides the statement's SQL text (never a value typed by staff)."""

    postgresql: bool
    brand: bool  # a brand filter
    key: bool  # a reference key
    folds: bool  # the key has O or 0: O and 0 are read alike
    long_key: bool  # the key is long enough to hold a catalogue reference
    stock_part: bool = False  # the key is long enough to look for inside stock numbers (trigrams)


def escape_like(text: str) -> str:
    """`text` with LIKE's wildcards and the escape character escaped (escape character `\\`)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def o_zero_pattern(key: str) -> str:
    """A PostgreSQL regular expression that finds `key` with `[0O]` wherever it has O or 0, every
    other character literal (a backslash before a non-alphanumeric one makes it literal in an ARE)."""
    return "".join("[0O]" if ch in "0O" else ch if ch.isalnum() else "\\" + ch for ch in key)


def _text(name: str) -> Any:
    return bindparam(name, type_=String())


def _brand_condition() -> ColumnElement[bool]:
    """brand_key equals the tenant's alias target, else the built-in alias, else the typed key; the
    alias lookup is a scalar subquery, so a search stays one round trip."""
    alias = (
        select(_ALIASES.c.brand_key)
        .where(_ALIASES.c.alias_key == _text("brand_key"))
        .where(or_(_ALIASES.c.tenant_id == bindparam("tenant_id", type_=Integer()), _ALIASES.c.tenant_id.is_(None)))
        .order_by(_ALIASES.c.tenant_id.is_(None))
        .limit(1)
        .scalar_subquery()
    )
    return _PRODUCTS.c.brand_key == func.coalesce(alias, _text("brand_fallback"))  # type: ignore[no-any-return]


# Separators a stock number is written with and typed without (K-1005, K 1005, K_1005, K.1005,
# K/1005); the compact form is what migration 0017 indexes, with these characters as literals (a
# bound parameter would not match the index's expression).
STOCK_SEPARATORS = ("-", " ", "_", ".", "/")
MIN_STOCK_PART = 3  # a trigram index finds a part of three characters or more


def stock_compact() -> ColumnElement[str]:
    """upper(stock_number) without STOCK_SEPARATORS, as SQL both PostgreSQL and SQLite run."""
    compact: Any = _PRODUCTS.c.stock_number
    for separator in STOCK_SEPARATORS:
        compact = func.replace(compact, literal_column(f"'{separator}'"), literal_column("''"))
    return func.upper(compact)


def _stock_match() -> ColumnElement[bool]:
    """The piece whose stock number (管理番号) is the query: as typed or in capitals (the
    (tenant_id, stock_number) index), or with its separators typed otherwise or left out (K1005 for
    K-1005: the compact form's index)."""
    exact = _PRODUCTS.c.stock_number.in_([_text("stock"), _text("stock_upper")])
    return or_(exact, stock_compact() == _text("key"))


def _stock_part() -> ColumnElement[bool]:
    """A stock number that holds the query (1005 in K-1005), through the compact form's trigram index."""
    return stock_compact().like(_text("key_like"), escape="\\")


def _reference_match(shape: Shape) -> ColumnElement[bool]:
    """reference_key contains the key, O and 0 read alike (search.py explains the index use), or
    the query is (or, three characters or more, is part of) a piece's stock number."""
    if shape.stock_part:
        return or_(_reference_contains(shape), _stock_match(), _stock_part())
    return or_(_reference_contains(shape), _stock_match())


def _reference_contains(shape: Shape) -> ColumnElement[bool]:
    reference = _PRODUCTS.c.reference_key
    if not shape.folds:
        contains = reference.like(_text("key_like"), escape="\\")
    elif shape.postgresql:
        contains = reference.op("~")(_text("key_regex"))
    else:
        contains = func.replace(reference, "O", "0").like(_text("wanted_like"), escape="\\")
    if not shape.long_key:
        return contains  # type: ignore[no-any-return]
    inside_query = and_(
        func.length(reference) >= MIN_CONTAINED_REFERENCE,
        _text("folded_key").contains(func.replace(reference, "O", "0")),
    )
    return or_(contains, inside_query)


def _rank(shape: Shape) -> ColumnElement[int]:
    """0 the reference as typed, 1 the same with O/0 read alike, 2 a prefix, 3 a substring, 4 a
    catalogue reference found inside a longer query (below every direct match)."""
    reference = _PRODUCTS.c.reference_key
    tiers: list[tuple[Any, int]] = [(_stock_match(), 0), (reference == _text("key"), 0)]
    target = reference
    if shape.folds:
        target = func.replace(reference, "O", "0")
        tiers.append((target == _text("wanted"), 1))
    return case(
        *tiers,
        (target.like(_text("wanted_prefix"), escape="\\"), 2),
        (target.like(_text("wanted_like"), escape="\\"), 3),
        else_=4,  # a part of a stock number, or a reference inside a longer query
    )


@lru_cache(maxsize=64)
def statements(shape: Shape) -> tuple[Select[Any], Select[Any]]:
    """(the page: COLUMNS and a window count of all matches, in rank order, `:offset` and `:limit`
    bound; the count alone, for a page past the end). Built once per shape and process."""
    products = _PRODUCTS.c
    conditions: list[Any] = [products.tenant_id == bindparam("tenant_id", type_=Integer())]
    if shape.brand:
        conditions.append(_brand_condition())
    if shape.key:
        conditions.append(_reference_match(shape))
    page = select(*(products[name] for name in COLUMNS), func.count().over()).where(*conditions)
    if shape.key:
        page = page.order_by(_rank(shape), products.reference_key, products.stock_number, products.id)
    else:
        page = page.order_by(products.brand_key, products.reference_key, products.stock_number, products.id)
    page = page.offset(bindparam("offset", type_=Integer())).limit(bindparam("limit", type_=Integer()))
    return page, select(func.count()).select_from(_PRODUCTS).where(*conditions)


def shape_and_values(*, postgresql: bool, tenant_id: int, brand: str, query: str) -> tuple[Shape, dict[str, Any]]:
    """The shape of a search for `brand` and `query` (as typed; the brand already taken out of the
    query by the caller) and the values it binds, `tenant_id` among them (checked by the caller)."""
    brand_key, key = normalise_key(brand), normalise_key(query)
    wanted = fold_letter_o(key)
    folds = "0" in wanted
    shape = Shape(
        postgresql, bool(brand_key), bool(key), folds, len(key) > MIN_CONTAINED_REFERENCE, len(key) >= MIN_STOCK_PART
    )
    values: dict[str, Any] = {"tenant_id": tenant_id}
    if shape.brand:
        values |= {"brand_key": brand_key, "brand_fallback": fold_builtin(brand_key)}
    if shape.key:
        target = wanted if folds else key
        stock = clean_code(query)
        values |= {
            "stock": stock,
            "stock_upper": stock.upper(),
            "key": key,
            "key_like": f"%{escape_like(key)}%",
            "key_regex": o_zero_pattern(key),
            "folded_key": wanted,
            "wanted": wanted,
            "wanted_prefix": f"{escape_like(target)}%",
            "wanted_like": f"%{escape_like(target)}%",
        }
    return shape, values


@lru_cache(maxsize=64)
def postgresql_text(shape: Shape) -> tuple[str, str, dict[str, Any]]:
    """(the page's SQL, the count's SQL, the constants SQLAlchemy binds itself: LIMIT 1 of the alias
    lookup, the `O` and `0` of replace()) compiled once for psycopg, which then binds the values
    (`%(name)s`) and prepares the statement after a few runs on a connection."""
    (page, page_constants), (count, count_constants) = (postgresql_sql(s) for s in statements(shape))
    return page, count, {**count_constants, **page_constants}


def run_postgresql(dbapi_connection: Any, shape: Shape, values: dict[str, Any], offset: int, limit: int) -> tuple[
    list[tuple[Any, ...]], int
]:  # fmt: skip
    """(the page's rows as tuples of COLUMNS and the window count, the total) on a psycopg
    connection; the count is a second query only for a page past the end."""
    page_sql, count_sql, constants = postgresql_text(shape)
    bound = {**constants, **values}
    with dbapi_connection.cursor() as cursor:
        cursor.execute(page_sql, {**bound, "offset": offset, "limit": limit})
        rows = cursor.fetchall()
        if rows:
            return rows, int(rows[0][-1])
        if not offset:
            return rows, 0
        cursor.execute(count_sql, bound)
        return rows, int(cursor.fetchone()[0])
