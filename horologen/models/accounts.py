"""Tables of who may do what: tenants (shops and the platform), users, login sessions and magic links."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from horologen.models.columns import UTCDateTime, created_field, time_field


class Tenant(SQLModel, table=True):
    """A shop (or the platform itself). Plan and limit are overrides; null means the default."""

    __tablename__ = "tenants"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    plan: str | None = Field(default=None, max_length=20)
    monthly_limit: int | None = Field(default=None)
    is_active: bool = Field(default=True)
    is_platform: bool = Field(default=False)
    # Who may approve articles: False → the shop admin only; True → staff may approve their own too.
    self_approve: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    created_at: datetime = created_field()
    updated_at: datetime = created_field()


class User(SQLModel, table=True):
    """A person who logs in. `email` is kept lower-cased, so uniqueness is case-insensitive."""

    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenants.id", index=True)
    email: str = Field(max_length=320, unique=True)
    display_name: str = Field(default="", max_length=200)
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=20)
    is_active: bool = Field(default=True)
    must_change_password: bool = Field(default=False)
    failed_login_count: int = Field(default=0)
    last_failed_login_at: datetime | None = time_field()
    locked_until: datetime | None = time_field()
    last_login_at: datetime | None = time_field()
    password_changed_at: datetime | None = time_field()
    created_at: datetime = created_field()
    updated_at: datetime = created_field()


class AuthSession(SQLModel, table=True):
    """A server-side login session; the browser holds only the raw token."""

    __tablename__ = "auth_sessions"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = created_field()
    last_seen_at: datetime = created_field()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    revoked_at: datetime | None = time_field()
    client_address: str = Field(default="", max_length=64)
    user_agent: str = Field(default="", max_length=300)


class LoginLink(SQLModel, table=True):
    """A one-time magic login link (DEBUG_AUTH_LINKS, never in production)."""

    __tablename__ = "login_links"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = created_field()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    used_at: datetime | None = time_field()
