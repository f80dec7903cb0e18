"""The article panel on /staff/search: options, streamed generation, edit, copy, history."""

from __future__ import annotations

import html

import reflex as rx

from horologen import db
from horologen.services.accounts.access import ADMIN, STAFF, AccessDenied
from horologen.services.articles import generation
from horologen.services.articles.grounding import highlight_html
from horologen.services.articles.prompting import GenerationOptions
from horologen.services.operations import quota
from horologen.state.base import AppState
from horologen.timezones import to_tokyo

STATUS_LABELS = {"done": "完了", "truncated": "途中まで（下書き）", "failed": "失敗", "cancelled": "中止"}


def _history_item(view: generation.ArticleView) -> dict[str, str]:
    return {
        "id": str(view.id),
        "title": view.title or "（無題）",
        "when": to_tokyo(view.created_at).strftime("%m/%d %H:%M"),
        "reference": view.reference,
        "tone": str(view.options.get("tone", "")),
        "status": STATUS_LABELS.get(view.status, view.status) if view.status != "done" else "",
    }


class ArticleState(AppState):
    product_id: int = 0
    generating: bool = False
    stop_requested: bool = False
    stream_text: str = ""
    article_id: int = 0
    title: str = ""
    body: str = ""
    body_en: str = ""
    flags: list[str] = []
    error: str = ""
    notice: str = ""
    quota_label: str = ""
    history: list[dict[str, str]] = []
    recent: list[dict[str, str]] = []

    def _refresh(self, user) -> None:
        with db.session() as session:
            status = quota.status(session=session, tenant_id=int(user.actor.tenant_id or 0))
            self.quota_label = status.label
            views = generation.list_articles(session=session, actor=user.actor, product_id=self.product_id, limit=10)
            recent = generation.list_articles(session=session, actor=user.actor, limit=10)
        self.history = [_history_item(v) for v in views]
        self.recent = [{**_history_item(v), "product_id": str(v.product_id or "")} for v in recent if v.product_id]

    def _show(self, view: generation.ArticleView) -> None:
        self.article_id = view.id
        self.title = view.title
        self.body = view.body
        self.body_en = view.body_en
        self.flags = view.ungrounded
        self.stream_text = ""

    def _blank(self) -> None:
        self.article_id = 0
        self.title = self.body = self.body_en = self.stream_text = ""
        self.flags = []
        self.error = self.notice = ""

    @rx.event
    def load_recent(self) -> None:
        """The staff member's own latest articles, across products."""
        user, _redirect = self._gate(STAFF, ADMIN)
        if user is None:
            self.recent = []
            return
        with db.session() as session:
            views = generation.list_articles(session=session, actor=user.actor, limit=10)
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
        try:
            self.product_id = int(product_id)
        except (TypeError, ValueError):
            self.product_id = 0
            return None
        self._refresh(user)
        if article_id:
            return self.open_article(article_id)
        return None

    @rx.event
    def open_article(self, article_id: str) -> rx.event.EventSpec | None:
        user, redirect = self._gate(STAFF, ADMIN)
        if user is None:
            return redirect
        try:
            with db.session() as session:
                view = self._call(
                    user,
                    "article.open",
                    lambda actor: generation.get_article(session=session, actor=actor, article_id=int(article_id)),
                )
        except (AccessDenied, ValueError):
            self.error = "記事が見つかりません。"
            return None
        self.error = ""
        self._show(view)
        return None

    @rx.event
    def set_title(self, value: str) -> None:
        self.title = value[:300]

    @rx.event
    def set_body(self, value: str) -> None:
        self.body = value[:20000]

    @rx.event
    def stop(self) -> None:
        self.stop_requested = True

    @rx.event
    def save(self) -> rx.event.EventSpec | None:
        user, redirect = self._gate(STAFF, ADMIN)
        if user is None:
            return redirect
        if not self.article_id:
            return None
        try:
            with db.session() as session:
                view = self._call(
                    user,
                    "article.save",
                    lambda actor: generation.save_edit(
                        session=session, actor=actor, article_id=self.article_id, title=self.title, body=self.body
                    ),
                )
        except AccessDenied as exc:
            self.error = str(exc)
            return None
        self.flags = view.ungrounded
        self.notice = "保存しました。"
        self._refresh(user)
        return rx.toast.success("保存しました。")

    @rx.var
    def plain_text(self) -> str:
        parts = [self.title, self.body] + ([self.body_en] if self.body_en else [])
        return "\n\n".join(p for p in parts if p)

    @rx.var
    def html_text(self) -> str:
        paragraphs = [p.strip() for p in self.body.split("\n\n") if p.strip()]
        body = "\n".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
        return f"<h2>{html.escape(self.title)}</h2>\n{body}" if self.title else body

    @rx.var
    def review_html(self) -> str:
        """Title and body with the 要確認 terms marked, for checking before publishing."""
        if not self.flags:
            return ""
        return highlight_html(self.title + "\n\n" + self.body, self.flags)

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
            self._blank()
            self.generating = True
            self.stop_requested = False
            product_id = self.product_id
        options = GenerationOptions.from_form(form_data)
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
                self.title, self.body, self.body_en = outcome.title, outcome.body, outcome.body_en
                self.flags = outcome.ungrounded
                self.stream_text = ""
                self.notice = outcome.message or "記事を作成しました。内容を確認してから掲載してください。"
            elif outcome.status == "cancelled":
                self.notice = "生成を中止しました（今月の作成数には数えません）。"
            else:
                suffix = f"（エラーID: {outcome.error_id}）" if outcome.error_id else ""
                self.error = outcome.message + suffix
            self._refresh(user)
