"""shop profiles (versioned), the tax basis of a catalogue price, an article's catch copy and profile version

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from horologen.models import UTCDateTime

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "shop_profiles",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("tenant_id", sa.Integer(), sa.ForeignKey("tenants.id"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("shop_name", sa.String(length=200), nullable=False),
        sa.Column("kobutsu_name", sa.String(length=200), nullable=False),
        sa.Column("kobutsu_commission", sa.String(length=100), nullable=False),
        sa.Column("kobutsu_number", sa.String(length=40), nullable=False),
        sa.Column("rank_legend", sa.JSON(), nullable=False),
        sa.Column("warranty", sa.Text(), nullable=False),
        sa.Column("returns", sa.Text(), nullable=False),
        sa.Column("contact", sa.Text(), nullable=False),
        sa.Column("banned_words", sa.JSON(), nullable=False),
        sa.Column("required_phrases", sa.JSON(), nullable=False),
        sa.Column("examples", sa.JSON(), nullable=False),
        sa.Column("unmarked_price_tax", sa.String(length=10), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("tenant_id", "version", name="uq_shop_profiles_tenant_version"),
    )
    with op.batch_alter_table("master_products") as batch:
        batch.add_column(sa.Column("price_tax", sa.String(length=10), nullable=False, server_default="unknown"))
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("catch_copy", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("profile_version", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("profile_version")
        batch.drop_column("catch_copy")
    with op.batch_alter_table("master_products") as batch:
        batch.drop_column("price_tax")
    op.drop_table("shop_profiles")
