"""pieces and sale state: a stock number keys a piece, a product can be sold, an article withdrawn

`master_products.stock_number` (管理番号, SKU…) makes a product a piece: one per (tenant_id,
stock_number), however many share a reference; products without one keep the runbook's key,
one per (tenant_id, brand, reference). The old unique constraint becomes a unique index limited to
products without a stock number (both PostgreSQL and SQLite have partial indexes).
`sale_state` (available | reserved | sold) and `sold_at` record a sale; `articles.withdrawn_at`
when a withdrawal file took the article off the malls (issue 25 items C and D).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from horologen.models import UTCDateTime

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("master_products") as batch:
        batch.add_column(sa.Column("stock_number", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("sale_state", sa.String(length=10), nullable=False, server_default="available"))
        batch.add_column(sa.Column("sold_at", UTCDateTime(), nullable=True))
        batch.drop_constraint("uq_master_products_key", type_="unique")
    op.create_index(
        "uq_master_products_key",
        "master_products",
        ["tenant_id", "brand", "reference"],
        unique=True,
        postgresql_where=sa.text("stock_number IS NULL"),
        sqlite_where=sa.text("stock_number IS NULL"),
    )
    op.create_index(
        "uq_master_products_stock",
        "master_products",
        ["tenant_id", "stock_number"],
        unique=True,
        postgresql_where=sa.text("stock_number IS NOT NULL"),
        sqlite_where=sa.text("stock_number IS NOT NULL"),
    )
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("withdrawn_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    """Fails while two pieces share a brand and reference (the old key cannot hold them): merge or
    delete such pieces first."""
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("withdrawn_at")
    op.drop_index("uq_master_products_stock", table_name="master_products")
    op.drop_index("uq_master_products_key", table_name="master_products")
    with op.batch_alter_table("master_products") as batch:
        batch.create_unique_constraint("uq_master_products_key", ["tenant_id", "brand", "reference"])
        batch.drop_column("sold_at")
        batch.drop_column("sale_state")
        batch.drop_column("stock_number")
