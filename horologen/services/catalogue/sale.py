"""Marking a piece sold, reserved or on sale again from the product card (issue 25 item D).

The catalogue file says the same with SOLD / 売約済 / 商談中 in the price or status cell
(`price_words`); this is the button for a sale made in the shop. A sold product keeps its row: it
stays searchable, marked 売約済み, bulk generation skips it, and its approved or exported articles
are 取り下げ要 until a withdrawal file takes them off the malls (articles.withdrawals).

Staff and shop admins of the product's shop may mark it (the person who sells the watch does);
each change is audited with the old and new state.
"""

from __future__ import annotations

from sqlmodel import Session

from horologen.errors import UserFacingError
from horologen.models import MasterProduct, utcnow
from horologen.services.accounts.access import ADMIN, STAFF, AccessDenied, Actor, require_role
from horologen.services.catalogue.price_words import SALE_LABELS, SALE_STATES, SOLD
from horologen.services.operations import audit

SALE_STATE_CHANGED = "product_sale_state"


class SaleStateError(UserFacingError, ValueError):
    """Not a sale state; the message says which are."""


def set_sale_state(*, session: Session, actor: Actor, product_id: int, state: str) -> MasterProduct:
    """In: a product id of the actor's shop and available | reserved | sold. Out: the product as
    stored. Marking sold records when (`sold_at`), which makes its frozen articles 取り下げ要.
    AccessDenied for another shop's or an unknown product, as for a missing one."""
    require_role(actor, STAFF, ADMIN)
    if state not in SALE_STATES:
        raise SaleStateError("販売状態は「販売中」「商談中」「売約済み」のどれかです。")
    product = session.get(MasterProduct, int(product_id))
    if product is None or actor.tenant_id is None or product.tenant_id != actor.tenant_id:
        raise AccessDenied("商品が見つかりません。")
    old = product.sale_state
    if old == state:
        return product
    now = utcnow()
    product.sale_state, product.updated_at = state, now
    if state == SOLD:
        product.sold_at = now
    session.add(product)
    label = f"{product.stock_number}（{product.brand} {product.reference}）" if product.stock_number else (
        f"{product.brand} {product.reference}")  # fmt: skip
    audit.record(
        session=session,
        action=SALE_STATE_CHANGED,
        tenant_id=product.tenant_id,
        user_id=actor.user_id,
        target=f"product {product.id} {label}",
        detail={"old": old, "new": state, "label": SALE_LABELS[state]},
    )
    session.commit()
    return product
