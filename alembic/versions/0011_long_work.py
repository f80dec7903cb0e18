"""long work that always ends: bulk job leases, poll back-off and sweep; export files with retention

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from horologen.models import UTCDateTime

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("bulk_jobs") as batch:
        batch.add_column(sa.Column("claimed_until", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("poll_failures", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("next_poll_at", UTCDateTime(), nullable=True))
    with op.batch_alter_table("article_exports") as batch:
        batch.alter_column("content", existing_type=sa.LargeBinary(), nullable=True)
        batch.add_column(sa.Column("purged_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("article_exports") as batch:
        batch.drop_column("purged_at")
        batch.alter_column("content", existing_type=sa.LargeBinary(), nullable=False)
    with op.batch_alter_table("bulk_jobs") as batch:
        batch.drop_column("next_poll_at")
        batch.drop_column("poll_failures")
        batch.drop_column("claimed_until")
