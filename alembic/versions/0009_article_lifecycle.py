"""article lifecycle (review status, approval, versions), who may approve, export records

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from horologen.models import UTCDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ARTICLE_COLUMNS = (
    ("review_status", lambda: sa.Column("review_status", sa.String(20), nullable=False, server_default="draft")),
    ("review_comment", lambda: sa.Column("review_comment", sa.Text(), nullable=False, server_default="")),
    ("submitted_by", lambda: sa.Column("submitted_by", sa.Integer(), nullable=True)),
    ("submitted_at", lambda: sa.Column("submitted_at", UTCDateTime(), nullable=True)),
    ("approved_by", lambda: sa.Column("approved_by", sa.Integer(), nullable=True)),
    ("approved_at", lambda: sa.Column("approved_at", UTCDateTime(), nullable=True)),
    ("exported_at", lambda: sa.Column("exported_at", UTCDateTime(), nullable=True)),
    ("version", lambda: sa.Column("version", sa.Integer(), nullable=False, server_default="1")),
    ("parent_id", lambda: sa.Column("parent_id", sa.Integer(), nullable=True)),
)
FOREIGN_KEYS = (
    ("fk_articles_submitted_by_users", "users", ["submitted_by"]),
    ("fk_articles_approved_by_users", "users", ["approved_by"]),
    ("fk_articles_parent_id_articles", "articles", ["parent_id"]),
)


def upgrade() -> None:
    # A plain ADD COLUMN: a batch copy of `tenants` would break every foreign key to it on SQLite.
    op.add_column("tenants", sa.Column("self_approve", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("articles") as batch:
        for _name, column in ARTICLE_COLUMNS:
            batch.add_column(column())
        for name, table, columns in FOREIGN_KEYS:
            batch.create_foreign_key(name, table, columns, ["id"])
    op.create_table(
        "article_exports",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("tenant_id", sa.Integer(), sa.ForeignKey("tenants.id"), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("article_ids", sa.JSON(), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_article_exports_tenant_created", "article_exports", ["tenant_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_article_exports_tenant_created", table_name="article_exports")
    op.drop_table("article_exports")
    with op.batch_alter_table("articles") as batch:
        for name, _table, _columns in reversed(FOREIGN_KEYS):
            batch.drop_constraint(name, type_="foreignkey")
        for name, _column in reversed(ARTICLE_COLUMNS):
            batch.drop_column(name)
    op.execute("ALTER TABLE tenants DROP COLUMN self_approve")  # SQLite ≥ 3.35 and PostgreSQL
