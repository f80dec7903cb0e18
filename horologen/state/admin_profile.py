"""/admin/profile: the shop profile form (shop admins), saved as a new version each time."""

from __future__ import annotations

import reflex as rx

from horologen.errors import UserFacingError
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


# The field a ProfileInputError is about, from the words its message starts with (the service
# names the field in Japanese); the first match wins, so the longer names come first.
FIELD_WORDS = (
    ("古物商許可番号", "kobutsu_number"),
    ("許可をした公安委員会", "kobutsu_commission"),
    ("公安委員会名", "kobutsu_commission"),
    ("古物商の氏名又は名称", "kobutsu_name"),
    ("店名", "shop_name"),
    ("状態ランク", "rank_legend"),
    ("保証の文言", "warranty"),
    ("返品の文言", "returns"),
    ("お問い合わせ・購入の案内", "contact"),
    ("使わない言葉", "banned_words"),
    ("必ず入れる言葉", "required_phrases"),
    ("根拠のある表示", "substantiated_claims"),
    ("価格の税区分", "unmarked_price_tax"),
    *((f"記事例 {n}", f"example_{n}") for n in range(1, profile.MAX_EXAMPLES + 1)),
    ("記事例は", "example_1"),
)


def error_field(message: str, form: dict[str, str]) -> str:
    """The form field an error message is about ("" when it names none). 「両方」 of the 古物商
    display points at whichever of the two is empty."""
    if message.startswith("古物商の表示には公安委員会名と許可番号の両方"):
        return "kobutsu_commission" if not str(form.get("kobutsu_commission") or "").strip() else "kobutsu_number"
    return next((name for words, name in FIELD_WORDS if message.startswith(words)), "")


class AdminProfileState(AppState):
    access: str = ""
    values: dict[str, str] = {}
    version: int = 0
    kobutsu_preview: str = ""
    error: str = ""
    error_field: str = ""  # the field the error is about: the page shows the message beside it too
    notice: str = ""
    form_key: int = 0

    def _show(self, data: profile.ProfileData) -> None:
        self.values = _form_values(data)
        self.version = data.version
        self.kobutsu_preview = data.kobutsu_line
        self.form_key += 1

    def _refused(self, form: dict[str, str]) -> rx.event.EventSpec:
        """The message at the top, beside 保存 and beside the field it names, and as a toast."""
        self.error_field = error_field(self.error, form)
        return rx.toast.error(self.error, duration=10000)  # the message at the top may be off screen

    @rx.event
    def on_load(self) -> rx.event.EventSpec | None:
        self.error = self.notice = self.error_field = ""
        user, redirect = self._enter(ADMIN)
        if user is None:
            self.values = {}
            return redirect
        done, data = self._service_as(user, "profile.get", profile.get_profile)
        if done:
            self._show(data)
        return None

    @rx.event
    def save(self, form_data: dict[str, str]) -> rx.event.EventSpec | None:
        self.error = self.notice = self.error_field = ""
        user, redirect = self._gate(ADMIN)
        if user is None:  # the form is read only for someone allowed to save it
            self.error = "" if redirect is not None else "この操作を行う権限がありません。"
            return redirect
        try:
            form = inputs.form(form_data, label="店舗プロフィール")
            data = profile.parse_form(form)
        except UserFacingError as exc:  # ProfileInputError, InputRefused: the message names the field
            self.error = exc.message
            return self._refused(form_data if isinstance(form_data, dict) else {})
        done, saved = self._service_as(
            user, "profile.save", profile.save_profile, data=data, client_address=self._client_address()
        )
        if not done:
            return self._refused(form) if self.error else None
        self._show(saved)
        self.notice = f"保存しました（版 {saved.version}）。これから作成する記事に使われます。"
        return rx.toast.success("店舗プロフィールを保存しました。")
