"""SQLModel tables for the whole product. Times are stored in UTC.

Input/output shapes live beside the services that use them, so a form can never set
`role` or `tenant_id` directly.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

ROLES = ("platform_admin", "admin", "staff")
PLANS = ("limited", "unlimited")
ARTICLE_STATUSES = ("pending", "streaming", "done", "failed", "cancelled")


def utcnow() -> datetime:
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


def _created() -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def _time(nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index)


def _json() -> Any:
    return Field(default_factory=dict, sa_type=sa.JSON, nullable=False)


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
    created_at: datetime = _created()
    updated_at: datetime = _created()


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
    last_failed_login_at: datetime | None = _time()
    locked_until: datetime | None = _time()
    last_login_at: datetime | None = _time()
    password_changed_at: datetime | None = _time()
    created_at: datetime = _created()
    updated_at: datetime = _created()


class AuthSession(SQLModel, table=True):
    """A server-side login session; the browser holds only the raw token."""

    __tablename__ = "auth_sessions"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = _created()
    last_seen_at: datetime = _created()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    revoked_at: datetime | None = _time()
    client_address: str = Field(default="", max_length=64)
    user_agent: str = Field(default="", max_length=300)


class LoginLink(SQLModel, table=True):
    """A one-time magic login link (DEBUG_AUTH_LINKS, never in production)."""

    __tablename__ = "login_links"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = _created()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    used_at: datetime | None = _time()


class MasterProduct(SQLModel, table=True):
    """One catalogue row of a tenant. `*_key` columns hold the normalised form used for search.

    A product is a reference, one per (tenant_id, brand, reference) (the runbook's key), or, when
    the shop's file has a stock number, a piece, one per (tenant_id, stock_number): two pieces of
    one reference are two products (issue 25 item C). A sold piece keeps its row (sale_state)."""

    __tablename__ = "master_products"
    __table_args__ = (
        sa.Index(
            "uq_master_products_key",
            "tenant_id",
            "brand",
            "reference",
            unique=True,
            postgresql_where=sa.text("stock_number IS NULL"),
            sqlite_where=sa.text("stock_number IS NULL"),
        ),
        sa.Index(
            "uq_master_products_stock",
            "tenant_id",
            "stock_number",
            unique=True,
            postgresql_where=sa.text("stock_number IS NOT NULL"),
            sqlite_where=sa.text("stock_number IS NOT NULL"),
        ),
        sa.Index("ix_master_products_search", "tenant_id", "brand_key", "reference_key"),
        sa.Index("ix_master_products_tenant_reference_key", "tenant_id", "reference_key"),
        # Substring search (`%116610%`) inside one tenant on PostgreSQL (pg_trgm + btree_gin);
        # a plain composite index on SQLite.
        sa.Index(
            "ix_master_products_tenant_reference_trgm",
            "tenant_id",
            "reference_key",
            postgresql_using="gin",
            postgresql_ops={"reference_key": "gin_trgm_ops"},
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenants.id")
    brand: str = Field(max_length=100)
    brand_key: str = Field(max_length=100)
    reference: str = Field(max_length=100)
    reference_key: str = Field(max_length=100)
    name: str = Field(default="", max_length=300)
    price_jpy: int | None = Field(default=None, sa_type=sa.BigInteger)
    # What the catalogue's price column said about tax: included (税込価格), excluded (税抜価格,
    # 本体価格) or unknown (価格); the shop profile says how to read unknown.
    price_tax: str = Field(default="unknown", max_length=10, sa_column_kwargs={"server_default": "unknown"})
    specs: dict[str, Any] = _json()
    # The piece's number in the shop (管理番号, 在庫番号, SKU…), as the file writes it; None: a reference.
    stock_number: str | None = Field(default=None, max_length=64)
    # available | reserved (商談中) | sold (売約済み): from the file's price or status cell, or the button.
    sale_state: str = Field(default="available", max_length=10, sa_column_kwargs={"server_default": "available"})
    sold_at: datetime | None = _time()  # when it was last marked sold; its articles are withdrawn after
    created_at: datetime = _created()
    updated_at: datetime = _created()


class BrandAlias(SQLModel, table=True):
    """Another spelling of a brand (`ロレックス` → `ROLEX`); tenant_id null applies to every shop."""

    __tablename__ = "brand_aliases"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "alias_key", name="uq_brand_aliases_tenant_alias"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int | None = Field(default=None, foreign_key="tenants.id", index=True)
    alias_key: str = Field(max_length=100)
    brand_key: str = Field(max_length=100)
    created_at: datetime = _created()


class Article(SQLModel, table=True):
    """A generated sales article with everything needed to explain how it was made."""

    __tablename__ = "articles"
    __table_args__ = (
        sa.Index("ix_articles_tenant_created", "tenant_id", "created_at"),
        sa.Index("ix_articles_user_product", "user_id", "product_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenants.id")
    user_id: int = Field(foreign_key="users.id")
    product_id: int | None = Field(
        default=None,
        sa_column_args=[sa.ForeignKey("master_products.id", ondelete="SET NULL")],
    )
    input_snapshot: dict[str, Any] = _json()
    options: dict[str, Any] = _json()
    title: str = Field(default="", sa_type=sa.Text)
    catch_copy: str = Field(default="", sa_type=sa.Text, sa_column_kwargs={"server_default": ""})
    body: str = Field(default="", sa_type=sa.Text)
    body_en: str = Field(default="", sa_type=sa.Text)
    ungrounded_terms: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    # Review flags (grounding + advertising law): [{term, kind, reason, suggestion}], and the ones
    # staff ticked 確認済み: [{term, user_id, at}] (each tick is also in the audit log).
    flags: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    acknowledged: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    # The claim check by a second, cheaper model: ok | failed | skipped | "" (not run).
    claim_status: str = Field(default="", max_length=20, sa_column_kwargs={"server_default": ""})
    claim_model: str = Field(default="", max_length=100, sa_column_kwargs={"server_default": ""})
    claims: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    # The claim check's advertising-law risks per sentence: [{"sentence", "category", "reason"}].
    claim_risks: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    claim_input_tokens: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # 「短くする」 by rewrite: no slot, its tokens counted here and in usage (issue 27).
    rewrite_input_tokens: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    rewrite_output_tokens: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    claim_output_tokens: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # The way to the shop's channels: draft → submitted → approved → exported, or rejected with a
    # comment. An approved article is frozen: an edit makes version + 1 (parent_id → the old one).
    review_status: str = Field(default="draft", max_length=20, sa_column_kwargs={"server_default": "draft"})
    review_comment: str = Field(default="", sa_type=sa.Text, sa_column_kwargs={"server_default": ""})
    submitted_by: int | None = Field(default=None, foreign_key="users.id")
    submitted_at: datetime | None = _time()
    approved_by: int | None = Field(default=None, foreign_key="users.id")
    approved_at: datetime | None = _time()
    exported_at: datetime | None = _time()
    # When a withdrawal file (楽天 item-delete, Yahoo! 非公開, Shopify archived) last took it off the malls.
    withdrawn_at: datetime | None = _time()
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    parent_id: int | None = Field(default=None, foreign_key="articles.id")
    source: str = Field(default="single", max_length=10, sa_column_kwargs={"server_default": "single"})  # or bulk
    model: str = Field(default="", max_length=100)  # the id we asked for
    response_model: str = Field(default="", max_length=100, sa_column_kwargs={"server_default": ""})
    effort: str = Field(default="", max_length=10, sa_column_kwargs={"server_default": ""})
    prompt_version: str = Field(default="", max_length=40)
    prompt_sha256: str = Field(default="", max_length=64, sa_column_kwargs={"server_default": ""})
    profile_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})  # 0: the built-in default
    input_tokens: int = Field(default=0)
    output_tokens: int = Field(default=0)
    cache_creation_input_tokens: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    cache_read_input_tokens: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    raw_text: str = Field(default="", sa_type=sa.Text, sa_column_kwargs={"server_default": ""})  # before edits
    stop_reason: str = Field(default="", max_length=40)
    status: str = Field(default="pending", max_length=20)
    quota_month: str = Field(default="", max_length=7)
    error_id: str = Field(default="", max_length=40)
    error_message: str = Field(default="", sa_type=sa.Text)
    duration_ms: int = Field(default=0)
    created_at: datetime = _created()
    updated_at: datetime = _created()
    finished_at: datetime | None = _time()


class QuotaUsage(SQLModel, table=True):
    """Articles used and slots reserved by a tenant in one Asia/Tokyo month (`YYYY-MM`)."""

    __tablename__ = "quota_usage"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "month", name="uq_quota_usage_tenant_month"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenants.id")
    month: str = Field(max_length=7)
    used: int = Field(default=0)
    reserved: int = Field(default=0)
    updated_at: datetime = _created()


class AuditLog(SQLModel, table=True):
    """Who did what, when, from where: logins, refusals, imports, admin changes."""

    __tablename__ = "audit_log"
    __table_args__ = (
        sa.Index("ix_audit_log_action_created", "action", "created_at"),
        sa.Index("ix_audit_log_address_created", "client_address", "created_at"),
        sa.Index("ix_audit_log_tenant_created", "tenant_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int | None = Field(default=None, foreign_key="tenants.id")
    user_id: int | None = Field(default=None, foreign_key="users.id")
    action: str = Field(max_length=60)
    target: str = Field(default="", max_length=200)
    detail: dict[str, Any] = _json()
    client_address: str = Field(default="", max_length=64)
    created_at: datetime = _created()


class CatalogueUpload(SQLModel, table=True):
    """An uploaded catalogue file kept between preview and commit, so any instance can commit it."""

    __tablename__ = "catalogue_uploads"

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenants.id", index=True)
    user_id: int = Field(foreign_key="users.id")
    filename: str = Field(max_length=255)
    content: bytes = Field(sa_type=sa.LargeBinary, nullable=False)
    size_bytes: int = Field(default=0)
    status: str = Field(default="previewed", max_length=20)
    result: dict[str, Any] = _json()
    created_at: datetime = _created()
    committed_at: datetime | None = _time()


class ShopProfile(SQLModel, table=True):
    """One saved version of a shop's profile; the highest version is current. Articles keep the
    version they were written with, so an article can always be rendered as it was generated."""

    __tablename__ = "shop_profiles"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "version", name="uq_shop_profiles_tenant_version"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenants.id")
    version: int = Field(default=1)
    shop_name: str = Field(default="", max_length=200)
    kobutsu_name: str = Field(default="", max_length=200)  # 古物商の氏名又は名称 (not only the 屋号)
    kobutsu_commission: str = Field(default="", max_length=100)  # 許可をした公安委員会の名称
    kobutsu_number: str = Field(default="", max_length=40)  # 古物商許可証の番号
    rank_legend: dict[str, Any] = _json()  # 状態ランク → the shop's definition
    warranty: str = Field(default="", sa_type=sa.Text)
    returns: str = Field(default="", sa_type=sa.Text)
    contact: str = Field(default="", sa_type=sa.Text)
    banned_words: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    required_phrases: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    examples: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    # Ranking / first / only claims the shop can back: [{"claim", "source", "surveyed"}] (issue 26).
    substantiated_claims: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    unmarked_price_tax: str = Field(default="included", max_length=10)
    created_by: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = _created()


class ArticleExport(SQLModel, table=True):
    """One export file: who made it, when, for which channel and articles; the file is kept so it
    can be downloaded again."""

    __tablename__ = "article_exports"
    __table_args__ = (sa.Index("ix_article_exports_tenant_created", "tenant_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenants.id")
    user_id: int = Field(foreign_key="users.id")
    channel: str = Field(max_length=20)
    article_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    filename: str = Field(max_length=255)
    content: bytes | None = Field(default=None, sa_type=sa.LargeBinary, nullable=True)  # None once purged
    row_count: int = Field(default=0)
    created_at: datetime = _created()
    purged_at: datetime | None = _time()  # the file was removed after the retention period


class BulkJob(SQLModel, table=True):
    """Articles for many products at once through one Message Batch; its slots were reserved at
    submit and each request's ending settles one."""

    __tablename__ = "bulk_jobs"
    __table_args__ = (sa.Index("ix_bulk_jobs_status", "status"), sa.Index("ix_bulk_jobs_tenant", "tenant_id"))

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenants.id")
    user_id: int = Field(foreign_key="users.id")
    status: str = Field(default="submitting", max_length=20)  # submitting | processing | done | failed | cancelled
    batch_id: str = Field(default="", max_length=100)
    options: dict[str, Any] = _json()
    quota_month: str = Field(default="", max_length=7)
    total: int = Field(default=0)
    succeeded: int = Field(default=0)
    failed: int = Field(default=0)
    cancel_requested: bool = Field(default=False)
    error_message: str = Field(default="", sa_type=sa.Text)
    input_tokens: int = Field(default=0)
    output_tokens: int = Field(default=0)
    created_at: datetime = _created()
    updated_at: datetime = _created()
    finished_at: datetime | None = _time()
    claimed_until: datetime | None = _time()  # a worker's lease: no other worker steps the job before
    poll_failures: int = Field(default=0)  # polls in a row that failed; each one waits longer
    next_poll_at: datetime | None = _time()


class BulkItem(SQLModel, table=True):
    """One product of a bulk job: its request's custom_id and, once ended, its article or reason."""

    __tablename__ = "bulk_items"
    __table_args__ = (sa.UniqueConstraint("job_id", "custom_id", name="uq_bulk_items_job_custom"),)

    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="bulk_jobs.id", index=True)
    product_id: int | None = Field(
        default=None, sa_column_args=[sa.ForeignKey("master_products.id", ondelete="SET NULL")]
    )
    custom_id: str = Field(max_length=64)
    snapshot: dict[str, Any] = _json()  # the product as the request was built from it
    status: str = Field(default="pending", max_length=20)  # pending | done | failed | expired | cancelled
    article_id: int | None = Field(default=None, foreign_key="articles.id")
    error_message: str = Field(default="", sa_type=sa.Text)
