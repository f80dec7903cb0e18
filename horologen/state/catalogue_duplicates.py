"""Duplicates on the catalogue page: one watch stored under two spellings, merged by the admin."""

from __future__ import annotations

import reflex as rx

from horologen import db
from horologen.services.accounts.access import ADMIN
from horologen.services.catalogue import duplicates
from horologen.services.operations import inputs
from horologen.state.base import AppState


class CatalogueDuplicatesState(AppState):
    groups: list[dict[str, str]] = []  # one entry per product, `group` marks where a group starts
    spellings: list[str] = []
    error: str = ""
    notice: str = ""

    def _load(self, user) -> None:
        with db.session() as session:
            found = duplicates.find_duplicates(session=session, actor=user.actor)
            spelt = duplicates.brand_spellings(session=session, actor=user.actor)
        self.groups = [
            {
                "id": str(p.id),
                "group": f"{g.brand_key} / {g.reference_key}" if index == 0 else "",
                "brand": p.brand,
                "reference": p.reference,
                "price": "—" if p.price_jpy is None else f"¥{p.price_jpy:,}",
                "articles": str(p.articles),
            }
            for g in found
            for index, p in enumerate(g.products)
        ]
        self.spellings = [" / ".join(s.spellings) for s in spelt]

    @rx.event
    def on_load(self) -> None:
        self.groups, self.spellings = [], []
        self.error = self.notice = ""
        user, _redirect = self._gate(ADMIN)
        if user is not None:
            self._load(user)

    @rx.event
    def keep(self, product_id: str) -> None:
        """Keep this product; the others of its group are merged into it (articles move, rows go)."""
        self.error = self.notice = ""
        done = self._attempt(
            (ADMIN,),
            "catalogue.merge",
            lambda session, actor: duplicates.merge_duplicates(
                session=session, actor=actor, keep_id=inputs.record_id(product_id, label="商品")
            ),
        )
        if done is not None:
            self.notice = f"{done[1]} 件の重複を統合しました（記事は残した商品に付け替えました）。"
            self._load(done[0])
