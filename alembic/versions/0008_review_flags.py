"""review flags and their acknowledgements, the claim check's results and tokens

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("flags", lambda: sa.Column("flags", sa.JSON(), nullable=False, server_default="[]")),
    ("acknowledged", lambda: sa.Column("acknowledged", sa.JSON(), nullable=False, server_default="[]")),
    ("claim_status", lambda: sa.Column("claim_status", sa.String(length=20), nullable=False, server_default="")),
    ("claim_model", lambda: sa.Column("claim_model", sa.String(length=100), nullable=False, server_default="")),
    ("claims", lambda: sa.Column("claims", sa.JSON(), nullable=False, server_default="[]")),
    ("claim_input_tokens", lambda: sa.Column("claim_input_tokens", sa.Integer(), nullable=False, server_default="0")),
    ("claim_output_tokens", lambda: sa.Column("claim_output_tokens", sa.Integer(), nullable=False, server_default="0")),
)


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        for _name, column in COLUMNS:
            batch.add_column(column())


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        for name, _column in reversed(COLUMNS):
            batch.drop_column(name)
