"""Parts of the /admin/upload preview about what the file says beyond new rows (issue 25): rows
with no price, sold and reserved pieces, warnings, hidden rows, sheets left out, and the changes to
existing products old → new with the three ways to apply them and the blank-cell option.

Kept small for a phone: counts as badges, and the change list as a card_table (one card per
change below 1024px, components/tables.py)."""

from __future__ import annotations

import reflex as rx

from horologen.components.tables import card_table, cell, headings
from horologen.state.admin_upload import AdminUploadState

TEXT = {
    "no_price": "価格なし（お問い合わせ）",
    "sold": "売約済み",
    "reserved": "商談中",
    "pieces": "管理番号あり（1 本ずつ別の商品）",
    "skipped": "読み込まなかったシート: ",
    "hidden": " 行は Excel で非表示の行でした（取り込みます。不要なら元のファイルで削除してください）。",
    "warnings": "確認してほしいセル（取り込みます）",
    "line": "行",
    "reason": "内容",
    "changes": "既存の商品の変更",
    "no_changes": "登録済みの商品と同じ内容です（変更はありません）。",
    "changed": " 件の既存の商品で、ファイルの内容が現在と違います。",
    "first_only": "（先頭のみ表示）",
    "product": "商品",
    "field": "項目",
    "old": "現在",
    "new": "ファイル",
    "note": "備考",
    "apply": "既存の商品への反映",
    "none": "反映しない（新しい商品だけ追加）",
    "prices": "価格だけ反映（価格・税区分・売約済み/商談中）",
    "all": "すべての変更を反映（商品名・状態・付属品などの仕様も）",
    "blank": "ファイルで空欄のセルは、登録済みの値を消す（選ばなければ残します）",
    "blank_count": " 個のセルが空欄です。",
    "stale": "承認済み・出力済みの記事は、反映した項目が変わると「要更新」になります。",
    "missing": " 件の登録済みの商品がこのファイルにありません（削除も変更もしません。売れたら商品画面で売約済みに）: ",
}


def _badge(count: rx.Var[int], label: str, color: str, element_id: str) -> rx.Component:
    return rx.cond(count > 0, rx.badge(label + " " + count.to_string(), color_scheme=color, size="2", id=element_id))


def file_notes() -> rx.Component:
    """Counts of rows with no price / sold / reserved / pieces, the sheets not read, hidden rows and
    the warnings (cells imported that the admin should look at)."""
    s = AdminUploadState
    return rx.vstack(
        rx.hstack(
            _badge(s.no_price, TEXT["no_price"], "amber", "count-no-price"),
            _badge(s.sold, TEXT["sold"], "red", "count-sold"),
            _badge(s.reserved, TEXT["reserved"], "orange", "count-reserved"),
            _badge(s.pieces, TEXT["pieces"], "blue", "count-pieces"),
            wrap="wrap",
        ),
        rx.cond(
            s.skipped_sheets != "",
            rx.text(TEXT["skipped"] + s.skipped_sheets, size="2", overflow_wrap="anywhere", id="skipped-sheets"),
        ),
        rx.cond(s.hidden_rows > 0, rx.text(s.hidden_rows.to_string() + TEXT["hidden"], size="2", id="hidden-rows")),
        rx.cond(
            s.missing > 0,
            # the labels are the shop's own (a 60-character reference): they may break anywhere
            rx.text(
                s.missing.to_string() + TEXT["missing"] + s.missing_sample,
                size="2",
                overflow_wrap="anywhere",
                id="missing-products",
            ),
        ),
        rx.cond(
            s.warning_count > 0,
            rx.vstack(
                rx.text(TEXT["warnings"] + " " + s.warning_count.to_string(), weight="bold", color_scheme="amber"),
                card_table(
                    headings(TEXT["line"], TEXT["reason"]),
                    rx.table.body(
                        rx.foreach(
                            s.warnings,
                            lambda w: rx.table.row(cell(TEXT["line"], w.line), cell(TEXT["reason"], w.reason)),
                        )
                    ),
                    size="1",
                    width="100%",
                    id="row-warnings",
                ),
                width="100%",
            ),
        ),
        spacing="2",
        width="100%",
    )


def _option(value: str) -> rx.Component:
    return rx.text(
        rx.flex(rx.radio_group.item(value=value, id=f"apply-{value}"), TEXT[value], spacing="2", align="center"),
        as_="label",
        size="2",
    )


def changes_section() -> rx.Component:
    """Existing products the file changes, old → new, and how to apply: nothing (the default),
    prices only, or every change; a blank cell erases only when the admin ticks it."""
    s = AdminUploadState
    columns = (("product", "product"), ("line", "line"), ("field", "field"), ("old", "old"), ("new", "new"))
    return rx.cond(
        s.existing > 0,
        rx.vstack(
            rx.text(TEXT["changes"], weight="bold"),
            rx.cond(
                s.changed > 0,
                rx.vstack(
                    rx.text(
                        s.changed.to_string() + TEXT["changed"],
                        rx.cond(s.changed > s.changed_shown, TEXT["first_only"], ""),
                        size="2",
                        id="changed-count",
                    ),
                    card_table(
                        headings(*[TEXT[h] for h, _ in columns], TEXT["note"]),
                        rx.table.body(
                            rx.foreach(
                                s.changes,
                                lambda r: rx.table.row(
                                    *[cell(TEXT[h], getattr(r, key)) for h, key in columns],
                                    cell(TEXT["note"], rx.text(r.note, size="1", color_scheme="gray")),
                                ),
                            )
                        ),
                        size="1",
                        width="100%",
                        id="product-changes",
                    ),
                    width="100%",
                ),
                rx.text(TEXT["no_changes"], size="2", color_scheme="gray", id="no-changes"),
            ),
            rx.text(TEXT["apply"], size="2", weight="medium"),
            rx.radio_group.root(
                rx.vstack(_option("none"), _option("prices"), _option("all"), spacing="2"),
                value=s.apply_mode,
                on_change=s.set_apply_mode,
                id="apply-mode",
            ),
            rx.cond(
                s.blank_cells > 0,
                rx.vstack(
                    rx.text(s.blank_cells.to_string() + TEXT["blank_count"], size="2"),
                    rx.checkbox(
                        TEXT["blank"],
                        checked=s.blank_erases,
                        on_change=s.set_blank_erases,
                        disabled=s.apply_mode != "all",
                        id="blank-erases",
                    ),
                    spacing="1",
                ),
            ),
            rx.text(TEXT["stale"], size="1", color_scheme="gray"),
            spacing="2",
            width="100%",
        ),
    )
