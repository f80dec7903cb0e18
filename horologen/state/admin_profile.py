"""/admin/profile: the shop profile form (shop admins), saved as a new version each time."""

from __future__ import annotations

import reflex as rx

from horologen import db
from horologen.services.accounts.access import ADMIN
from horologen.services.articles import profile
from horologen.services.operations import inputs
from horologen.state.base import AppState


def _form_values(data: profile.ProfileData) -> dict[str, str]:
    values = {
        "shop_name": data.shop_name,
        "kobutsu_name": data.kobutsu_name,
        "kobutsu_commission": data.kobutsu_commission,
        "kobutsu_number": data.kobutsu_number,
        "rank_legend": "\n".join(f"{rank}: {text}" for rank, text in data.rank_legend.items()),
        "warranty": data.warranty,
        "returns": data.returns,
        "contact": data.contact,
        "banned_words": "\n".join(data.banned_words),
        "required_phrases": "\n".join(data.required_phrases),
        "substantiated_claims": "\n".join(
            f"{c.get('claim', '')} | {c.get('source', '')} | {c.get('surveyed', '')}" for c in data.substantiated_claims
        ),
        "unmarked_price_tax": data.unmarked_price_tax,
    }
    for number in range(1, profile.MAX_EXAMPLES + 1):
        values[f"example_{number}"] = data.examples[number - 1] if len(data.examples) >= number else ""
    return values


class AdminProfileState(AppState):
    access: str = ""
    values: dict[str, str] = {}
    version: int = 0
    kobutsu_preview: str = ""
    error: str = ""
    notice: str = ""
    form_key: int = 0

    def _show(self, data: profile.ProfileData) -> None:
        self.values = _form_values(data)
        self.version = data.version
        self.kobutsu_preview = data.kobutsu_line
        self.form_key += 1

    @rx.event
    def on_load(self) -> rx.event.EventSpec | None:
        self.error = self.notice = ""
        user, redirect = self._enter(ADMIN)
        if user is None:
            self.values = {}
            return redirect
        with db.session() as session:
            self._show(profile.get_profile(session=session, actor=user.actor))
        return None

    @rx.event
    def save(self, form_data: dict[str, str]) -> rx.event.EventSpec | None:
        self.error = self.notice = ""
        user, redirect = self._gate(ADMIN)
        if user is None:  # the form is read only for someone allowed to save it
            self.error = "" if redirect is not None else "この操作を行う権限がありません。"
            return redirect
        try:
            data = profile.parse_form(inputs.form(form_data, label="店舗プロフィール"))
        except (profile.ProfileInputError, inputs.InputRefused) as exc:
            self.error = str(exc)
            return rx.toast.error(self.error, duration=10000)  # the message at the top may be off screen
        address = self._client_address()
        outcome = self._attempt(
            (ADMIN,),
            "profile.save",
            lambda session, actor: profile.save_profile(
                session=session, actor=actor, data=data, client_address=address
            ),
        )
        if outcome is None:
            return rx.toast.error(self.error, duration=10000) if self.error else None
        _user, saved = outcome
        self._show(saved)
        self.notice = f"保存しました（版 {saved.version}）。これから作成する記事に使われます。"
        return rx.toast.success("店舗プロフィールを保存しました。")
