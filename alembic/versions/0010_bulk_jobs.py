"""bulk generation through Message Batches: jobs, their items, an article's source

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from horologen.models import UTCDateTime

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bulk_jobs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("tenant_id", sa.Integer(), sa.ForeignKey("tenants.id"), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("batch_id", sa.String(100), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("quota_month", sa.String(7), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("succeeded", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("error_message", sa.Text(), nullable=False),
        sa.Column("input_tokens", sa.Integer(), nullable=False),
        sa.Column("output_tokens", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_bulk_jobs_status", "bulk_jobs", ["status"])
    op.create_index("ix_bulk_jobs_tenant", "bulk_jobs", ["tenant_id"])
    op.create_table(
        "bulk_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("job_id", sa.Integer(), sa.ForeignKey("bulk_jobs.id"), nullable=False),
        sa.Column("product_id", sa.Integer(), sa.ForeignKey("master_products.id", ondelete="SET NULL"), nullable=True),
        sa.Column("custom_id", sa.String(64), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id"), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=False),
        sa.UniqueConstraint("job_id", "custom_id", name="uq_bulk_items_job_custom"),
    )
    op.create_index("ix_bulk_items_job_id", "bulk_items", ["job_id"])
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("source", sa.String(10), nullable=False, server_default="single"))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("source")
    op.drop_index("ix_bulk_items_job_id", table_name="bulk_items")
    op.drop_table("bulk_items")
    op.drop_index("ix_bulk_jobs_tenant", table_name="bulk_jobs")
    op.drop_index("ix_bulk_jobs_status", table_name="bulk_jobs")
    op.drop_table("bulk_jobs")
