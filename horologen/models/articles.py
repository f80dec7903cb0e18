"""Tables of the articles: each generated article, the shop profile versions, export files, and
bulk jobs with their items."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from horologen.models.columns import created_field, empty_list, json_field, time_field


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
    input_snapshot: dict[str, Any] = json_field()
    options: dict[str, Any] = json_field()
    title: str = Field(default="", sa_type=sa.Text)
    catch_copy: str = Field(default="", sa_type=sa.Text, sa_column_kwargs={"server_default": ""})
    body: str = Field(default="", sa_type=sa.Text)
    body_en: str = Field(default="", sa_type=sa.Text)
    ungrounded_terms: list[str] = Field(default_factory=empty_list, sa_type=sa.JSON, nullable=False)
    # Review flags (grounding + advertising law): [{term, kind, reason, suggestion}], and the ones
    # staff ticked 確認済み: [{term, user_id, at}] (each tick is also in the audit log).
    flags: list[dict[str, Any]] = Field(default_factory=empty_list, sa_type=sa.JSON, nullable=False)
    acknowledged: list[dict[str, Any]] = Field(default_factory=empty_list, sa_type=sa.JSON, nullable=False)
    # The claim check by a second, cheaper model: ok | failed | skipped | "" (not run).
    claim_status: str = Field(default="", max_length=20, sa_column_kwargs={"server_default": ""})
    claim_model: str = Field(default="", max_length=100, sa_column_kwargs={"server_default": ""})
    claims: list[dict[str, Any]] = Field(default_factory=empty_list, sa_type=sa.JSON, nullable=False)
    # The claim check's advertising-law risks per sentence: [{"sentence", "category", "reason"}].
    claim_risks: list[dict[str, Any]] = Field(default_factory=empty_list, sa_type=sa.JSON, nullable=False)
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
    submitted_at: datetime | None = time_field()
    approved_by: int | None = Field(default=None, foreign_key="users.id")
    approved_at: datetime | None = time_field()
    exported_at: datetime | None = time_field()
    # When a withdrawal file (楽天 item-delete, Yahoo! 非公開, Shopify archived) last took it off the malls.
    withdrawn_at: datetime | None = time_field()
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
    created_at: datetime = created_field()
    updated_at: datetime = created_field()
    finished_at: datetime | None = time_field()


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
    rank_legend: dict[str, Any] = json_field()  # 状態ランク → the shop's definition
    warranty: str = Field(default="", sa_type=sa.Text)
    returns: str = Field(default="", sa_type=sa.Text)
    contact: str = Field(default="", sa_type=sa.Text)
    banned_words: list[str] = Field(default_factory=empty_list, sa_type=sa.JSON, nullable=False)
    required_phrases: list[str] = Field(default_factory=empty_list, sa_type=sa.JSON, nullable=False)
    examples: list[str] = Field(default_factory=empty_list, sa_type=sa.JSON, nullable=False)
    # Ranking / first / only claims the shop can back: [{"claim", "source", "surveyed"}] (issue 26).
    substantiated_claims: list[dict[str, Any]] = Field(default_factory=empty_list, sa_type=sa.JSON, nullable=False)
    unmarked_price_tax: str = Field(default="included", max_length=10)
    created_by: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = created_field()


class ArticleExport(SQLModel, table=True):
    """One export file: who made it, when, for which channel and articles; the file is kept so it
    can be downloaded again."""

    __tablename__ = "article_exports"
    __table_args__ = (sa.Index("ix_article_exports_tenant_created", "tenant_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenants.id")
    user_id: int = Field(foreign_key="users.id")
    channel: str = Field(max_length=20)
    article_ids: list[int] = Field(default_factory=empty_list, sa_type=sa.JSON, nullable=False)
    filename: str = Field(max_length=255)
    content: bytes | None = Field(default=None, sa_type=sa.LargeBinary, nullable=True)  # None once purged
    row_count: int = Field(default=0)
    created_at: datetime = created_field()
    purged_at: datetime | None = time_field()  # the file was removed after the retention period


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
    options: dict[str, Any] = json_field()
    quota_month: str = Field(default="", max_length=7)
    total: int = Field(default=0)
    succeeded: int = Field(default=0)
    failed: int = Field(default=0)
    cancel_requested: bool = Field(default=False)
    error_message: str = Field(default="", sa_type=sa.Text)
    input_tokens: int = Field(default=0)
    output_tokens: int = Field(default=0)
    created_at: datetime = created_field()
    updated_at: datetime = created_field()
    finished_at: datetime | None = time_field()
    claimed_until: datetime | None = time_field()  # a worker's lease: no other worker steps the job before
    poll_failures: int = Field(default=0)  # polls in a row that failed; each one waits longer
    next_poll_at: datetime | None = time_field()


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
    snapshot: dict[str, Any] = json_field()  # the product as the request was built from it
    status: str = Field(default="pending", max_length=20)  # pending | done | failed | expired | cancelled
    article_id: int | None = Field(default=None, foreign_key="articles.id")
    error_message: str = Field(default="", sa_type=sa.Text)
