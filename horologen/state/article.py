"""The article panel on /staff/search: options, streamed generation, edit, copy, history."""

from __future__ import annotations

from typing import Any

import reflex as rx

from horologen import db
from horologen.services.accounts.access import ADMIN, STAFF, AccessDenied
from horologen.services.articles import (
    channels,
    claim_check,
    generation,
    library,
    lifecycle,
    markup,
    review,
    rewrite,
    withdrawals,
)
from horologen.services.articles.grounding import highlight_html
from horologen.services.articles.profile import ProfileData
from horologen.services.articles.prompting import CHANNELS, GenerationOptions
from horologen.services.operations import inputs, quota
from horologen.state.base import AppState
from horologen.timezones import to_tokyo

# The field each channel's "HTMLをコピー" copies (channels without HTML copy their text).
HTML_FIELDS = {"own_site": "html", "rakuten": "pc_description", "yahoo": "caption"}
FLAG_KINDS = {
    "number": "数値",
    "price": "価格",
    "reference": "型番",
    "spec": "仕様",
    "accessory": "付属品",
    "origin": "流通経路",
    "warranty": "保証",
    "service": "整備",
    "condition": "状態",
    "ad": "広告表現",
    "banned": "使わない言葉",
}
CLAIM_LABELS = {"supported": "裏付けあり", "not_in_data": "データにない", "contradicts": "データと矛盾"}
STATUS_LABELS = {"done": "完了", "truncated": "途中まで（下書き）", "failed": "失敗", "cancelled": "中止"}


def _history_item(view: library.ArticleView) -> dict[str, str]:
    return {
        "id": str(view.id),
        "title": view.title or "（無題）",
        "when": to_tokyo(view.created_at).strftime("%m/%d %H:%M"),
        "reference": view.reference,
        "tone": str(view.options.get("tone", "")),
        "status": STATUS_LABELS.get(view.status, view.status) if view.status != "done" else "",
        "review": lifecycle.STATUS_LABELS.get(view.review_status, view.review_status) + f"・版{view.version}",
    }


class ArticleState(AppState):
    access: str = ""  # the article's own page under 記事の管理 (open_for_review)
    review_product: str = ""  # that page's heading: brand and reference
    product_id: int = 0
    generating: bool = False
    stop_requested: bool = False
    stream_text: str = ""
    article_id: int = 0
    title: str = ""
    catch_copy: str = ""
    body: str = ""
    body_en: str = ""
    view_channel: str = "own_site"
    outputs: list[dict[str, str]] = []
    any_over: bool = False
    copy_html: str = ""
    copy_text: str = ""
    kobutsu_missing: bool = False
    sold_note: str = ""  # the product is sold: the copy buttons say 取り下げ要 (issue 25 item D)
    flags: list[dict[str, str]] = []
    open_flags: int = 0
    review_status: str = "draft"
    review_label: str = ""
    review_comment: str = ""
    version: int = 1
    can_approve: bool = False
    cancelled_id: int = 0  # a stopped generation whose partial text is on screen
    diff: list[dict[str, str]] = []  # this version against the one before it
    claim_status: str = ""  # "" | checking | ok | failed | skipped
    claims: list[dict[str, str]] = []
    shortening: bool = False
    cost: str = ""  # this article's model cost (約 N 円)
    shorten_how: str = ""  # rewrite | cut: how the last 「短くする」 made the text
    risks: list[dict[str, str]] = []  # the claim check's advertising-law risks (informs, never gates)
    _notes: str = ""
    _acknowledged: list[str] = []
    _snapshot: dict[str, Any] = {}
    _profile: dict[str, Any] = {}
    _article_channel: str = "own_site"
    error: str = ""
    notice: str = ""
    quota_label: str = ""
    unavailable: str = ""  # why articles cannot be written on this server, shown before anyone tries
    history: list[dict[str, str]] = []
    recent: list[dict[str, str]] = []

    def _refresh(self, user) -> None:
        with db.session() as session:
            self.can_approve = lifecycle.approver(session=session, actor=user.actor)
            status = quota.status(session=session, tenant_id=int(user.actor.tenant_id or 0))
            self.quota_label = status.label
            views = library.list_articles(
                session=session, actor=user.actor, product_id=self.product_id, limit=10, all_users=True
            )
            recent = library.list_articles(session=session, actor=user.actor, limit=10)
        self.unavailable = generation.unavailable_reason()
        self.history = [_history_item(v) for v in views]
        self.recent = [{**_history_item(v), "product_id": str(v.product_id or "")} for v in recent if v.product_id]

    def _show(self, view: library.ArticleView) -> None:
        """Show a stored article (get_article checked the actor) with its channel outputs."""
        with db.session() as session:
            content = library.content_of(session=session, view=view)
            older = library.previous_version(session=session, view=view)
            sold = library.sale_state_of(session=session, view=view) == "sold"
        self.sold_note = withdrawals.NEEDS_WITHDRAWAL if sold else ""
        self.diff = (
            [{"mark": mark, "line": line} for mark, line in lifecycle.diff_lines(older, f"{view.title}\n{view.body}")]
            if older is not None
            else []
        )
        self.article_id = view.id
        self.title = view.title
        self.catch_copy = view.catch_copy
        self.body = view.body
        self.body_en = view.body_en
        self.stream_text = ""
        self._notes = view.notes
        self._acknowledged = [str(a.get("term", "")) for a in view.acknowledged]
        self._show_claims(view.claim_status, view.claims, view.claim_risks)
        self.review_status = view.review_status
        self.review_label = lifecycle.STATUS_LABELS.get(view.review_status, view.review_status)
        self.review_comment = view.review_comment
        self.version = view.version
        self.cost = view.cost_label
        self._snapshot = dict(content.snapshot)
        self._profile = content.profile.as_dict()
        self._article_channel = content.channel
        self.view_channel = content.channel
        self.kobutsu_missing = not content.profile.kobutsu_line
        self._recheck()

    def _show_claims(self, status: str, claims: list[dict], risks: list[dict] | None = None) -> None:
        self.claim_status = status
        self.risks = [{k: str(v) for k, v in r.items()} for r in (risks or [])]
        self.claims = [
            {**{k: str(v) for k, v in c.items()}, "label": CLAIM_LABELS.get(str(c.get("status")), "")} for c in claims
        ]

    def _recheck(self) -> None:
        """Flags of the text as it stands in the editor (recomputed as staff edit), then outputs."""
        if self.article_id:
            text = review.article_text(self.title, self.catch_copy, self.body, self.body_en)
            found = review.flags_for(text, self._snapshot, self._notes, ProfileData.from_dict(self._profile))
            self.flags = [
                {
                    **f.as_json(),
                    "kind_label": FLAG_KINDS.get(f.kind, f.kind),
                    "acked": "1" if f.term in self._acknowledged else "",
                }
                for f in found
            ]
            self.open_flags = sum(1 for f in self.flags if not f["acked"])
        self._render()

    def _content(self) -> channels.ArticleContent:
        return channels.ArticleContent(
            title=self.title,
            catch_copy=self.catch_copy,
            body=self.body,
            body_en=self.body_en,
            snapshot=self._snapshot,
            profile=ProfileData.from_dict(self._profile),
            channel=self._article_channel,
        )

    def _render(self) -> None:
        """The chosen channel's fields from the text as it stands in the editor (unsaved edits too)."""
        if not self.article_id:
            self.outputs, self.any_over, self.copy_html, self.copy_text = [], False, "", ""
            return
        output = channels.render(self._content(), self.view_channel)
        self.outputs = [
            {
                "key": f.key,
                "label": f.label,
                "value": f.value,
                "kind": f.kind,
                "length": f.length_label,
                "over": "1" if f.over else "",
                "problems": " ".join(f.problems),
            }
            for f in output.fields
        ]
        self.any_over = any(f.over for f in output.fields)
        if self.open_flags:  # the review gate: nothing to copy while a flag is open
            self.copy_html = self.copy_text = ""
            return
        by_key = {f.key: f.value for f in output.fields}
        html_key = HTML_FIELDS.get(output.channel, "")
        self.copy_html = markup.for_clipboard(by_key.get(html_key, ""))
        if output.channel == "instagram":
            self.copy_text = by_key.get("caption", "")
        elif output.channel == "chrono24":
            self.copy_text = "\n\n".join(v for v in (by_key.get("title", ""), by_key.get("description", "")) if v)
        else:
            plain = channels.plain_description(self._content())
            self.copy_text = markup.strip_markup("\n\n".join(v for v in (self.title, self.catch_copy, plain) if v))
        self.copy_text = markup.for_clipboard(self.copy_text)

    def _blank(self) -> None:
        self.article_id = 0
        self.title = self.catch_copy = self.body = self.body_en = self.stream_text = ""
        self.flags = []
        self.claims = []
        self.risks = []
        self.claim_status = ""
        self.open_flags = 0
        self._acknowledged = []
        self.outputs = []
        self.any_over = False
        self.copy_html = self.copy_text = ""
        self.error = self.notice = ""
        self.cancelled_id = 0

    @rx.event
    def load_recent(self) -> None:
        """The staff member's own latest articles, across products."""
        user, _redirect = self._gate(STAFF, ADMIN)
        if user is None:
            self.recent = []
            return
        with db.session() as session:
            views = library.list_articles(session=session, actor=user.actor, limit=10)
        self.recent = [{**_history_item(v), "product_id": str(v.product_id or "")} for v in views if v.product_id]

    @rx.event
    def load_for_product(self, product_id: str, article_id: str = "") -> rx.event.EventSpec | None:
        if self.generating:
            return None
        self._blank()
        self.history = []
        user, redirect = self._gate(STAFF, ADMIN)
        if user is None:
            self.product_id = 0
            return redirect
        chosen = self._checked("article.load_for_product", inputs.record_id, product_id, label="商品")
        opened = self._checked("article.load_for_product", inputs.text, article_id, limit=10, label="記事")
        if chosen is None or opened is None:
            self.product_id = 0
            return None
        self.product_id, article_id = chosen, opened
        self._refresh(user)
        if article_id:
            return self.open_article(article_id)
        return None

    @rx.event
    def open_article(self, article_id: str) -> rx.event.EventSpec | None:
        user, redirect = self._gate(STAFF, ADMIN)
        if user is None:
            return redirect
        chosen = self._checked("article.open", inputs.record_id, article_id, label="記事")
        if chosen is None:
            return None
        try:
            with db.session() as session:
                view = self._call(
                    user,
                    "article.open",
                    lambda actor: library.get_article(session=session, actor=actor, article_id=chosen),
                )
        except (AccessDenied, ValueError):
            self.error = "記事が見つかりません。"
            return None
        self.error = ""
        self._show(view)
        return None

    def _edit(self, field: str, value: object, *, limit: int, label: str) -> None:
        """An editor field as typed; control characters are taken out (and staff told), a value that
        is not text is refused."""
        checked = self._checked(f"article.set_{field}", inputs.typed_text, value, limit=limit, label=label)
        if checked is None:
            return
        text, cleaned = checked
        setattr(self, field, text)
        if cleaned:
            self.notice = f"{label}から使えない文字（制御文字）を取り除きました。"
        self._recheck()

    @rx.event
    def set_title(self, value: str) -> None:
        self._edit("title", value, limit=300, label="タイトル")

    @rx.event
    def set_catch_copy(self, value: str) -> None:
        self._edit("catch_copy", value, limit=300, label="キャッチコピー")

    @rx.event
    def set_body(self, value: str) -> None:
        self._edit("body", value, limit=20000, label="本文")

    @rx.event
    def set_view_channel(self, value: str) -> None:
        self.view_channel = value if value in CHANNELS else "own_site"
        self._render()

    @rx.event(background=True)
    async def shorten(self):
        """「短くする」: the model rewrites the article within the channel's limits (no slot used);
        the cut (whole sentences from the end, never the facts) is the fallback."""
        async with self:
            if not self.article_id or self.shortening:
                return
            user, _redirect = self._gate(STAFF, ADMIN)
            if user is None:
                return
            self.shortening, self.error, self.notice = True, "", ""
            article_id, edited, channel = self.article_id, self._content(), self.view_channel
        try:
            outcome = await rewrite.shorten(actor=user.actor, article_id=article_id, edited=edited, channel=channel)
        except AccessDenied as exc:
            async with self:
                self.shortening, self.error = False, str(exc)
            return
        async with self:
            self.shortening = False
            if self.article_id != article_id:
                return
            short = outcome.content
            self.title, self.catch_copy, self.body = short.title, short.catch_copy, short.body
            self.shorten_how = outcome.how
            self._recheck()
            self.notice = outcome.message

    @rx.event
    def stop(self) -> None:
        self.stop_requested = True

    @rx.event
    def keep_cancelled(self) -> rx.event.EventSpec | None:
        """中止した下書き → an editable draft (no quota slot is used)."""
        user, redirect = self._gate(STAFF, ADMIN)
        if user is None:
            return redirect
        article_id, self.cancelled_id = self.cancelled_id, 0
        try:
            with db.session() as session:
                view = self._call(
                    user,
                    "article.keep_cancelled",
                    lambda actor: library.keep_cancelled(session=session, actor=actor, article_id=article_id),
                )
        except (AccessDenied, ValueError) as exc:
            self.error = str(exc)
            return None
        self._show(view)
        self._refresh(user)
        self.notice = "途中までの文章を下書きとして残しました（今月の作成数には数えません）。"
        return None

    @rx.event
    def discard_cancelled(self) -> None:
        self.cancelled_id = 0
        self.stream_text = ""
        self.notice = "途中の文章を破棄しました。"

    def _save_current(self, user, session, what: str) -> library.ArticleView:
        """Save the editor's title, catch copy and body through the service (which checks the actor)."""
        return self._call(
            user,
            what,
            lambda actor: library.save_edit(
                session=session,
                actor=actor,
                article_id=self.article_id,
                title=self.title,
                body=self.body,
                catch_copy=self.catch_copy,
            ),
        )

    @rx.event
    def save(self) -> rx.event.EventSpec | None:
        user, redirect = self._gate(STAFF, ADMIN)
        if user is None:
            return redirect
        if not self.article_id:
            return None
        try:
            with db.session() as session:
                view = self._save_current(user, session, "article.save")
        except AccessDenied as exc:
            self.error = str(exc)
            return None
        new_version = view.id != self.article_id
        self._show(view)
        self.notice = (
            f"承認済みの記事はそのまま残し、新しい版（版 {view.version}）として保存しました。"
            if new_version
            else "保存しました。"
        )
        self._refresh(user)
        return rx.toast.success("保存しました。")

    @rx.event
    def acknowledge(self, term: str) -> rx.event.EventSpec | None:
        """Tick one flag 確認済み: the current text is saved first, so the tick is for what is shown."""
        user, redirect = self._gate(STAFF, ADMIN)
        if user is None:
            return redirect
        if not self.article_id:
            return None
        checked = self._checked("article.acknowledge", inputs.text, term, limit=200, label="確認する語")
        if checked is None:
            return None
        term = checked
        address = self._client_address()
        try:
            with db.session() as session:
                view = self._save_current(user, session, "article.acknowledge")
                acknowledged = review.acknowledge(
                    session=session, actor=user.actor, article_id=view.id, term=str(term), client_address=address
                )
        except (AccessDenied, ValueError) as exc:
            self.error = str(exc)
            return None
        self._acknowledged = [str(a.get("term", "")) for a in acknowledged]
        self._recheck()
        return None

    def _transition(self, what: str, action) -> rx.event.EventSpec | None:
        """Save the editor first (so what is submitted is what is shown), then one lifecycle call."""
        user, redirect = self._gate(STAFF, ADMIN)
        if user is None:
            return redirect
        if not self.article_id:
            return None
        try:
            with db.session() as session:
                view = self._save_current(user, session, what)
                self._call(user, what, lambda actor: action(session, actor, view.id))
                view = library.get_article(session=session, actor=user.actor, article_id=view.id)
        except (AccessDenied, ValueError, review.ReviewPending) as exc:
            self.error = str(exc)
            return None
        self.error = ""
        self._show(view)
        self._refresh(user)
        return rx.toast.success(f"{self.review_label}になりました。")

    @rx.event
    def submit_review(self) -> rx.event.EventSpec | None:
        return self._transition(
            "article.submit", lambda session, actor, i: lifecycle.submit(session=session, actor=actor, article_id=i)
        )

    @rx.event
    def approve(self) -> rx.event.EventSpec | None:
        return self._transition(
            "article.approve",
            lambda session, actor, i: lifecycle.approve(session=session, actor=actor, article_ids=[i]),
        )

    @rx.event
    def reject(self, form_data: dict[str, str]) -> rx.event.EventSpec | None:
        """差し戻す: a submitted article back to its author with the reviewer's comment (admins)."""
        checked = self._checked("article.reject", inputs.form, form_data, label="差し戻しの理由")
        if checked is None:
            return None
        comment = checked.get("comment", "").strip()
        if not comment:
            self.error = "差し戻しの理由を入力してください。"
            return None
        user, redirect = self._gate(STAFF, ADMIN)
        if user is None:
            return redirect
        article_id = self.article_id
        try:  # what was submitted is what goes back (the editor is not saved first, unlike approval)
            with db.session() as session:
                self._call(
                    user,
                    "article.reject",
                    lambda actor: lifecycle.reject(
                        session=session, actor=actor, article_id=article_id, comment=comment
                    ),
                )
                view = library.get_article(session=session, actor=user.actor, article_id=article_id)
        except (AccessDenied, ValueError) as exc:
            self.error = str(exc)
            return None
        self.error = ""
        self._show(view)
        self._refresh(user)
        return rx.toast.success("差し戻しました。")

    @rx.event
    def open_for_review(self) -> rx.event.EventSpec | None:
        """/admin/articles/<id>: the article at its own address for review (tenant checked by the
        service; staff see their own, as everywhere)."""
        self._blank()
        self.history, self.review_product = [], ""
        user, redirect = self._enter(STAFF, ADMIN)
        if user is None:
            self.product_id = 0
            return redirect
        article_id = self._checked(
            "article.open_for_review", inputs.record_id, str(self.router.url.path).rstrip("/").rsplit("/", 1)[-1],
            label="記事",
        )  # fmt: skip
        if article_id is None:
            return None
        try:
            with db.session() as session:
                view = self._call(
                    user,
                    "article.open_for_review",
                    lambda actor: library.get_article(session=session, actor=actor, article_id=article_id),
                )
        except AccessDenied:
            self.product_id = 0
            self.error = "記事が見つかりません。"
            return None
        self.product_id = int(view.product_id or 0)
        self.review_product = f"{view.brand} {view.reference}"
        self._refresh(user)
        self._show(view)
        return None

    @rx.var
    def review_html(self) -> str:
        """Title and body with the 要確認 terms marked, for checking before publishing."""
        terms = [f["term"] for f in self.flags if not f["acked"]]
        if not terms:
            return ""
        text = "\n\n".join(p for p in (self.title, self.catch_copy, self.body, self.body_en) if p)
        return highlight_html(text, terms)

    @rx.event(background=True)
    async def generate(self, form_data: dict[str, str]):
        async with self:
            if self.generating:
                return
            user, redirect = self._gate(STAFF, ADMIN)
            if user is None:
                yield redirect
                return
            if not self.product_id:
                self.error = "先に商品を選んでください。"
                return
            form = self._checked("article.generate", inputs.form, form_data, label="作成の条件")
            if form is None:
                return
            self._blank()
            self.generating = True
            self.stop_requested = False
            product_id = self.product_id
        options = GenerationOptions.from_form(form)
        try:
            with db.session() as session:
                job = generation.prepare(session=session, actor=user.actor, product_id=product_id, options=options)
        except (generation.GenerationRefused, quota.QuotaExceeded, AccessDenied) as exc:
            async with self:
                self.generating = False
                self.error = str(exc)
                self._refresh(user)
            return

        async def on_text(text: str) -> None:
            async with self:
                self.stream_text += text

        async def should_stop() -> bool:
            async with self:
                return self.stop_requested

        outcome = await generation.run(job, on_text=on_text, should_stop=should_stop)
        async with self:
            self.generating = False
            self.article_id = outcome.article_id if outcome.status in generation.FINISHED else 0
            if outcome.status in generation.FINISHED:
                with db.session() as session:
                    view = library.get_article(session=session, actor=user.actor, article_id=outcome.article_id)
                self._show(view)
                self.notice = outcome.message or "記事を作成しました。内容を確認してから掲載してください。"
            elif outcome.status == "cancelled":
                self.notice = (
                    "生成を中止しました（今月の作成数には数えません）。途中の文章は残すことも破棄することもできます。"
                )
                self.cancelled_id = outcome.article_id if self.stream_text.strip() else 0
            else:
                suffix = f"（エラーID: {outcome.error_id}）" if outcome.error_id else ""
                self.error = outcome.message + suffix
            self._refresh(user)
            if outcome.status in generation.FINISHED:
                self.claim_status = "checking"
        if outcome.status in generation.FINISHED:
            await self._run_claim_check(user, outcome.article_id)

    async def _run_claim_check(self, user, article_id: int) -> None:
        """The second model's claim check, after the article is shown (it uses no article slot)."""
        result = await claim_check.check_article(actor=user.actor, article_id=article_id)
        async with self:
            if self.article_id == article_id:
                self._show_claims(result.status, result.claims, result.risks)

    @rx.event(background=True)
    async def recheck_claims(self):
        """「AIで再確認」: the claim check again on the saved text."""
        async with self:
            user, _redirect = self._gate(STAFF, ADMIN)
            if user is None or not self.article_id or self.claim_status == "checking":
                return
            article_id = self.article_id
            self.claim_status = "checking"
        try:
            await self._run_claim_check(user, article_id)
        except AccessDenied:
            async with self:
                self.claim_status = "failed"
