"""stock numbers found without their separators (K1005 for K-1005) and by a part (1005)

Staff type the number on a watch's tag as they read it: with or without its hyphen, or only its
digits. The search compares upper(stock_number) with the separators - space _ . / taken out
(services/catalogue/search_sql.py stock_compact); these indexes hold that expression, so the
comparison is an index lookup per shop (B-tree, both databases) and a part is found through a
trigram index on PostgreSQL (as reference_key's, migration 0002). An index on an expression is used
when a query's condition has the same expression
(https://www.postgresql.org/docs/current/indexes-expressional.html; SQLite: "Indexes On
Expressions", https://www.sqlite.org/expridx.html).

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 11:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Must read exactly as search_sql.stock_compact() renders it (tests/test_stock_search.py checks).
COMPACT = (
    "upper(replace(replace(replace(replace(replace(stock_number, '-', ''), ' ', ''), '_', ''), '.', ''), '/', ''))"
)


def upgrade() -> None:
    op.execute(f"CREATE INDEX ix_master_products_stock_compact ON master_products (tenant_id, ({COMPACT}))")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE INDEX ix_master_products_stock_compact_trgm ON master_products USING gin (({COMPACT}) gin_trgm_ops)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_master_products_stock_compact_trgm")
    op.execute("DROP INDEX ix_master_products_stock_compact")
