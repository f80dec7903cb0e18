"""/admin/upload: catalogue upload with a preview before anything is written."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import ArrayVar, ObjectVar

from horologen.components.layout import error_banner, gated, info_banner, page_shell
from horologen.components.tables import card_table, cell, headings
from horologen.pages.catalogue_tidy import aliases_section, duplicates_section
from horologen.pages.upload_review import changes_section, file_notes
from horologen.state.admin_upload import UPLOAD_ID, AdminUploadState
from horologen.state.base import DENIED_MESSAGE
from horologen.state.upload_rows import PreviewRow

TEXT = {
    "title": "カタログ取込",
    "denied": DENIED_MESSAGE + "（店舗管理者専用）",
    "intro": (
        "CSV・タブ区切りテキスト（UTF-8 / Shift_JIS）または Excel（.xlsx）のカタログを取り込みます。"
        "見出し行に「ブランド」「型番」"
        "「価格」（税込価格・税抜価格のどちらでも可）が必要です。ほかの列は仕様として保存されます。確認画面で内容を見てから取り込みます。"
    ),
    "drop": "ここにファイルをドラッグ＆ドロップ、またはクリックして選択",
    "file_input": "カタログファイル（CSV または Excel）",
    "upload": "アップロードして確認",
    "processing": "アップロード・解析中…",
    "summary": "確認",
    "rows": "行数",
    "add": "追加される商品",
    "existing": "既存の商品（既定では変更しません）",
    "current": "現在の価格",
    "file_price": "ファイルの価格",
    "change": "価格を更新した場合",
    "price_changes": "件の価格・販売状態が変わります（下で「価格だけ反映」か「すべての変更を反映」を選んだ場合）",
    "private": "原価・仕入などの社外秘の列は取り込みません（スタッフ画面・記事に出さないため）: ",
    "invalid": "エラーの行（取り込まれません）",
    "commit": "この内容で取り込む",
    "nothing": "取り込む内容がありません（追加される商品も、選んだ反映の内容もありません）。",
    "cancel": "取り消す",
    "confirm": "カタログに取り込みます。よろしいですか？",
    "line": "行",
    "reason": "理由",
    "brand": "ブランド",
    "reference": "型番",
    "name": "商品名",
    "price": "価格",
    "stock": "管理番号",
    "specs": "仕様として保存する列",
    "more_errors": "件のエラーがあります（先頭のみ表示）",
}


NEW_COLUMNS = (
    ("line", "line"),
    ("stock", "stock"),
    ("brand", "brand"),
    ("reference", "reference"),
    ("name", "name"),
    ("price", "price"),
)
EXISTING_COLUMNS = (
    ("line", "line"),
    ("stock", "stock"),  # two pieces of one reference differ only here
    ("brand", "brand"),
    ("reference", "reference"),
    ("current", "current"),
    ("file_price", "price"),
    ("change", "change"),
)


def _rows_table(
    rows: rx.Var[list[PreviewRow]], columns: tuple[tuple[str, str], ...] = NEW_COLUMNS, **props: str
) -> rx.Component:
    """Sample rows of the preview; `columns` pairs a TEXT heading with the row's field."""
    return card_table(
        headings(*[TEXT[heading] for heading, _ in columns]),
        rx.table.body(
            rx.foreach(rows, lambda r: rx.table.row(*[cell(TEXT[h], getattr(r, key)) for h, key in columns]))
        ),
        size="1",
        width="100%",
        **props,
    )


def _preview() -> rx.Component:
    s = AdminUploadState
    return rx.cond(
        s.upload_id > 0,
        rx.card(
            rx.vstack(
                rx.heading(TEXT["summary"] + "： " + s.filename, size="4"),
                rx.hstack(
                    rx.badge(TEXT["rows"] + " " + s.total_rows.to_string(), size="2"),
                    rx.badge(TEXT["add"] + " " + s.to_add.to_string(), color_scheme="green", size="2", id="count-add"),
                    rx.badge(TEXT["existing"] + " " + s.existing.to_string(), color_scheme="gray", size="2"),
                    rx.badge(
                        TEXT["invalid"] + " " + s.error_count.to_string(),
                        color_scheme=rx.cond(s.error_count > 0, "red", "gray"),
                        size="2",
                    ),
                    wrap="wrap",
                ),
                rx.cond(s.spec_columns != "", rx.text(TEXT["specs"] + ": " + s.spec_columns, size="2")),
                rx.cond(s.price_tax_note != "", rx.text(s.price_tax_note, size="2", id="price-tax-note")),
                file_notes(),
                rx.cond(
                    s.private_columns.length() > 0,
                    rx.text(
                        TEXT["private"],
                        s.private_columns.join("、"),
                        size="2",
                        color_scheme="amber",
                        id="private-columns",
                    ),
                ),
                rx.cond(
                    s.error_count > 0,
                    rx.vstack(
                        rx.text(TEXT["invalid"], weight="bold", color_scheme="red"),
                        rx.table.root(
                            rx.table.header(
                                rx.table.row(
                                    rx.table.column_header_cell(TEXT["line"]),
                                    rx.table.column_header_cell(TEXT["reason"]),
                                )
                            ),
                            rx.table.body(
                                rx.foreach(
                                    s.row_errors,
                                    lambda e: rx.table.row(rx.table.cell(e.line), rx.table.cell(e.reason)),
                                )
                            ),
                            size="1",
                            width="100%",
                            id="row-errors",
                        ),
                        width="100%",
                    ),
                ),
                rx.cond(
                    s.to_add > 0,
                    rx.vstack(rx.text(TEXT["add"], weight="bold"), _rows_table(s.sample_add), width="100%"),
                ),
                rx.cond(
                    s.existing > 0,
                    rx.vstack(
                        rx.text(TEXT["existing"], weight="bold"),
                        rx.text(s.price_changes.to_string() + TEXT["price_changes"], size="2", id="price-changes"),
                        _rows_table(s.sample_existing, EXISTING_COLUMNS, id="existing-rows"),
                        width="100%",
                    ),
                ),
                changes_section(),
                rx.hstack(
                    rx.alert_dialog.root(
                        rx.alert_dialog.trigger(
                            rx.button(TEXT["commit"], size="3", id="commit-import", disabled=~s.has_work)
                        ),
                        rx.alert_dialog.content(
                            rx.alert_dialog.title(TEXT["title"]),
                            rx.alert_dialog.description(TEXT["confirm"]),
                            rx.hstack(
                                rx.alert_dialog.cancel(rx.button(TEXT["cancel"], variant="soft", color_scheme="gray")),
                                rx.alert_dialog.action(rx.button("取り込む", on_click=s.commit)),
                                justify="end",
                                spacing="3",
                                margin_top="16px",
                            ),
                        ),
                    ),
                    rx.button(TEXT["cancel"], variant="soft", color_scheme="gray", on_click=s.cancel),
                    rx.cond(
                        ~s.has_work, rx.text(TEXT["nothing"], size="2", color_scheme="gray", id="nothing-to-import")
                    ),
                    spacing="3",
                    align="center",
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
    )


def _drop_zone() -> rx.Component:
    """The drop zone; its hidden file input is named for screen readers (axe: label)."""
    zone = rx.upload(
        rx.vstack(
            rx.icon("upload"),
            rx.text(TEXT["drop"], size="2"),
            rx.foreach(rx.selected_files(UPLOAD_ID), lambda name: rx.badge(name)),
            align="center",
            spacing="2",
        ),
        id=UPLOAD_ID,
        multiple=False,
        # A refused file (a PDF, say) is named at once; only the names travel, never the file.
        on_drop_rejected=lambda rejections: AdminUploadState.rejected(
            rejections.to(ArrayVar, list[dict[str, Any]]).map(
                lambda rejection: rejection.to(ObjectVar, dict[str, Any])["file"].to(ObjectVar, dict[str, Any])["name"]
            )
        ),
        accept={
            "text/csv": [".csv", ".txt"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"],
            # Accepted by the picker only so the service can say in Japanese how to re-save it.
            "application/vnd.ms-excel": [".xls"],
        },
        border="2px dashed var(--gray-7)",
        padding="24px",
        border_radius="8px",
        width="100%",
    )
    file_input = zone.children[0].children[0]  # rx.upload renders <div>(<input type=file>, *children)
    file_input.custom_attrs["aria-label"] = TEXT["file_input"]
    return zone


def _content() -> rx.Component:
    s = AdminUploadState
    return rx.vstack(
        rx.text(TEXT["intro"], size="2"),
        # An error belongs to the file that caused it (the state clears the selection then): choosing
        # another file hides it.
        rx.cond(rx.selected_files(UPLOAD_ID).length() == 0, error_banner(s.error)),
        info_banner(s.result),
        _drop_zone(),
        rx.hstack(
            rx.button(
                TEXT["upload"],
                on_click=[
                    s.start,
                    s.handle_upload(rx.upload_files(upload_id=UPLOAD_ID, on_upload_progress=s.on_progress)),
                ],
                loading=s.processing,
                id="upload-button",
            ),
            rx.cond(
                s.processing,
                rx.hstack(
                    rx.progress(value=s.progress, width="200px"),
                    rx.text(TEXT["processing"], size="2"),
                    align="center",
                ),
            ),
            align="center",
            spacing="3",
        ),
        _preview(),
        rx.divider(),
        aliases_section(),
        duplicates_section(),
        spacing="4",
        width="100%",
    )


def admin_upload_page() -> rx.Component:
    return page_shell(
        gated(AdminUploadState.access, _content(), TEXT["denied"]),
        title=TEXT["title"],
        user_name=AdminUploadState.user_name,
        user_role=AdminUploadState.user_role,
    )
