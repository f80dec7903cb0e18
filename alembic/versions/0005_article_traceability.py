"""article traceability: the model the response reported, effort, cache tokens, raw text, prompt hash

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("response_model", lambda: sa.Column("response_model", sa.String(length=100), nullable=False, server_default="")),
    ("effort", lambda: sa.Column("effort", sa.String(length=10), nullable=False, server_default="")),
    (
        "cache_creation_input_tokens",
        lambda: sa.Column("cache_creation_input_tokens", sa.Integer(), nullable=False, server_default="0"),
    ),
    (
        "cache_read_input_tokens",
        lambda: sa.Column("cache_read_input_tokens", sa.Integer(), nullable=False, server_default="0"),
    ),
    ("raw_text", lambda: sa.Column("raw_text", sa.Text(), nullable=False, server_default="")),
    ("prompt_sha256", lambda: sa.Column("prompt_sha256", sa.String(length=64), nullable=False, server_default="")),
)


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        for _name, column in COLUMNS:
            batch.add_column(column())


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        for name, _column in reversed(COLUMNS):
            batch.drop_column(name)
