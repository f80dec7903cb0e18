"""Brand aliases on the catalogue page: another spelling staff type (`ろれっくす` → ROLEX)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from horologen.services.accounts import sessions
from horologen.services.accounts.access import ADMIN
from horologen.services.catalogue import brands
from horologen.services.operations import inputs
from horologen.state.base import AppState


@dataclass(frozen=True)
class AliasRow:
    """One alias as listed: `id` as the page sends it back to 削除."""

    id: str
    alias: str
    brand: str


class BrandAliasState(AppState):
    aliases: list[AliasRow] = []
    error: str = ""
    notice: str = ""

    def _load(self, user: sessions.CurrentUser) -> None:
        done, rows = self._service_as(user, "brand_alias.list", brands.list_brand_aliases)
        if done:
            self.aliases = [AliasRow(id=str(r.id), alias=r.alias, brand=r.brand) for r in rows]

    @rx.event
    def on_load(self) -> None:
        self.aliases = []
        self.error = self.notice = ""
        user, _redirect = self._gate(ADMIN)
        if user is not None:
            self._load(user)

    @rx.event
    def add(self, form_data: dict[str, str]) -> None:
        self.error = self.notice = ""
        checked = self._checked("brand_alias.add", inputs.form, form_data, label="別名")
        if checked is None:
            return
        alias, brand = checked.get("alias", ""), checked.get("brand", "")
        done = self._service((ADMIN,), "brand_alias.add", brands.add_brand_alias, alias=alias, brand=brand)
        if done is not None:
            self.notice = f"「{alias.strip()}」で {brand.strip()} を検索できるようにしました。"
            self._load(done[0])

    @rx.event
    def remove(self, alias_id: str) -> None:
        self.error = self.notice = ""
        chosen = self._checked("brand_alias.remove", inputs.record_id, alias_id, label="別名")
        if chosen is None:
            return
        done = self._service((ADMIN,), "brand_alias.remove", brands.remove_brand_alias, alias_id=chosen)
        if done is not None:
            self._load(done[0])
