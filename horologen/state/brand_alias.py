"""Brand aliases on the catalogue page: another spelling staff type (`ろれっくす` → ROLEX)."""

from __future__ import annotations

import reflex as rx

from horologen import db
from horologen.services.accounts.access import ADMIN
from horologen.services.catalogue import brands
from horologen.services.operations import inputs
from horologen.state.base import AppState


class BrandAliasState(AppState):
    aliases: list[dict[str, str]] = []
    error: str = ""
    notice: str = ""

    def _load(self, user) -> None:
        with db.session() as session:
            rows = brands.list_brand_aliases(session=session, actor=user.actor)
        self.aliases = [{"id": str(r.id), "alias": r.alias, "brand": r.brand} for r in rows]

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
        done = self._attempt(
            (ADMIN,),
            "brand_alias.add",
            lambda session, actor: brands.add_brand_alias(session=session, actor=actor, alias=alias, brand=brand),
        )
        if done is not None:
            self.notice = f"「{alias.strip()}」で {brand.strip()} を検索できるようにしました。"
            self._load(done[0])

    @rx.event
    def remove(self, alias_id: str) -> None:
        self.error = self.notice = ""
        done = self._attempt(
            (ADMIN,),
            "brand_alias.remove",
            lambda session, actor: brands.remove_brand_alias(
                session=session, actor=actor, alias_id=inputs.record_id(alias_id, label="別名")
            ),
        )
        if done is not None:
            self._load(done[0])
