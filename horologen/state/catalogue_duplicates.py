"""Duplicates on the catalogue page: one watch stored under two spellings, merged by the admin."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from horologen.services.accounts import sessions
from horologen.services.accounts.access import ADMIN
from horologen.services.catalogue import duplicates
from horologen.services.operations import inputs
from horologen.state.base import AppState


@dataclass(frozen=True)
class DuplicateRow:
    """One product of a group; `group` names the group on its first product only."""

    id: str
    group: str
    brand: str
    reference: str
    price: str
    articles: str


def _rows(found: list[duplicates.DuplicateGroup]) -> list[DuplicateRow]:
    return [
        DuplicateRow(
            id=str(p.id),
            group=f"{g.brand_key} / {g.reference_key}" if index == 0 else "",
            brand=p.brand,
            reference=p.reference,
            price="—" if p.price_jpy is None else f"¥{p.price_jpy:,}",
            articles=str(p.articles),
        )
        for g in found
        for index, p in enumerate(g.products)
    ]


class CatalogueDuplicatesState(AppState):
    groups: list[DuplicateRow] = []  # one entry per product, `group` marks where a group starts
    spellings: list[str] = []
    error: str = ""
    notice: str = ""

    def _load(self, user: sessions.CurrentUser) -> None:
        done, found = self._service_as(user, "catalogue.duplicates", duplicates.find_duplicates)
        if done:
            self.groups = _rows(found)
        done, spelt = self._service_as(user, "catalogue.spellings", duplicates.brand_spellings)
        if done:
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
        chosen = self._checked("catalogue.merge", inputs.record_id, product_id, label="商品")
        if chosen is None:
            return
        done = self._service((ADMIN,), "catalogue.merge", duplicates.merge_duplicates, keep_id=chosen)
        if done is not None:
            self.notice = f"{done[1]} 件の重複を統合しました（記事は残した商品に付け替えました）。"
            self._load(done[0])
