"""reference_key trigram index for substring search

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 22:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index(
        "ix_master_products_reference_key_trgm",
        "master_products",
        ["reference_key"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"reference_key": "gin_trgm_ops"},
    )


def downgrade() -> None:
    op.drop_index("ix_master_products_reference_key_trgm", table_name="master_products")
