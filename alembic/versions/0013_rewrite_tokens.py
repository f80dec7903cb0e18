"""「短くする」 by rewrite: its tokens per article

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 03:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("rewrite_input_tokens", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("rewrite_output_tokens", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("rewrite_output_tokens")
        batch.drop_column("rewrite_input_tokens")
