"""/admin/articles: the shop's articles with filters, 要更新, 取り下げ要, bulk approval, export files
and withdrawal files."""

from __future__ import annotations

import asyncio
from datetime import datetime, time

import reflex as rx

from horologen.services.accounts import sessions, users
from horologen.services.accounts.access import ADMIN
from horologen.services.articles import export_jobs, exports, library, lifecycle, withdrawals
from horologen.services.operations import inputs
from horologen.state.admin_articles_rows import (
    ArticleLine,
    Author,
    ExportRecord,
    ReportLine,
    article_line,
    author,
    export_record,
    export_url,
    report_lines,
)
from horologen.state.base import NOT_ALLOWED, AppState
from horologen.timezones import TOKYO

__all__ = ["AdminArticlesState", "export_url"]


class AdminArticlesState(AppState):
    access: str = ""
    rows: list[ArticleLine] = []
    authors: list[Author] = []
    status: str = ""
    brand: str = ""
    author: str = ""
    since: str = ""  # YYYY-MM-DD, Tokyo
    stale_only: bool = False
    flags_only: bool = False
    withdraw_only: bool = False
    withdraw_fmt: str = "rakuten"
    selected: list[str] = []
    fmt: str = "rakuten"
    report: list[ReportLine] = []
    invalid_count: int = 0
    exports_done: list[ExportRecord] = []
    self_approve: bool = False
    exporting: bool = False
    export_progress: str = ""
    error: str = ""
    notice: str = ""

    @rx.event
    def on_load(self) -> rx.event.EventSpec | None:
        self.error = self.notice = ""
        self.report, self.invalid_count = [], 0
        user, redirect = self._enter(ADMIN)
        if user is None:
            self.rows = []
            return redirect
        params = self.router.url.query_parameters
        self.stale_only = params.get("stale") == "1"
        self.withdraw_only = params.get("withdraw") == "1"
        self._load(user)
        return None

    def _load(self, user: sessions.CurrentUser) -> None:
        """The list as filtered, the authors, the approval setting and the export history."""
        since = None
        if self.since:
            try:
                day = datetime.strptime(self.since, "%Y-%m-%d").date()
                since = datetime.combine(day, time.min, tzinfo=TOKYO)
            except ValueError:
                self.error = "日付は YYYY-MM-DD の形で入れてください。"
                return
        done, found = self._service_as(
            user,
            "articles.list",
            library.list_for_review,
            status=self.status if self.status in lifecycle.STATUS_LABELS else "",
            brand=self.brand,
            user_id=int(self.author) if self.author.isdigit() else None,
            since=since,
            stale_only=self.stale_only,
            flags_only=self.flags_only,
            withdraw_only=self.withdraw_only,
        )
        if not done:
            return
        self.rows = [article_line(item) for item in found]
        shown = {row.id for row in self.rows}
        self.selected = [i for i in self.selected if i in shown]
        done, people = self._service_as(user, "articles.authors", users.list_users)
        if done:
            self.authors = [author(u) for u in people]
        done, allowed = self._service_as(user, "articles.approver_setting", lifecycle.approver_setting)
        if done:
            self.self_approve = bool(allowed)
        done, records = self._service_as(user, "articles.exports", exports.list_exports)
        if done:
            self.exports_done = [export_record(r) for r in records]

    @rx.event
    def apply_filters(self, form: dict[str, str]) -> rx.event.EventSpec | None:
        checked = self._checked("articles.filter", inputs.form, form, label="絞り込み")
        if checked is None:
            return None
        form = checked
        self.status = str(form.get("status") or "")
        self.brand = str(form.get("brand") or "")[:100]
        self.author = str(form.get("author") or "")
        self.since = str(form.get("since") or "")
        self.stale_only = str(form.get("stale_only") or "") in ("1", "on", "true")
        self.flags_only = str(form.get("flags_only") or "") in ("1", "on", "true")
        self.withdraw_only = str(form.get("withdraw_only") or "") in ("1", "on", "true")
        self.error = ""
        user, redirect = self._gate(ADMIN)
        if user is None:
            return redirect
        self._load(user)
        return None

    @rx.event
    def toggle(self, article_id: str, checked: bool) -> None:
        chosen = self._checked("articles.toggle", inputs.record_id, article_id, label="記事")
        if chosen is None or self._checked("articles.toggle", inputs.flag, checked) is None:
            return
        article_id = str(chosen)
        if checked and article_id not in self.selected:
            self.selected = [*self.selected, article_id]
        elif not checked:
            self.selected = [i for i in self.selected if i != article_id]

    @rx.event
    def select_all(self, checked: bool) -> None:
        if self._checked("articles.select_all", inputs.flag, checked) is None:
            return
        self.selected = [row.id for row in self.rows] if checked else []

    def _ids(self) -> list[int]:
        return self._checked("articles.selected", inputs.record_ids, list(self.selected), label="記事") or []

    def _selected_by(self, nothing: str) -> sessions.CurrentUser | None:
        """The shop admin acting on the selection (under the state lock), or None after a message:
        `nothing` when no article is selected."""
        self.error = self.notice = ""
        if not self.selected:
            self.error = nothing
            return None
        user, _redirect = self._gate(ADMIN)
        if user is None:
            self.error = NOT_ALLOWED
        return user

    @rx.event(background=True)
    async def approve_selected(self):
        """Approve the selected articles in a worker thread: those that can be are approved, the
        others are named with the reason (open flags, status, sold piece)."""
        async with self:
            user = self._selected_by("承認する記事を選んでください。")
            if user is None:
                return
            ids = self._ids()
        done, outcome = await self._service_off_loop(
            user, "articles.approve", lifecycle.approve_selection, article_ids=ids
        )
        if not done:
            return
        async with self:
            self.notice = f"{len(outcome.approved)} 件を承認しました。" if outcome.approved else ""
            if outcome.refused:
                self.error = f"承認できなかった記事が {len(outcome.refused)} 件あります: " + " / ".join(outcome.refused)
            self._load(user)  # the banner says 「N 件を承認しました。」 once, no toast repeating it

    @rx.event
    def set_fmt(self, value: str) -> None:
        if not isinstance(value, str):
            return
        self.fmt = value if value in exports.FORMATS else "rakuten"
        self.report, self.invalid_count = [], 0

    @rx.event(background=True)
    async def export_selected(self, exclude_invalid: bool = False):
        """Validate every selected row; write the file only when all are valid (or excluded).

        The work runs in a worker thread (a 2,000-article export takes seconds; on the event loop it
        froze every shop's requests), the page shows progress, and the file is downloaded from
        /admin/exports/<id>/file (never pushed through the websocket)."""
        async with self:
            if self.exporting:
                return
            self.error = self.notice = ""
            if self._checked("articles.export", inputs.flag, exclude_invalid) is None:
                return
            self.report, self.invalid_count = [], 0
            user = self._selected_by("出力する記事を選んでください。")
            if user is None:
                return
            ids, fmt = self._ids(), self.fmt
            self.exporting, self.export_progress = True, f"出力の準備中… 0 / {len(ids):,} 件"
        progress = [0, len(ids)]

        def report(done: int, total: int) -> None:
            progress[0], progress[1] = done, total

        task = asyncio.ensure_future(
            self._service_off_loop(
                user, "articles.export", export_jobs.run_export,
                article_ids=ids, fmt=fmt, exclude_invalid=bool(exclude_invalid), on_progress=report,
            )
        )  # fmt: skip
        while not task.done():
            await asyncio.wait([task], timeout=0.5)
            async with self:
                self.export_progress = f"出力の準備中… {progress[0]:,} / {progress[1]:,} 件"
        done, outcome = task.result()
        async with self:
            self.exporting, self.export_progress = False, ""
            if not done:
                return
            self.report = report_lines(outcome)
            self.invalid_count = len(outcome.plan.invalid)
            if outcome.export_id is None:
                self.error = f"出力できない行が {self.invalid_count} 件あります。直すか、除外して出力してください。"
                return
            self.notice = f"{outcome.row_count} 件を「{exports.FORMATS[fmt]}」に出力しました（{outcome.filename}）。"
            self._load(user)
            yield rx.download(url=export_url(outcome.export_id), filename=outcome.filename)

    @rx.event
    def set_withdraw_fmt(self, value: str) -> None:
        if isinstance(value, str) and value in withdrawals.FORMATS:
            self.withdraw_fmt = value

    @rx.event(background=True)
    async def withdraw_selected(self):
        """The withdrawal file of the chosen mall for the selected 取り下げ要 articles, written in a
        worker thread and downloaded from /admin/exports/<id>/file."""
        async with self:
            user = self._selected_by("取り下げる記事を選んでください。")
            if user is None:
                return
            ids, fmt = self._ids(), self.withdraw_fmt
        done, made = await self._service_off_loop(
            user, "articles.withdraw", withdrawals.withdraw, article_ids=ids, fmt=fmt
        )
        if not done:
            return
        async with self:
            self.notice = (
                f"{made.rows} 件の取り下げファイル（{withdrawals.FORMATS[fmt]}）を出力しました（{made.filename}）。"
            )
            self._load(user)
            yield rx.download(url=export_url(made.export_id), filename=made.filename)

    @rx.event
    def set_self_approve(self, allowed: bool) -> None:
        self.error = ""
        if self._checked("articles.self_approve", inputs.flag, allowed) is None:
            return
        done = self._service((ADMIN,), "articles.self_approve", lifecycle.set_self_approve, allowed=bool(allowed))
        if done is not None:
            self.self_approve = bool(allowed)
            self.notice = "スタッフが自分の記事を承認できます。" if allowed else "承認は店舗管理者だけが行います。"
