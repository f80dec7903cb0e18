"""/admin/articles: the shop's articles with filters, 要更新, 取り下げ要, bulk approval, export files
and withdrawal files."""

from __future__ import annotations

import asyncio
from datetime import datetime, time

import reflex as rx

from horologen import db
from horologen.services.accounts import users
from horologen.services.accounts.access import ADMIN, AccessDenied, Actor
from horologen.services.articles import export_jobs, exports, library, lifecycle, review, withdrawals
from horologen.services.articles.prompting import CHANNELS
from horologen.services.operations import inputs
from horologen.state.base import AppState
from horologen.timezones import TOKYO, to_tokyo


def export_url(export_id: int) -> str:
    """Where a stored export file is downloaded (api.export_file: session and tenant checked)."""
    return f"/admin/exports/{int(export_id)}/file"


def _export_in_thread(
    actor: Actor, ids: list[int], fmt: str, exclude_invalid: bool, progress: list[int]
) -> export_jobs.ExportOutcome:
    """The export's database and CPU work, run by asyncio.to_thread; `progress` gets (done, total)."""

    def report(done: int, total: int) -> None:
        progress[0], progress[1] = done, total

    with db.session() as session:
        return export_jobs.run_export(
            session=session, actor=actor, article_ids=ids, fmt=fmt, exclude_invalid=exclude_invalid,
            on_progress=report,
        )  # fmt: skip


def _approve_in_thread(actor: Actor, ids: list[int]) -> list:
    with db.session() as session:
        return lifecycle.approve(session=session, actor=actor, article_ids=ids)


def _row(item: library.ReviewRow) -> dict[str, str]:
    view = item.view
    changes = "、".join(f"{c['field']} {c['old']}→{c['new']}" for c in item.stale)
    return {
        "id": str(view.id),
        "product_id": str(view.product_id or ""),
        "when": to_tokyo(view.created_at).strftime("%Y/%m/%d %H:%M"),
        "product": f"{view.brand} {view.reference}",
        "title": view.title or "（無題）",
        "author": item.author,
        "status": lifecycle.STATUS_LABELS.get(view.review_status, view.review_status),
        "status_key": view.review_status,
        "version": str(view.version),
        "channel": CHANNELS.get(view.channel, view.channel),
        "flags": str(item.open_flags) if item.open_flags else "",
        "stale": changes,
        "superseded": "1" if item.superseded else "",
        "withdraw": "1" if item.withdraw else "",
    }


EXPORT_LABELS = {**exports.FORMATS, **withdrawals.CHANNEL_LABELS}


def _withdraw_in_thread(actor: Actor, ids: list[int], fmt: str) -> withdrawals.WithdrawalFile:
    with db.session() as session:
        return withdrawals.withdraw(session=session, actor=actor, article_ids=ids, fmt=fmt)


class AdminArticlesState(AppState):
    access: str = ""
    rows: list[dict[str, str]] = []
    authors: list[dict[str, str]] = []
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
    report: list[dict[str, str]] = []
    invalid_count: int = 0
    exports_done: list[dict[str, str]] = []
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

    def _load(self, user) -> None:
        since = None
        if self.since:
            try:
                day = datetime.strptime(self.since, "%Y-%m-%d").date()
                since = datetime.combine(day, time.min, tzinfo=TOKYO)
            except ValueError:
                self.error = "日付は YYYY-MM-DD の形で入れてください。"
                return
        with db.session() as session:
            found = library.list_for_review(
                session=session,
                actor=user.actor,
                status=self.status if self.status in lifecycle.STATUS_LABELS else "",
                brand=self.brand,
                user_id=int(self.author) if self.author.isdigit() else None,
                since=since,
                stale_only=self.stale_only,
                flags_only=self.flags_only,
                withdraw_only=self.withdraw_only,
            )
            people = users.list_users(session=session, actor=user.actor)
            self.self_approve = lifecycle.approver_setting(session=session, actor=user.actor)
            records = exports.list_exports(session=session, actor=user.actor)
        self.rows = [_row(item) for item in found]
        self.authors = [{"id": str(u.id), "name": u.display_name or u.email} for u in people]
        shown = {row["id"] for row in self.rows}
        self.selected = [i for i in self.selected if i in shown]
        self.exports_done = [
            {
                "id": str(r.id),
                "when": to_tokyo(r.created_at).strftime("%Y/%m/%d %H:%M"),
                "format": EXPORT_LABELS.get(r.channel, r.channel),
                "rows": str(r.row_count),
                "filename": r.filename,
                "url": "" if r.purged_at else export_url(int(r.id or 0)),
            }
            for r in records
        ]

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
        self.selected = [row["id"] for row in self.rows] if checked else []

    def _ids(self) -> list[int]:
        return self._checked("articles.selected", inputs.record_ids, list(self.selected), label="記事") or []

    @rx.event(background=True)
    async def approve_selected(self):
        """Approve the selected articles in a worker thread (each is checked for open flags)."""
        async with self:
            self.error = self.notice = ""
            if not self.selected:
                self.error = "承認する記事を選んでください。"
                return
            user, _redirect = self._gate(ADMIN)
            if user is None:
                self.error = "この操作を行う権限がありません。"
                return
            ids = self._ids()
        try:
            approved = await asyncio.to_thread(_approve_in_thread, user.actor, ids)
        except (AccessDenied, ValueError, review.ReviewPending) as exc:
            async with self:
                if isinstance(exc, AccessDenied):
                    self._refuse(user.actor, "articles.approve")
                self.error = str(exc)
            return
        async with self:
            self.notice = f"{len(approved)} 件を承認しました。"
            self._load(user)
            yield rx.toast.success(self.notice)

    def _attempt_lifecycle(self, what: str, action):
        user, _redirect = self._gate(ADMIN)
        if user is None:
            self.error = "この操作を行う権限がありません。"
            return None
        try:
            with db.session() as session:
                return self._call(user, what, lambda actor: action(session, actor))
        except (AccessDenied, ValueError, review.ReviewPending, exports.ExportError) as exc:
            self.error = str(exc)
            return None

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
            if not self.selected:
                self.error = "出力する記事を選んでください。"
                return
            user, _redirect = self._gate(ADMIN)
            if user is None:
                self.error = "この操作を行う権限がありません。"
                return
            ids, fmt = self._ids(), self.fmt
            self.exporting, self.export_progress = True, f"出力の準備中… 0 / {len(ids):,} 件"
        progress = [0, len(ids)]
        task = asyncio.ensure_future(
            asyncio.to_thread(_export_in_thread, user.actor, ids, fmt, bool(exclude_invalid), progress)
        )
        while not task.done():
            await asyncio.wait([task], timeout=0.5)
            async with self:
                self.export_progress = f"出力の準備中… {progress[0]:,} / {progress[1]:,} 件"
        try:
            outcome = task.result()
        except (AccessDenied, exports.ExportError) as exc:
            async with self:
                self.exporting, self.export_progress = False, ""
                if isinstance(exc, AccessDenied):
                    self._refuse(user.actor, "articles.export")
                self.error = str(exc)
            return
        except Exception:
            async with self:
                self.exporting, self.export_progress = False, ""
            raise
        async with self:
            self.exporting, self.export_progress = False, ""
            self.report = [
                {
                    "id": str(row.article_id),
                    "reference": row.reference,
                    "problems": " ".join(row.problems),
                    "warnings": " ".join(row.warnings),
                }
                for row in outcome.plan.rows
                if row.problems or row.warnings
            ]
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
            self.error = self.notice = ""
            if not self.selected:
                self.error = "取り下げる記事を選んでください。"
                return
            user, _redirect = self._gate(ADMIN)
            if user is None:
                self.error = "この操作を行う権限がありません。"
                return
            ids, fmt = self._ids(), self.withdraw_fmt
        try:
            made = await asyncio.to_thread(_withdraw_in_thread, user.actor, ids, fmt)
        except (AccessDenied, exports.ExportError) as exc:
            async with self:
                if isinstance(exc, AccessDenied):
                    self._refuse(user.actor, "articles.withdraw")
                self.error = str(exc)
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
        self._attempt_lifecycle(
            "articles.self_approve",
            lambda session, actor: lifecycle.set_self_approve(session=session, actor=actor, allowed=bool(allowed)),
        )
        if not self.error:
            self.self_approve = bool(allowed)
            self.notice = "スタッフが自分の記事を承認できます。" if allowed else "承認は店舗管理者だけが行います。"
