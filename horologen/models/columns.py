"""What every table shares: UTC timestamps (`utcnow`, the `UTCDateTime` column type) and the
field shapes used for creation times, optional times and JSON columns. Times are stored in UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field

ROLES = ("platform_admin", "admin", "staff")
PLANS = ("limited", "unlimited")
ARTICLE_STATUSES = ("pending", "streaming", "done", "failed", "cancelled")


def utcnow() -> datetime:
    """Now, timezone-aware UTC: the only clock the tables accept."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python, whatever the backend keeps."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; use horologen.models.utcnow()")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def created_field() -> Any:
    """A creation time column, set to now on insert."""
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def time_field(nullable: bool = True, index: bool = False) -> Any:
    """An optional UTC time column (None until it happens)."""
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index)


# Default factories as plain functions, not the `list` / `dict` types: pydantic asks each factory's
# signature on every model construction (pydantic.fields.FieldInfo.default_factory_takes_validated_data),
# and inspect.signature fails slowly on a builtin type, which made one Article() cost about a
# millisecond of each generation (bench/generation_overhead.py).
def empty_list() -> list[Any]:
    """A new empty list (a list column's default)."""
    return []


def empty_dict() -> dict[str, Any]:
    """A new empty dict (a JSON object column's default)."""
    return {}


def json_field() -> Any:
    """A JSON column holding a dict, empty by default."""
    return Field(default_factory=empty_dict, sa_type=sa.JSON, nullable=False)
