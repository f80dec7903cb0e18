"""The lower half of /admin/upload: brand aliases staff may type, and products stored twice under
two spellings, merged by the admin. Each reads its own small state (BrandAliasState,
CatalogueDuplicatesState), loaded by the page's on_load."""

from __future__ import annotations

import reflex as rx

from horologen.components.confirm import confirm_dialog
from horologen.components.layout import error_banner, info_banner
from horologen.components.tables import card_table, cell
from horologen.state.brand_alias import AliasRow, BrandAliasState
from horologen.state.catalogue_duplicates import CatalogueDuplicatesState, DuplicateRow

TEXT = {
    "aliases": "ブランドの別名",
    "aliases_help": (
        "スタッフが検索で入力する別の表記を登録できます（例: ろれっくす → ROLEX）。"
        "ロレックス・オメガなど主要ブランドのカタカナ表記は最初から使えます。"
    ),
    "alias": "別名（例: ろれっくす）",
    "alias_brand": "ブランド（例: ROLEX）",
    "alias_add": "別名を追加",
    "alias_remove": "削除",
    "duplicates": "重複している商品",
    "duplicates_help": (
        "表記ちがいで同じ時計が2件以上登録されています（例: ロレックス と ROLEX）。"
        "残す商品を選ぶと、ほかの商品の記事はその商品に付け替えられ、ほかの商品は削除されます。"
    ),
    "spellings": "同じブランドとして扱われる表記",
    "keep": "これを残して統合",
    "keep_confirm": "この商品を残し、同じ時計のほかの商品を削除します（記事は残します）。よろしいですか？",
    "brand": "ブランド",
    "reference": "型番",
    "price": "価格",
    "articles": "記事",
}


def _alias(row: rx.Var[AliasRow]) -> rx.Component:
    return rx.hstack(
        rx.code(row.alias),
        rx.text("→"),
        rx.text(row.brand, weight="bold"),
        rx.button(
            TEXT["alias_remove"], size="1", variant="ghost", color_scheme="red", on_click=BrandAliasState.remove(row.id)
        ),
        align="center",
    )


def aliases_section() -> rx.Component:
    """The shop's aliases with a form to add one."""
    a = BrandAliasState
    return rx.vstack(
        rx.heading(TEXT["aliases"], size="4"),
        rx.text(TEXT["aliases_help"], size="2", color_scheme="gray"),
        error_banner(a.error),
        info_banner(a.notice),
        rx.form(
            rx.hstack(
                rx.input(name="alias", placeholder=TEXT["alias"], aria_label=TEXT["alias"], width="200px"),
                # the arrow stays with the brand when the row wraps on a phone
                rx.hstack(
                    rx.text("→", aria_hidden="true"),
                    rx.input(
                        name="brand", placeholder=TEXT["alias_brand"], aria_label=TEXT["alias_brand"], width="200px"
                    ),
                    align="center",
                    wrap="nowrap",
                ),
                rx.button(TEXT["alias_add"], type="submit", variant="soft"),
                align="center",
                wrap="wrap",
            ),
            on_submit=a.add,
            reset_on_submit=True,
            no_validate=True,  # the service answers an empty field in Japanese
        ),
        rx.foreach(a.aliases, _alias),
        spacing="3",
        width="100%",
    )


def _keep_button(row: rx.Var[DuplicateRow]) -> rx.Component:
    return confirm_dialog(
        rx.button(TEXT["keep"], size="1", variant="soft"),
        TEXT["duplicates"],
        TEXT["keep_confirm"],
        TEXT["keep"],
        CatalogueDuplicatesState.keep(row.id),
        color_scheme=None,
    )


def _duplicate(row: rx.Var[DuplicateRow]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row.group, weight="bold")),
        cell(TEXT["brand"], row.brand),
        cell(TEXT["reference"], row.reference),
        cell(TEXT["price"], row.price),
        rx.table.cell(TEXT["articles"] + " " + row.articles),
        rx.table.cell(_keep_button(row)),
    )


def duplicates_section() -> rx.Component:
    """Groups of one watch stored twice; shown only when there are any (or a merge just happened)."""
    d = CatalogueDuplicatesState
    return rx.cond(
        (d.groups.length() > 0) | (d.spellings.length() > 0) | (d.notice != ""),
        rx.vstack(
            rx.divider(),
            rx.heading(TEXT["duplicates"], size="4"),
            rx.text(TEXT["duplicates_help"], size="2", color_scheme="gray"),
            error_banner(d.error),
            info_banner(d.notice),
            rx.cond(
                d.spellings.length() > 0,
                rx.text(TEXT["spellings"] + ": " + d.spellings.join("、"), size="2"),
            ),
            card_table(
                rx.table.body(rx.foreach(d.groups, _duplicate)),
                size="1",
                width="100%",
                id="duplicate-products",
            ),
            spacing="3",
            width="100%",
        ),
    )
