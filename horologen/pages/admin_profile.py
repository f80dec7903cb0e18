"""/admin/profile: the shop's name, 古物商 display, rank legend, wording and house-style examples."""

from __future__ import annotations

import reflex as rx

from horologen.components.fields import LABEL_STYLE, NATIVE_SELECT_STYLE
from horologen.components.layout import error_banner, gated, info_banner, page_shell
from horologen.services.articles.profile import MAX_EXAMPLES, UNMARKED_TAX_CHOICES
from horologen.state.admin_profile import AdminProfileState
from horologen.state.base import DENIED_MESSAGE

TEXT = {
    "title": "店舗プロフィール",
    "denied": DENIED_MESSAGE + "（店舗管理者専用）",
    "intro": (
        "ここに入れた内容は、これから作成する記事の文体と、記事の後に自動で付く保証・古物商の表示に使われます。"
        "保存するたびに新しい版になり、作成済みの記事は作成時の版のまま表示されます。"
    ),
    "version": "現在の版",
    "default": "未保存（既定の内容）",
    "shop": "店舗",
    "shop_name": "店名",
    "kobutsu": "古物商の表示（古物営業法 第12条。インターネットで中古品を販売する場合は必須）",
    "kobutsu_name": "古物商の氏名又は名称（法人名。屋号だけでは不十分です）",
    "kobutsu_commission": "許可をした公安委員会（例: 東京都公安委員会）",
    "kobutsu_number": "古物商許可番号（例: 301234567890）",
    "kobutsu_preview": "記事に付く表示: ",
    "ranks": "状態ランクの定義（1 行に「ランク: 説明」。空にすると既定の定義に戻ります）",
    "wording": "記事の後に付く文言",
    "warranty": "保証",
    "returns": "返品・交換",
    "contact": "お問い合わせ・購入の案内",
    "words": "言葉の決まり（1 行に 1 つ）",
    "banned": "使わない言葉",
    "required": "必ず入れる言葉",
    "claims": (
        "根拠のある表示（1 行に「表示 | 調査元 | 調査日」。例: 楽天ランキング 腕時計部門 第1位 | 楽天市場ランキング"
        " | 2026年11月20日）。ここにない順位・「初」・「唯一」・最上級の表示は記事で要確認になります"
    ),
    "tax": "税区分の書かれていない価格列（「価格」など）の扱い",
    "examples": "当店の記事の例（最大 3 件。文体を合わせるための最も効果的な手がかりです）",
    "example": "記事の例",
    "save": "保存",
    "to_field": "該当の欄へ移動",
}
_FIELD = {"width": "100%"}
_LINK_STYLE = {"color": "var(--accent-11)", "font-size": "14px", "text-decoration": "underline"}


def _label(text: str, html_for: str) -> rx.Component:
    return rx.el.label(text, html_for=html_for, style=LABEL_STYLE)


def _invalid(name: str) -> dict[str, rx.Var]:
    return {"aria_invalid": rx.cond(AdminProfileState.error_field == name, "true", "false")}


def _field_error(name: str) -> rx.Component:
    """The save's error beside the field it names (the admin may be far below the top)."""
    return rx.cond(
        AdminProfileState.error_field == name,
        rx.text(AdminProfileState.error, size="2", color_scheme="red", id=f"profile-{name}-error"),
    )


def _input(name: str, label: str, max_length: int) -> rx.Component:
    return rx.vstack(
        _label(label, f"profile-{name}"),
        rx.input(
            name=name,
            id=f"profile-{name}",
            default_value=AdminProfileState.values[name],
            max_length=max_length,
            **_invalid(name),
            **_FIELD,
        ),
        _field_error(name),
        spacing="1",
        width="100%",
    )


def _area(name: str, label: str, rows: str = "3") -> rx.Component:
    """A text area without the browser's maxlength (which cuts a paste silently): the service
    answers a text over its limit with a message naming the field, and nothing typed is lost."""
    return rx.vstack(
        _label(label, f"profile-{name}"),
        rx.text_area(
            name=name,
            id=f"profile-{name}",
            default_value=AdminProfileState.values[name],
            rows=rows,
            **_invalid(name),
            **_FIELD,
        ),
        _field_error(name),
        spacing="1",
        width="100%",
    )


def _section(title: str, *children: rx.Component) -> rx.Component:
    return rx.card(rx.vstack(rx.heading(title, size="3"), *children, spacing="3", width="100%"), width="100%")


def _save_row() -> rx.Component:
    """保存 with the save's error beside it, and a link to the field it names."""
    s = AdminProfileState
    return rx.hstack(
        rx.button(TEXT["save"], type="submit", size="3", id="profile-save"),
        rx.cond(
            s.error != "",
            rx.vstack(
                rx.text(s.error, size="2", color_scheme="red", id="profile-save-error"),
                rx.cond(
                    s.error_field != "",
                    rx.el.a(TEXT["to_field"], href="#profile-" + s.error_field, style=_LINK_STYLE),
                ),
                spacing="1",
                flex="1",
                min_width="200px",
            ),
        ),
        spacing="3",
        align="center",
        width="100%",
    )


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            _section(TEXT["shop"], _input("shop_name", TEXT["shop_name"], 200)),
            _section(
                TEXT["kobutsu"],
                _input("kobutsu_name", TEXT["kobutsu_name"], 200),
                _input("kobutsu_commission", TEXT["kobutsu_commission"], 100),
                _input("kobutsu_number", TEXT["kobutsu_number"], 40),
                rx.cond(
                    AdminProfileState.kobutsu_preview != "",
                    rx.text(TEXT["kobutsu_preview"], AdminProfileState.kobutsu_preview, size="2", color_scheme="gray"),
                ),
            ),
            _section(TEXT["ranks"], _area("rank_legend", TEXT["ranks"], rows="8")),
            _section(
                TEXT["wording"],
                _area("warranty", TEXT["warranty"]),
                _area("returns", TEXT["returns"]),
                _area("contact", TEXT["contact"]),
            ),
            _section(
                TEXT["words"],
                _area("banned_words", TEXT["banned"], rows="4"),
                _area("required_phrases", TEXT["required"], rows="3"),
                _area("substantiated_claims", TEXT["claims"], rows="3"),
                rx.vstack(
                    _label(TEXT["tax"], "profile-unmarked_price_tax"),
                    rx.el.select(
                        *[rx.el.option(text, value=value) for value, text in UNMARKED_TAX_CHOICES.items()],
                        name="unmarked_price_tax",
                        id="profile-unmarked_price_tax",
                        default_value=AdminProfileState.values["unmarked_price_tax"],
                        style=NATIVE_SELECT_STYLE,
                        **_invalid("unmarked_price_tax"),
                    ),
                    _field_error("unmarked_price_tax"),
                    spacing="1",
                ),
            ),
            _section(
                TEXT["examples"],
                *[_area(f"example_{n}", f"{TEXT['example']} {n}", rows="6") for n in range(1, MAX_EXAMPLES + 1)],
            ),
            _save_row(),
            spacing="4",
            width="100%",
        ),
        on_submit=AdminProfileState.save,
        reset_on_submit=False,
        key=AdminProfileState.form_key,
        width="100%",
    )


def _content() -> rx.Component:
    return rx.vstack(
        rx.text(TEXT["intro"], size="2", color_scheme="gray"),
        rx.text(
            TEXT["version"],
            ": ",
            rx.cond(AdminProfileState.version > 0, AdminProfileState.version.to_string(), TEXT["default"]),
            size="2",
            id="profile-version",
        ),
        error_banner(AdminProfileState.error),
        info_banner(AdminProfileState.notice),
        _form(),
        spacing="4",
        width="100%",
        max_width="860px",
    )


def admin_profile_page() -> rx.Component:
    return page_shell(
        gated(AdminProfileState.access, _content(), TEXT["denied"]),
        title=TEXT["title"],
        user_name=AdminProfileState.user_name,
        user_role=AdminProfileState.user_role,
    )
