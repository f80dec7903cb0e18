"""advertising-law review: a shop's substantiated claims, the claim check's law risks per article

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("shop_profiles") as batch:
        batch.add_column(sa.Column("substantiated_claims", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("claim_risks", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("claim_risks")
    with op.batch_alter_table("shop_profiles") as batch:
        batch.drop_column("substantiated_claims")
