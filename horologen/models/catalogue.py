"""Tables of the shop's catalogue: products (references and pieces), brand aliases, uploads awaiting commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from horologen.models.columns import created_field, json_field, time_field


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
    specs: dict[str, Any] = json_field()
    # The piece's number in the shop (管理番号, 在庫番号, SKU…), as the file writes it; None: a reference.
    stock_number: str | None = Field(default=None, max_length=64)
    # available | reserved (商談中) | sold (売約済み): from the file's price or status cell, or the button.
    sale_state: str = Field(default="available", max_length=10, sa_column_kwargs={"server_default": "available"})
    sold_at: datetime | None = time_field()  # when it was last marked sold; its articles are withdrawn after
    created_at: datetime = created_field()
    updated_at: datetime = created_field()


class BrandAlias(SQLModel, table=True):
    """Another spelling of a brand (`ロレックス` → `ROLEX`); tenant_id null applies to every shop."""

    __tablename__ = "brand_aliases"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "alias_key", name="uq_brand_aliases_tenant_alias"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int | None = Field(default=None, foreign_key="tenants.id", index=True)
    alias_key: str = Field(max_length=100)
    brand_key: str = Field(max_length=100)
    created_at: datetime = created_field()


class CatalogueUpload(SQLModel, table=True):
    """An uploaded catalogue file kept between preview and commit, so any instance can commit it."""

    __tablename__ = "catalogue_uploads"

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenants.id", index=True)
    user_id: int = Field(foreign_key="users.id")
    filename: str = Field(max_length=255)
    content: bytes = Field(sa_type=sa.LargeBinary, nullable=False)
    # The preview's validated rows (services/catalogue/parsed_rows.py), so the commit need not parse
    # the file again; NULL for uploads previewed before migration 0015 (the commit re-reads `content`).
    parsed: bytes | None = Field(default=None, sa_type=sa.LargeBinary, nullable=True)
    size_bytes: int = Field(default=0)
    status: str = Field(default="previewed", max_length=20)
    result: dict[str, Any] = json_field()
    created_at: datetime = created_field()
    committed_at: datetime | None = time_field()
