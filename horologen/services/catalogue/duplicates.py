"""Products that are one watch under two spellings (`ロレックス / 126610LN` beside `ROLEX /
126610-LN`, stored before brand folding), and the admin's audited merge of them. Pieces (products
with a stock number) are never duplicates of each other: two pieces of one reference are two
watches (issue 25 item C)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from horologen.models import Article, MasterProduct
from horologen.services.accounts.access import ADMIN, AccessDenied, Actor, require_role
from horologen.services.operations import audit

MAX_GROUPS = 200


@dataclass(frozen=True)
class DuplicateProduct:
    id: int
    brand: str
    reference: str
    name: str
    price_jpy: int | None
    articles: int


@dataclass(frozen=True)
class DuplicateGroup:
    """Products of one tenant sharing a folded (brand, reference) key."""

    brand_key: str
    reference_key: str
    products: list[DuplicateProduct]


@dataclass(frozen=True)
class BrandSpellings:
    brand_key: str
    spellings: list[str]


def find_duplicates(*, session: Session, actor: Actor) -> list[DuplicateGroup]:
    """The shop's colliding products (at most MAX_GROUPS groups), each with its article count."""
    require_role(actor, ADMIN)
    tenant_id = int(actor.tenant_id or 0)
    keys = session.exec(
        select(MasterProduct.brand_key, MasterProduct.reference_key)
        .where(MasterProduct.tenant_id == tenant_id, col(MasterProduct.stock_number).is_(None))
        .group_by(MasterProduct.brand_key, MasterProduct.reference_key)
        .having(func.count() > 1)
        .order_by(MasterProduct.brand_key, MasterProduct.reference_key)
        .limit(MAX_GROUPS)
    ).all()
    groups: list[DuplicateGroup] = []
    for brand_key, reference_key in keys:
        products = session.exec(
            select(MasterProduct)
            .where(
                MasterProduct.tenant_id == tenant_id,
                MasterProduct.brand_key == brand_key,
                MasterProduct.reference_key == reference_key,
                col(MasterProduct.stock_number).is_(None),
            )
            .order_by(col(MasterProduct.id))
        ).all()
        counts = dict(
            session.exec(
                select(Article.product_id, func.count())
                .where(col(Article.product_id).in_([p.id for p in products]))
                .group_by(col(Article.product_id))
            ).all()
        )
        groups.append(
            DuplicateGroup(
                brand_key,
                reference_key,
                [
                    DuplicateProduct(int(p.id or 0), p.brand, p.reference, p.name, p.price_jpy, counts.get(p.id, 0))
                    for p in products
                ],
            )
        )
    return groups


def brand_spellings(*, session: Session, actor: Actor) -> list[BrandSpellings]:
    """Brands the shop's catalogue writes in more than one way, all folded into one key."""
    require_role(actor, ADMIN)
    rows = session.exec(
        select(MasterProduct.brand_key, MasterProduct.brand)
        .where(MasterProduct.tenant_id == actor.tenant_id)
        .group_by(MasterProduct.brand_key, MasterProduct.brand)
        .order_by(MasterProduct.brand_key, MasterProduct.brand)
    ).all()
    spellings: dict[str, list[str]] = defaultdict(list)
    for key, brand in rows:
        spellings[key].append(brand)
    return [BrandSpellings(key, names) for key, names in spellings.items() if len(names) > 1]


def merge_duplicates(*, session: Session, actor: Actor, keep_id: int) -> int:
    """Keep one product of its group: the others' articles move to it, then they are deleted.
    Audited with what was removed (brand, reference, price). Returns how many were merged in."""
    require_role(actor, ADMIN)
    keep = session.get(MasterProduct, keep_id)
    if keep is None or keep.tenant_id != actor.tenant_id or keep.stock_number is not None:
        raise AccessDenied("商品が見つかりません。")
    others = session.exec(
        select(MasterProduct).where(
            MasterProduct.tenant_id == keep.tenant_id,
            MasterProduct.brand_key == keep.brand_key,
            MasterProduct.reference_key == keep.reference_key,
            col(MasterProduct.stock_number).is_(None),
            MasterProduct.id != keep.id,
        )
    ).all()
    if not others:
        return 0
    other_ids = [int(p.id or 0) for p in others]
    session.execute(
        update(Article)
        .where(col(Article.tenant_id) == keep.tenant_id, col(Article.product_id).in_(other_ids))
        .values(product_id=keep.id)
    )
    removed = [{"id": p.id, "brand": p.brand, "reference": p.reference, "price_jpy": p.price_jpy} for p in others]
    for product in others:
        session.delete(product)
    audit.record(
        session=session,
        action="catalogue_merge",
        tenant_id=keep.tenant_id,
        user_id=actor.user_id,
        target=f"{keep.brand} / {keep.reference}",
        detail={"kept": keep.id, "removed": removed},
    )
    session.commit()
    return len(others)
