"""catalogue uploads keep the preview's validated rows; products leave room for updates in place

`catalogue_uploads.parsed` holds the rows the preview validated (compressed JSON written by
services/catalogue/parsed_rows.py), so committing a 100,000-row file does not parse it a second
time (issue 25, bench/import_vs_copy.py). NULL for earlier uploads: their commit re-reads the file.

On PostgreSQL `master_products` gets fillfactor 85: a price change, a sale or a re-import's
corrections touch no indexed column, so with free room on the page PostgreSQL updates the row in
place (a heap-only tuple) instead of adding an entry to each of its five indexes, the trigram GIN
among them. Only pages written from now on leave the room; SQLite has no such setting.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("catalogue_uploads") as batch:
        batch.add_column(sa.Column("parsed", sa.LargeBinary(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE master_products SET (fillfactor = 85)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE master_products RESET (fillfactor)")
    with op.batch_alter_table("catalogue_uploads") as batch:
        batch.drop_column("parsed")
