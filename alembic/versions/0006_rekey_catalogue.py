"""rekey the catalogue: one brand-folding rule and invisible characters dropped in stored keys

Keys are derived data (`brand_key`, `reference_key`, `brand_aliases.alias_key`): this recomputes
them with the current rule of `horologen.services.catalogue` (built-in katakana spellings and the
shop's aliases fold brands; zero-width characters, BOMs and the IME's ー are ignored), so products
imported before match the ones imported after. Display columns are never changed. Products that
now share a key are listed by the catalogue page's duplicate report for the admin to merge.
A later change of the rule needs a migration like this one.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 5000


def upgrade() -> None:
    from horologen.services.catalogue.brands import BrandFolder, fold_builtin
    from horologen.services.catalogue.normalise import normalise_key

    bind = op.get_bind()
    aliases = sa.table(
        "brand_aliases", sa.column("id"), sa.column("tenant_id"), sa.column("alias_key"), sa.column("brand_key")
    )
    seen: set[tuple[object, str]] = set()
    folders: dict[object, dict[str, str]] = {}
    for row in bind.execute(sa.select(aliases).order_by(aliases.c.id)).all():
        alias_key, brand_key = normalise_key(row.alias_key), fold_builtin(normalise_key(row.brand_key))
        if (row.tenant_id, alias_key) in seen or not alias_key:
            bind.execute(aliases.delete().where(aliases.c.id == row.id))
            continue
        seen.add((row.tenant_id, alias_key))
        folders.setdefault(row.tenant_id, {})[alias_key] = brand_key
        if (alias_key, brand_key) != (row.alias_key, row.brand_key):
            bind.execute(
                aliases.update().where(aliases.c.id == row.id).values(alias_key=alias_key, brand_key=brand_key)
            )

    products = sa.table(
        "master_products",
        sa.column("id"),
        sa.column("tenant_id"),
        sa.column("brand"),
        sa.column("reference"),
        sa.column("brand_key"),
        sa.column("reference_key"),
    )
    last_id = 0
    while True:
        rows = bind.execute(
            sa.select(products).where(products.c.id > last_id).order_by(products.c.id).limit(_BATCH)
        ).all()
        if not rows:
            break
        last_id = rows[-1].id
        changes = []
        for row in rows:
            shared = folders.get(None, {})
            folder = BrandFolder({**shared, **folders.get(row.tenant_id, {})})
            brand_key, reference_key = folder.key(row.brand), normalise_key(row.reference)
            if (brand_key, reference_key) != (row.brand_key, row.reference_key):
                changes.append({"pid": row.id, "bk": brand_key, "rk": reference_key})
        if changes:
            bind.execute(
                products.update()
                .where(products.c.id == sa.bindparam("pid"))
                .values(brand_key=sa.bindparam("bk"), reference_key=sa.bindparam("rk")),
                changes,
            )


def downgrade() -> None:
    """Keys are derived data: the earlier rule's keys are not restored (nothing is lost)."""
