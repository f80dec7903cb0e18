"""The article panel under the chosen product: options, generate/stop, edit, copy, history."""

from __future__ import annotations

import reflex as rx

from horologen.components.fields import NATIVE_SELECT_STYLE, labelled
from horologen.components.layout import error_banner, info_banner
from horologen.services.articles.prompting import CHANNELS, LENGTHS, TONES
from horologen.state.article import ArticleState

TEXT = {
    "heading": "販売記事",
    "tone": "トーン",
    "length": "長さ",
    "channel": "掲載先",
    "notes": "メモ（状態ランク・付属品・年式・備考など。ここに書いた事実だけが記事に使われます）",
    "english": "英語版も作成",
    "generate": "記事を作成",
    "regenerate": "この条件で再作成",
    "regenerate_folded": "条件を変えて作り直す（今月の作成数を 1 件使います）",
    "stop": "中止",
    "writing": "作成中…",
    "stopped": "中止した下書き（まだ保存されていません）",
    "keep": "下書きとして残す",
    "discard": "破棄",
    "title": "タイトル（商品名）",
    "catch_copy": "キャッチコピー",
    "body": "本文（「## 」で小見出し、「- 」で箇条書き。仕様表・価格・保証・古物商の表示は自動で付きます）",
    "outputs": "掲載先ごとの出力",
    "view_channel": "出力先",
    "shorten": "上限に収まるよう短くする（書き直し・作成数は使いません）",
    "copy": "コピー",
    "copy_sold": "コピー（売約済み・取り下げ要）",
    "copy_text_sold": "テキストをコピー（売約済み・取り下げ要）",
    "copy_html_sold": "HTMLをコピー（売約済み・取り下げ要）",
    "over": "上限超過",
    "kobutsu_missing": (
        "古物商の表示（公安委員会名・許可番号）が未設定です。中古品をネットで販売するときは表示が必要です"
        "（古物営業法 第12条）。店舗管理者が「店舗プロフィール」で設定すると、記事の後に自動で付きます。"
    ),
    "save": "編集を保存",
    "copy_text": "テキストをコピー",
    "copy_html": "HTMLをコピー",
    "copied": "コピーしました",
    "copy_empty": "コピーする内容がありません（空欄です）。",
    "preview_of": "出力内容: ",
    "flags": (
        "要確認: データにない事実や、広告として注意が必要な表現があります。本文を直すか、"
        "内容を確かめたうえで「確認済み」にしてください。すべて済むまでコピーできません。"
    ),
    "ack": "確認済みにする",
    "flags_done": "要確認はすべて確認済みです。コピー・承認の依頼ができます。",
    "submit": "承認を依頼",
    "approve": "承認する",
    "version": "版",
    "review_status": "状態",
    "rejected": "差し戻しの理由: ",
    "diff": "前の版からの変更（＋追加 −削除）",
    "frozen": "承認済みの記事は変更されません。編集して保存すると新しい版（下書き）になります。",
    "claims": "AIによる事実確認（文ごと）",
    "claims_again": "AIで再確認",
    "claims_checking": "確認中…",
    "claims_failed": "AIによる事実確認を実行できませんでした。上の要確認チェックは有効です。",
    "claims_skipped": "AIによる事実確認は設定で無効になっています。",
    "claims_none": "事実を述べた文は見つかりませんでした。",
    "claims_hint": "本文を編集した後は「AIで再確認」で確認し直せます。",
    "claim_field": "根拠: ",
    "risks": "AIによる広告表示の指摘（参考。上の要確認とあわせて確認してください）",
    "acked": "確認済み",
    "gate": "要確認が残っています。すべて修正するか「確認済み」にするとコピーできます。",
    "history": "この商品の過去の記事",
    "no_history": "まだ記事はありません。",
    "english_heading": "English",
}


def _select(name: str, label: str, choices: dict[str, str], default: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=f"opt-{name}", style={"font-size": "13px"}),
        rx.el.select(
            *[rx.el.option(text, value=value) for value, text in choices.items()],
            name=name,
            id=f"opt-{name}",
            default_value=default,
            style=NATIVE_SELECT_STYLE,
        ),
        spacing="1",
    )


def _options_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.hstack(
                _select("tone", TEXT["tone"], TONES, "elegant"),
                _select("length", TEXT["length"], LENGTHS, "standard"),
                _select("channel", TEXT["channel"], CHANNELS, "own_site"),
                rx.hstack(
                    rx.el.input(type="checkbox", name="include_english", id="opt-english", value="1"),
                    rx.el.label(TEXT["english"], html_for="opt-english", style={"font-size": "13px"}),
                    align="center",
                    spacing="1",
                ),
                spacing="4",
                align="end",
                wrap="wrap",
            ),
            rx.text_area(name="notes", placeholder=TEXT["notes"], width="100%", rows="3", max_length=1000),
            rx.cond(
                ArticleState.unavailable != "",
                rx.callout(
                    ArticleState.unavailable,
                    icon="info",
                    color_scheme="amber",
                    width="100%",
                    id="generation-unavailable",
                ),
            ),
            rx.hstack(
                rx.button(
                    rx.cond(ArticleState.article_id > 0, TEXT["regenerate"], TEXT["generate"]),
                    type="submit",
                    size="3",
                    loading=ArticleState.generating,
                    disabled=ArticleState.generating | (ArticleState.unavailable != ""),
                    id="generate-button",
                ),
                rx.cond(
                    ArticleState.generating,
                    rx.button(
                        TEXT["stop"], type="button", variant="soft", color_scheme="red", on_click=ArticleState.stop
                    ),
                ),
                rx.spacer(),
                rx.badge(ArticleState.quota_label, size="2", id="quota-label"),
                width="100%",
                align="center",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=ArticleState.generate,
        reset_on_submit=False,
    )


def _flag_row(flag: rx.Var[dict[str, str]]) -> rx.Component:
    return rx.hstack(
        rx.badge(flag["kind_label"], color_scheme=rx.cond(flag["kind"] == "ad", "red", "amber"), size="1"),
        rx.vstack(
            rx.text(rx.el.strong(flag["term"]), " — ", flag["reason"], size="2"),
            rx.cond(flag["suggestion"] != "", rx.text(flag["suggestion"], size="1", color_scheme="gray")),
            spacing="0",
            flex="1",
        ),
        rx.cond(
            flag["acked"] != "",
            rx.badge(TEXT["acked"], color_scheme="green", size="1"),
            rx.button(
                TEXT["ack"],
                size="1",
                variant="outline",
                on_click=ArticleState.acknowledge(flag["term"]),
                aria_label=TEXT["ack"] + ": " + flag["term"],
            ),
        ),
        width="100%",
        align="center",
        class_name="review-flag",
    )


def _flags() -> rx.Component:
    return rx.cond(
        ArticleState.flags.length() > 0,
        rx.callout(
            rx.vstack(
                rx.cond(ArticleState.open_flags > 0, rx.text(TEXT["flags"]), rx.text(TEXT["flags_done"])),
                rx.foreach(ArticleState.flags, _flag_row),
                width="100%",
                spacing="2",
            ),
            icon="triangle_alert",
            color_scheme="amber",
            width="100%",
            id="grounding-flags",
        ),
    )


def _claim_row(claim: rx.Var[dict[str, str]]) -> rx.Component:
    color = rx.match(claim["status"], ("supported", "green"), ("contradicts", "red"), "amber")
    return rx.hstack(
        rx.badge(claim["label"], color_scheme=color, size="1", min_width="84px"),
        rx.vstack(
            rx.text(claim["sentence"], size="2"),
            rx.cond(claim["field"] != "", rx.text(TEXT["claim_field"], claim["field"], size="1", color_scheme="gray")),
            spacing="0",
        ),
        width="100%",
        align="start",
        class_name="claim-row",
    )


def _risk_row(risk: rx.Var[dict[str, str]]) -> rx.Component:
    return rx.hstack(
        rx.badge(risk["label"], color_scheme="amber", size="1"),
        rx.vstack(
            rx.text(risk["sentence"], size="2"),
            rx.text(risk["reason"], size="1", color_scheme="gray"),
            spacing="0",
            align="start",
        ),
        align="start",
        spacing="2",
        class_name="claim-row",
    )


def _claims() -> rx.Component:
    """The second model's sentence-by-sentence check (informational; the flags above gate copying)."""
    return rx.cond(
        ArticleState.claim_status != "",
        rx.box(
            rx.vstack(
                rx.hstack(
                    rx.text(TEXT["claims"], weight="bold", size="2"),
                    rx.spacer(),
                    rx.button(
                        TEXT["claims_again"],
                        size="1",
                        variant="ghost",
                        on_click=ArticleState.recheck_claims,
                        disabled=ArticleState.claim_status == "checking",
                    ),
                    width="100%",
                ),
                rx.text(TEXT["claims_hint"], size="1", color_scheme="gray"),
                rx.match(
                    ArticleState.claim_status,
                    ("checking", rx.text(TEXT["claims_checking"], size="2", color_scheme="gray")),
                    ("failed", rx.text(TEXT["claims_failed"], size="2", color_scheme="gray")),
                    ("skipped", rx.text(TEXT["claims_skipped"], size="2", color_scheme="gray")),
                    rx.vstack(
                        rx.cond(
                            ArticleState.claims.length() > 0,
                            rx.vstack(rx.foreach(ArticleState.claims, _claim_row), spacing="2", width="100%"),
                            rx.text(TEXT["claims_none"], size="2", color_scheme="gray"),
                        ),
                        rx.cond(
                            ArticleState.risks.length() > 0,
                            rx.vstack(
                                rx.text(TEXT["risks"], weight="bold", size="2"),
                                rx.foreach(ArticleState.risks, _risk_row),
                                spacing="2",
                                width="100%",
                                id="claim-risks",
                            ),
                        ),
                        spacing="3",
                        width="100%",
                    ),
                ),
                spacing="2",
                width="100%",
            ),
            padding="12px",
            border="1px solid var(--gray-6)",
            border_radius="8px",
            width="100%",
            id="claim-check",
        ),
    )


def _review() -> rx.Component:
    """The text with each 要確認 term highlighted (read-only; edits go in the fields below)."""
    return rx.cond(
        ArticleState.review_html != "",
        rx.box(
            rx.html(ArticleState.review_html),
            padding="12px",
            border="1px solid var(--amber-6)",
            border_radius="8px",
            background="var(--amber-2)",
            width="100%",
            id="grounding-review",
        ),
    )


def _editor() -> rx.Component:
    return rx.cond(
        ArticleState.generating | (ArticleState.stream_text != ""),
        rx.box(
            rx.text(
                rx.cond(ArticleState.generating, TEXT["writing"], TEXT["stopped"]),
                size="2",
                color_scheme="gray",
                id="stream-label",
            ),
            rx.text(ArticleState.stream_text, white_space="pre-wrap", id="stream-text"),
            rx.cond(
                ~ArticleState.generating & (ArticleState.cancelled_id > 0),
                rx.hstack(
                    rx.button(TEXT["keep"], size="2", on_click=ArticleState.keep_cancelled, id="keep-partial"),
                    rx.button(
                        TEXT["discard"],
                        size="2",
                        variant="soft",
                        color_scheme="gray",
                        on_click=ArticleState.discard_cancelled,
                    ),
                    spacing="3",
                    padding_top="8px",
                ),
            ),
            padding="12px",
            border="1px dashed var(--gray-7)",
            border_radius="8px",
            width="100%",
        ),
        rx.cond(
            ArticleState.article_id > 0,
            rx.vstack(
                _flags(),
                _review(),
                _claims(),
                labelled(
                    TEXT["title"],
                    "article-title",
                    rx.input(
                        value=ArticleState.title,
                        on_change=ArticleState.set_title,
                        debounce_timeout=300,
                        size="3",
                        width="100%",
                        id="article-title",
                    ),
                ),
                labelled(
                    TEXT["catch_copy"],
                    "article-catch",
                    rx.input(
                        value=ArticleState.catch_copy,
                        on_change=ArticleState.set_catch_copy,
                        debounce_timeout=300,
                        width="100%",
                        id="article-catch",
                    ),
                ),
                labelled(
                    TEXT["body"],
                    "article-body",
                    rx.text_area(
                        value=ArticleState.body,
                        on_change=ArticleState.set_body,
                        debounce_timeout=300,
                        rows="14",
                        width="100%",
                        id="article-body",
                    ),
                ),
                rx.cond(
                    ArticleState.body_en != "",
                    rx.vstack(
                        rx.text(TEXT["english_heading"], weight="bold"),
                        rx.text(ArticleState.body_en, white_space="pre-wrap"),
                        width="100%",
                    ),
                ),
                _lifecycle(),
                _outputs(),
                width="100%",
                spacing="3",
            ),
        ),
    )


def _copy_button(label: str | rx.Var[str], value: rx.Var[str], **props: object) -> rx.Component:
    """Copies `value`; an empty (or blank) one is refused with a message, never 「コピーしました」."""
    return rx.cond(
        value.to(str).strip() != "",
        rx.button(label, on_click=[rx.set_clipboard(value), rx.toast.info(TEXT["copied"])], **props),
        rx.button(label, on_click=rx.toast.warning(TEXT["copy_empty"]), **props),
    )


def _output_field(item: rx.Var[dict[str, str]]) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(item["label"], weight="bold", size="2"),
            rx.badge(item["length"], color_scheme=rx.cond(item["over"] != "", "red", "gray"), size="1"),
            rx.spacer(),
            _copy_button(
                rx.cond(ArticleState.sold_note != "", TEXT["copy_sold"], TEXT["copy"]),
                item["value"],
                size="1",
                variant="outline",
                aria_label=TEXT["copy"] + ": " + item["label"],
                disabled=ArticleState.open_flags > 0,
            ),
            width="100%",
            align="center",
        ),
        rx.cond(item["problems"] != "", rx.text(item["problems"], size="1", color_scheme="red")),
        rx.box(
            rx.text(item["value"], white_space="pre-wrap", size="1", font_family="monospace"),
            max_height="160px",
            overflow_y="auto",
            # a scrolling box must be reachable by keyboard (WCAG 2.1.1; axe scrollable-region-focusable)
            tab_index=0,
            role="region",
            aria_label=TEXT["preview_of"] + item["label"],
            padding="8px",
            border="1px solid var(--gray-6)",
            border_radius="6px",
            width="100%",
        ),
        width="100%",
        spacing="1",
        class_name="channel-field",
        data_field=item["key"],
    )


def _outputs() -> rx.Component:
    """Each field of the chosen channel, measured against its limit, with copy buttons."""
    return rx.vstack(
        rx.heading(TEXT["outputs"], size="3"),
        rx.hstack(
            rx.el.label(TEXT["view_channel"], html_for="view-channel", style={"font-size": "13px"}),
            rx.el.select(
                *[rx.el.option(text, value=value) for value, text in CHANNELS.items()],
                id="view-channel",
                value=ArticleState.view_channel,
                on_change=ArticleState.set_view_channel,
                style=NATIVE_SELECT_STYLE,
            ),
            rx.cond(
                ArticleState.any_over,
                rx.button(
                    TEXT["shorten"],
                    size="2",
                    color_scheme="red",
                    on_click=ArticleState.shorten,
                    loading=ArticleState.shortening,
                    id="shorten",
                ),
            ),
            rx.cond(
                ArticleState.view_channel != "instagram",
                rx.cond(
                    ArticleState.view_channel != "chrono24",
                    _copy_button(
                        rx.cond(ArticleState.sold_note != "", TEXT["copy_html_sold"], TEXT["copy_html"]),
                        ArticleState.copy_html,
                        variant="outline",
                        disabled=ArticleState.open_flags > 0,
                    ),
                ),
            ),
            _copy_button(
                rx.cond(ArticleState.sold_note != "", TEXT["copy_text_sold"], TEXT["copy_text"]),
                ArticleState.copy_text,
                variant="outline",
                disabled=ArticleState.open_flags > 0,
            ),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        rx.cond(
            ArticleState.open_flags > 0,
            rx.text(TEXT["gate"], size="2", color_scheme="amber", id="review-gate"),
        ),
        rx.cond(
            ArticleState.sold_note != "",
            rx.callout(ArticleState.sold_note, icon="ban", color_scheme="red", size="1", width="100%", id="sold-note"),
        ),
        rx.cond(
            ArticleState.kobutsu_missing,
            rx.callout(TEXT["kobutsu_missing"], icon="info", color_scheme="gray", size="1", width="100%"),
        ),
        rx.foreach(ArticleState.outputs, _output_field),
        width="100%",
        spacing="3",
        id="channel-outputs",
    )


def _lifecycle() -> rx.Component:
    """Save, the article's place on its way to the channels, and the next step."""
    s = ArticleState
    editable = (s.review_status == "draft") | (s.review_status == "rejected") | (s.review_status == "submitted")
    return rx.vstack(
        rx.hstack(
            rx.button(TEXT["save"], on_click=s.save, variant="soft"),
            rx.badge(
                TEXT["review_status"]
                + ": "
                + s.review_label
                + "（"
                + TEXT["version"]
                + " "
                + s.version.to_string()
                + "）",
                color_scheme=rx.match(
                    s.review_status, ("approved", "green"), ("exported", "blue"), ("rejected", "red"), "gray"
                ),
                size="2",
                id="review-status",
            ),
            rx.cond(s.cost != "", rx.text("費用（概算）: " + s.cost, size="1", color_scheme="gray", id="article-cost")),
            rx.cond(
                (s.review_status == "draft") | (s.review_status == "rejected"),
                rx.button(
                    TEXT["submit"],
                    on_click=s.submit_review,
                    variant="outline",
                    disabled=s.open_flags > 0,
                    id="submit-review",
                ),
            ),
            rx.cond(
                s.can_approve & ((s.review_status == "draft") | (s.review_status == "submitted")),
                rx.button(
                    TEXT["approve"], on_click=s.approve, color_scheme="green", disabled=s.open_flags > 0, id="approve"
                ),
            ),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        rx.cond(
            (s.review_status == "rejected") & (s.review_comment != ""),
            rx.text(TEXT["rejected"], s.review_comment, size="2", color_scheme="red"),
        ),
        rx.cond(~editable, rx.text(TEXT["frozen"], size="1", color_scheme="gray")),
        rx.cond(
            s.diff.length() > 0,
            rx.box(
                rx.text(TEXT["diff"], weight="bold", size="2"),
                rx.foreach(
                    s.diff,
                    lambda d: rx.text(
                        d["mark"] + " " + d["line"],
                        size="1",
                        white_space="pre-wrap",
                        color_scheme=rx.match(d["mark"], ("+", "green"), ("-", "red"), "gray"),
                    ),
                ),
                padding="8px",
                border="1px solid var(--gray-6)",
                border_radius="6px",
                width="100%",
                id="version-diff",
            ),
        ),
        spacing="2",
        width="100%",
    )


def _history_row(item: rx.Var[dict[str, str]]) -> rx.Component:
    return rx.hstack(
        rx.text(item["when"], size="1", color_scheme="gray", min_width="80px"),
        rx.link(item["title"], on_click=ArticleState.open_article(item["id"]), size="2", cursor="pointer"),
        rx.cond(item["status"] != "", rx.badge(item["status"], color_scheme="amber", size="1")),
        rx.badge(item["review"], color_scheme="gray", size="1"),
        spacing="3",
        wrap="wrap",  # a long title on a phone pushes the badges onto the next line
        align="center",
    )


def article_panel(review: bool = False) -> rx.Component:
    """The article workspace. `review` (the article's own page under 記事の管理): the article first,
    re-generation folded away as a secondary action that says what it costs."""
    options = (
        rx.accordion.root(
            rx.accordion.item(
                header=TEXT["regenerate_folded"],
                content=_options_form(),
                value="regenerate",
            ),
            collapsible=True,
            type="single",
            variant="ghost",
            width="100%",
        )
        if review
        else _options_form()
    )
    parts = [_editor(), options] if review else [options, _editor()]
    return rx.cond(
        ArticleState.product_id > 0,
        rx.card(
            rx.vstack(
                rx.heading(TEXT["heading"], size="4"),
                error_banner(ArticleState.error),
                info_banner(ArticleState.notice),
                *parts,
                rx.divider(),
                rx.text(TEXT["history"], weight="bold", size="2"),
                rx.cond(
                    ArticleState.history.length() > 0,
                    rx.vstack(rx.foreach(ArticleState.history, _history_row), spacing="1", width="100%"),
                    rx.text(TEXT["no_history"], size="2", color_scheme="gray"),
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
            id="article-panel",
        ),
    )
