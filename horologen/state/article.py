"""The article panel on a product's page. Each handler passes the gate, makes one service call and
stores the screen it returns (services/articles/article_screen.py: flags, channel outputs, copy
texts, diff, claims, allowed actions), beside the editor's text and what is under way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from horologen.services.accounts.sessions import CurrentUser
from horologen.services.articles import article_flows, article_screen
from horologen.services.articles.article_screen import ArticleScreen, ClaimsPanel, Edits, OpenArticle, Workspace
from horologen.services.articles.prompting import CHANNELS
from horologen.services.operations import inputs
from horologen.state.article_generation import ROLES, GenerationStream
from horologen.state.base import AppState


class ArticleState(GenerationStream, AppState):
    access: str = ""  # the article's own page under 記事の管理 (open_for_review)
    product_id: int = 0
    article_id: int = 0
    title: str = ""  # the editor's text as typed (unsaved edits too)
    catch_copy: str = ""
    body: str = ""
    view_channel: str = "own_site"
    workspace: Workspace = Workspace()
    article: OpenArticle = OpenArticle()
    claims: ClaimsPanel = ClaimsPanel()
    recent: list[article_screen.HistoryItem] = []  # the staff member's own latest articles (the search page)
    shortening: bool = False
    _refused_edit: str = ""  # the message of an editor change refused (too long): nothing is saved until fixed
    error: str = ""
    notice: str = ""

    def _edits(self) -> Edits:
        return Edits(title=self.title, catch_copy=self.catch_copy, body=self.body)

    def _store(self, screen: ArticleScreen) -> None:
        """Show the screen a service returned; the open article's text goes into the editor."""
        self.workspace, self.article, self.claims = screen.workspace, screen.article, screen.claims
        self.product_id, self.article_id = screen.workspace.product_id, screen.article.id
        self.title, self.catch_copy, self.body = screen.article.title, screen.article.catch_copy, screen.article.body
        self.view_channel, self._refused_edit = screen.article.channel, ""
        if screen.article.id:
            self.stream_text = ""

    def _apply(self, user: CurrentUser, what: str, flow: Callable[..., ArticleScreen], **arguments: Any) -> bool:
        """`flow(session=, actor=, **arguments)` and its screen stored; False with `error` set. Never
        saves the editor's text while its last change was refused (the screen shows what was typed)."""
        if "edits" in arguments and self._refused_edit:
            self.error = f"{self._refused_edit}直してからもう一度押してください（保存していません）。"
            return False
        done, screen = self._service_as(user, what, flow, **arguments)
        if done:
            self._store(screen)
        return done

    def _blank(self, *, product: bool = False) -> None:
        """No article open (and, with `product`, no product's list either)."""
        if product:
            self.workspace = Workspace()
        self.article, self.claims, self.article_id = OpenArticle(), ClaimsPanel(), 0
        self.title = self.catch_copy = self.body = self.stream_text = ""
        self.error = self.notice = ""
        self.cancelled_id = 0

    @rx.event
    def load_recent(self) -> None:
        """The staff member's own latest articles, across products."""
        found = self._service(ROLES, "article.load_recent", article_screen.recent_articles)
        self.recent = found[1] if found else []

    @rx.event
    def load_for_product(self, product_id: str, article_id: str = "") -> rx.event.EventSpec | None:
        if self.generating:
            return None
        self._blank(product=True)
        user, redirect = self._gate(*ROLES)
        if user is None:
            self.product_id = 0
            return redirect
        chosen = self._checked("article.load_for_product", inputs.record_id, product_id, label="商品")
        opened = self._checked("article.load_for_product", inputs.text, article_id, limit=10, label="記事")
        if chosen is None or opened is None:
            self.product_id = 0
            return None
        self.product_id = chosen
        self._apply(user, "article.load_for_product", article_screen.article_screen, product_id=chosen)
        return self.open_article(opened) if opened else None

    @rx.event
    def open_article(self, article_id: str) -> rx.event.EventSpec | None:
        user, redirect = self._gate(*ROLES)
        if user is None:
            return redirect
        chosen = self._checked("article.open", inputs.record_id, article_id, label="記事")
        if chosen is not None and self._apply(
            user, "article.open", article_screen.article_screen, product_id=self.product_id, article_id=chosen
        ):
            self.error = ""
        return None

    @rx.event
    def open_for_review(self) -> rx.event.EventSpec | None:
        """/admin/articles/<id>: the article at its own address for review (tenant checked by the
        service; staff see their own, as everywhere)."""
        self._blank(product=True)
        user, redirect = self._enter(*ROLES)
        if user is None:
            self.product_id = 0
            return redirect
        address = str(self.router.url.path).rstrip("/").rsplit("/", 1)[-1]
        article_id = self._checked("article.open_for_review", inputs.record_id, address, label="記事")
        if article_id is not None and not self._apply(
            user, "article.open_for_review", article_screen.article_screen, article_id=article_id
        ):
            self.product_id = 0
        return None

    def _edit(self, field: str, value: object, *, limit: int, label: str) -> None:
        """An editor field as typed; control characters are taken out (and staff told), a value that
        is not text is refused. The open article's screen follows the text."""
        checked = self._checked(f"article.set_{field}", inputs.typed_text, value, limit=limit, label=label)
        self._refused_edit = self.error if checked is None else ""
        if checked is None:
            return
        text, cleaned = checked
        setattr(self, field, text)
        if cleaned:
            self.notice = f"{label}から使えない文字（制御文字）を取り除きました。"
        self._follow_editor()

    def _follow_editor(self) -> None:
        """The open article's flags and channel outputs for the text as it stands in the editor."""
        if not self.article_id:
            return
        found = self._service(ROLES, "article.edit", article_screen.article_screen, product_id=self.product_id,
                              article_id=self.article_id, edits=self._edits(), channel=self.view_channel)  # fmt: skip
        if found:
            self._store(found[1])

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
        self._follow_editor()

    @rx.event
    def save(self) -> rx.event.EventSpec | None:
        """編集を保存: the panel's banner says so once (a toast beside it said 保存しました a second time)."""
        user, redirect = self._gate(*ROLES)
        if user is None:
            return redirect
        if not self.article_id:
            return None
        before = self.article_id
        if not self._apply(user, "article.save", article_flows.save, product_id=self.product_id,
                           article_id=self.article_id, edits=self._edits()):  # fmt: skip
            return None
        self.notice = (
            f"承認済みの記事はそのまま残し、新しい版（版 {self.article.version}）として保存しました。"
            if self.article_id != before
            else "保存しました。"
        )
        return self._follow(before)

    def _follow(self, before: int) -> rx.event.EventSpec | None:
        """A save that made a new version: the address names it, so a reload opens the new version
        (not the approved one it was made from). Only the number changes, in place, without a reload."""
        if self.article_id == before:
            return None
        new_id = int(self.article_id)
        return rx.call_script(
            "(() => { const u = new URL(window.location.href);"
            f" if (u.pathname.startsWith('/admin/articles/')) {{ u.pathname = '/admin/articles/{new_id}'; }}"
            f" else {{ u.searchParams.set('article', '{new_id}'); }}"
            " window.history.replaceState(window.history.state, '', u.toString()); })()"
        )

    @rx.event
    def acknowledge(self, term: str) -> rx.event.EventSpec | None:
        """Tick one flag 確認済み: the current text is saved first, so the tick is for what is shown."""
        user, redirect = self._gate(*ROLES)
        if user is None:
            return redirect
        if not self.article_id:
            return None
        checked = self._checked("article.acknowledge", inputs.text, term, limit=200, label="確認する語")
        before = self.article_id
        if checked is not None:
            self._apply(user, "article.acknowledge", article_flows.acknowledge, product_id=self.product_id,
                        article_id=self.article_id, edits=self._edits(), channel=self.view_channel, term=checked,
                        client_address=self._client_address())  # fmt: skip
        return self._follow(before)

    def _transition(self, what: str, flow: Callable[..., ArticleScreen]) -> rx.event.EventSpec | None:
        """Save the editor first (so what is submitted is what is shown), then one lifecycle step."""
        user, redirect = self._gate(*ROLES)
        if user is None:
            return redirect
        if not self.article_id or not self._apply(
            user, what, flow, product_id=self.product_id, article_id=self.article_id, edits=self._edits()
        ):
            return None
        self.error = ""
        return rx.toast.success(f"{self.article.review_label}になりました。")

    @rx.event
    def submit_review(self) -> rx.event.EventSpec | None:
        return self._transition("article.submit", article_flows.submit)

    @rx.event
    def approve(self) -> rx.event.EventSpec | None:
        return self._transition("article.approve", article_flows.approve)

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
        user, redirect = self._gate(*ROLES)
        if user is None:
            return redirect
        if not self._apply(user, "article.reject", article_flows.reject, product_id=self.product_id,
                           article_id=self.article_id, comment=comment):  # fmt: skip
            return None
        self.error = ""
        return rx.toast.success("差し戻しました。")

    @rx.event(background=True)
    async def shorten(self):
        """「短くする」: the model rewrites the article within the channel's limits (no slot used);
        the cut (whole sentences from the end, never the facts) is the fallback."""
        async with self:
            if not self.article_id or self.shortening:
                return
            user, _redirect = self._gate(*ROLES)
            if user is None:
                return
            self.shortening, self.error, self.notice = True, "", ""
            arguments = {"product_id": self.product_id, "article_id": self.article_id, "edits": self._edits(),
                         "channel": self.view_channel}  # fmt: skip
        done, shortened = await self._service_off_loop(user, "article.shorten", article_flows.shorten, **arguments)
        async with self:
            self.shortening = False
            if done and self.article_id == arguments["article_id"]:
                self._store(shortened.screen)
                self.notice = shortened.message
