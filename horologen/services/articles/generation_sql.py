"""A generation's database work in as few round trips as the data allows (issue 29 item 4,
bench/generation_overhead.py): the product, its shop and the shop's current profile in one SELECT;
on PostgreSQL the quota slot and the article row in one statement, and the stored result with the
settled slot in another.

Each PostgreSQL statement is one data-modifying CTE: "the sub-statements in WITH are executed
concurrently with each other and with the main query … all the statements are executed with the
same snapshot" (https://www.postgresql.org/docs/current/queries-with.html, "Data-Modifying
Statements in WITH"), so a slot is never taken without its article nor an article stored without
its slot settled, even run outside a transaction. SQLite has no data-modifying CTE: the callers
keep their ORM path there.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from psycopg.types.json import Json
from sqlalchemy import Table, and_, func, insert, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from horologen import db
from horologen.models import Article, MasterProduct, QuotaUsage, ShopProfile, Tenant, UTCDateTime, utcnow
from horologen.services.articles.profile import PROFILE_COLUMNS, ProfileData, from_columns
from horologen.services.articles.prompting import product_snapshot
from horologen.services.operations import quota

_ARTICLES: Table = Article.__table__  # type: ignore[attr-defined]  # SQLModel sets it at runtime, undeclared
_COLUMNS = [c for c in _ARTICLES.columns if c.key != "id"]


@dataclass(frozen=True)
class GenerationInputs:
    """What a generation needs of its product, shop and profile, read in one query."""

    product_id: int
    tenant_id: int
    sale_state: str  # available | reserved | sold
    snapshot: dict[str, Any]  # prompting.product_snapshot of the product
    profile: ProfileData  # the shop's newest profile, or the default with the shop's name
    plan: str | None  # the tenant's own plan and limit (None: the deployment's)
    monthly_limit: int | None


_PRODUCT = (
    "id", "tenant_id", "sale_state", "brand", "reference", "name", "price_jpy", "specs", "price_tax", "stock_number",
)  # fmt: skip
_TENANT = ("name", "plan", "monthly_limit")


@functools.cache
def _load_statement() -> Any:
    """Built once: the columns the generation uses as plain values (no ORM objects; constructing the
    statement cost as much as running it, bench/generation_overhead.py)."""
    versions = aliased(ShopProfile)
    latest = (
        sa.select(func.max(versions.version))
        .where(col(versions.tenant_id) == col(MasterProduct.tenant_id))
        .correlate(MasterProduct)
        .scalar_subquery()
    )
    products: Table = MasterProduct.__table__  # type: ignore[attr-defined]  # set by SQLModel at runtime
    tenants: Table = Tenant.__table__  # type: ignore[attr-defined]
    profiles: Table = ShopProfile.__table__  # type: ignore[attr-defined]
    columns = [products.c[c] for c in _PRODUCT] + [tenants.c[c] for c in _TENANT]
    columns += [profiles.c[c] for c in (*PROFILE_COLUMNS, "id")]
    return (
        sa.select(*columns)
        .join_from(products, tenants, tenants.c.id == products.c.tenant_id)
        .outerjoin(profiles, and_(profiles.c.tenant_id == products.c.tenant_id, profiles.c.version == latest))
        .where(products.c.id == sa.bindparam("product_id"))
    )


def load_for_generation(session: Session, product_id: int) -> GenerationInputs | None:
    """The product `product_id` with its shop and the shop's highest profile version, in one query
    (raw values: on PostgreSQL on the session's psycopg connection); None when there is no such
    product. The caller checks the actor against `tenant_id`."""
    if session.get_bind().dialect.name == "postgresql":
        row = _run(session, _load_statement(), {"product_id": product_id})
    else:
        found = session.execute(_load_statement(), {"product_id": product_id}).first()
        row = None if found is None else tuple(found)
    if row is None:
        return None
    product = dict(zip(_PRODUCT, row[: len(_PRODUCT)], strict=True))
    tenant = dict(zip(_TENANT, row[len(_PRODUCT) : len(_PRODUCT) + len(_TENANT)], strict=True))
    saved = row[len(_PRODUCT) + len(_TENANT) :]
    profile = (
        from_columns(dict(zip(PROFILE_COLUMNS, saved[:-1], strict=True)))
        if saved[-1] is not None
        else ProfileData(shop_name=tenant["name"] or "")
    )
    snapshot = product_snapshot(
        product["brand"], product["reference"], product["name"], product["price_jpy"], product["specs"],
        product["price_tax"], product["stock_number"],
    )  # fmt: skip
    return GenerationInputs(
        int(product["id"]), int(product["tenant_id"]), product["sale_state"], snapshot, profile, tenant["plan"],
        tenant["monthly_limit"],
    )  # fmt: skip


# The article's columns that prepare() sets; every other column starts at the model's default.
CREATED_COLUMNS = (
    "tenant_id", "user_id", "product_id", "input_snapshot", "options", "model", "effort", "prompt_version",
    "prompt_sha256", "profile_version", "status", "quota_month",
)  # fmt: skip


@functools.cache
def _defaults() -> dict[str, Any]:
    """Every other inserted column's model default (Article's fields: "" / 0 / [] / None), as JSON values."""
    fields = Article.model_fields
    keys = [c.key for c in _COLUMNS if c.key not in CREATED_COLUMNS and c.key not in ("created_at", "updated_at")]
    return {key: fields[key].get_default(call_default_factory=True) for key in keys}


@functools.cache
def _insert_statement(limited: bool) -> Any:
    """Built once per kind of plan (with a limit, or unlimited). The article's values travel as one
    JSON object turned into an `articles` row by json_populate_record ("each output column's value
    is the JSON value of the same name, converted to the column's type",
    https://www.postgresql.org/docs/current/functions-json.html, "JSON Processing Functions"): five
    parameters instead of one per column, so psycopg keeps the statement's parsed form (it does not
    for over 50 parameters, psycopg/_queries.py MAX_CACHED_STATEMENT_PARAMS) and no Article object
    is built."""
    slot = (
        quota.reserve_statement(
            tenant_id=sa.bindparam("q_tenant"),
            month=sa.bindparam("q_month"),
            limit=sa.bindparam("q_limit") if limited else None,
            now=sa.bindparam("q_now", type_=UTCDateTime()),
        )
        .returning(col(QuotaUsage.id))
        .cte("slot")
    )
    keys = [c.key for c in _COLUMNS]
    record = func.json_populate_record(sa.literal_column("NULL::articles"), sa.bindparam("a_row")).table_valued(*keys)
    rows = sa.select(*[record.c[key] for key in keys]).where(sa.exists(sa.select(slot.c.id)))
    return insert(_ARTICLES).from_select(keys, rows).returning(_ARTICLES.c.id).add_cte(slot)


def insert_with_slot(session: Session, values: dict[str, Any], *, limit: int | None, now: datetime) -> int | None:
    """PostgreSQL: take one slot of `values["quota_month"]` for `values["tenant_id"]` and insert the
    article (`values`: every CREATED_COLUMNS column → its value; created_at / updated_at are now,
    the rest the model's defaults) in one statement. Out: the new article's id, or None when no slot
    was taken (the month's row is missing, or the month is full): nothing is written then, and the
    caller goes the ORM way (which creates the row or refuses). KeyError when a column is missing."""
    created = utcnow().isoformat()
    row = {**_defaults(), **{key: values[key] for key in CREATED_COLUMNS}, "created_at": created, "updated_at": created}
    params = {"a_row": row, "q_tenant": values["tenant_id"], "q_month": values["quota_month"], "q_limit": limit}
    found = _run(session, _insert_statement(limit is not None), params | {"q_now": now})
    return None if found is None else int(found[0])


# What a generation's end writes into its article (generation._finish), each a bound parameter.
FINISHED_COLUMNS = (
    "status", "title", "catch_copy", "body", "body_en", "raw_text", "ungrounded_terms", "flags", "response_model",
    "input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens", "stop_reason",
    "error_id", "error_message", "duration_ms", "updated_at", "finished_at",
)  # fmt: skip


@functools.cache
def _finish_statement(consumed: bool) -> Any:
    """Built once per outcome kind: the article's final values and the settled slot."""
    stored = (
        update(_ARTICLES)
        .where(_ARTICLES.c.id == sa.bindparam("a_id"))
        .values({c: sa.bindparam(f"v_{c}", type_=_ARTICLES.c[c].type) for c in FINISHED_COLUMNS})
        .returning(_ARTICLES.c.id)
        .cte("stored")
    )
    settle = quota.settle_statement(
        tenant_id=sa.bindparam("q_tenant"),
        month=sa.bindparam("q_month"),
        consumed=consumed,
        now=sa.bindparam("q_now", type_=UTCDateTime()),
    )
    return settle.add_cte(stored)


def store_and_settle(
    session: Session, *, article_id: int, values: dict[str, Any], tenant_id: int, month: str, consumed: bool
) -> None:
    """PostgreSQL: write the article's final `values` (every FINISHED_COLUMNS column → its value)
    and settle its slot in one statement. An article deleted meanwhile updates nothing; its slot is
    settled all the same. KeyError when a column is missing."""
    params = {f"v_{c}": values[c] for c in FINISHED_COLUMNS}
    params |= {"a_id": article_id, "q_tenant": tenant_id, "q_month": month, "q_now": values["updated_at"]}
    _run(session, _finish_statement(consumed), params)


# The bound parameters that carry a JSON column's value (psycopg sends them as json).
_JSON_PARAMS = frozenset(["a_row"] + [f"v_{c}" for c in FINISHED_COLUMNS if isinstance(_ARTICLES.c[c].type, sa.JSON)])


# Each statement built once is compiled once: a call pays neither SQLAlchemy's cache key of a
# forty-column statement nor its parameter processing.
_postgresql_text = functools.cache(db.postgresql_sql)


def _run(session: Session, statement: Any, params: dict[str, Any]) -> tuple[Any, ...] | None:
    """The statement's first row (None without one) on the session's own psycopg connection, in
    its transaction. Values go as psycopg adapts them (aware datetimes as timestamptz), JSON
    columns' through psycopg's Json; no UTCDateTime step is needed on PostgreSQL."""
    sql, constants = _postgresql_text(statement)
    bound = {**constants, **{k: Json(v) if k in _JSON_PARAMS else v for k, v in params.items()}}
    with db.psycopg_connection(session).cursor() as cursor:
        cursor.execute(sql, bound)
        return cursor.fetchone() if cursor.description else None
