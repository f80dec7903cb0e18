"""catalogue uploads stored without PostgreSQL's own compression

`catalogue_uploads.parsed` is already zlib-compressed (services/catalogue/parsed_rows.py), and the
file in `content` lives only from the preview to the commit (the commit empties it). PostgreSQL's
default storage for bytea compresses every large value with pglz on insert, which for a 100,000-row
file cost about 0.15 s of the preview for no gain on `parsed` (bench/import_vs_copy.py). ALTER
TABLE … SET STORAGE EXTERNAL: "EXTERNAL is for external, uncompressed data"
(https://www.postgresql.org/docs/current/sql-altertable.html). Rows already stored are not rewritten.
SQLite has no such setting.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 07:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE catalogue_uploads ALTER COLUMN content SET STORAGE EXTERNAL")
        op.execute("ALTER TABLE catalogue_uploads ALTER COLUMN parsed SET STORAGE EXTERNAL")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE catalogue_uploads ALTER COLUMN content SET STORAGE EXTENDED")
        op.execute("ALTER TABLE catalogue_uploads ALTER COLUMN parsed SET STORAGE EXTENDED")
