"""/admin/bulk: pick products by filter, see the count, quota and cost, confirm, follow the jobs."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass
from typing import Any

import reflex as rx

from horologen.services.accounts import sessions
from horologen.services.accounts.access import ADMIN
from horologen.services.articles import bulk, generation
from horologen.services.articles.prompting import GenerationOptions
from horologen.services.operations import inputs
from horologen.state.base import AppState
from horologen.timezones import to_tokyo

JOB_STATUS = {"processing": "処理中", "done": "完了", "failed": "失敗", "cancelled": "中止", "submitting": "送信中"}
WATCH_INTERVAL_S = 3.0  # how often an open /admin/bulk asks for the jobs while one is unfinished
# A tab left open longer falls back to 「状態を更新」: each round re-checks the session (revoked, disabled,
# expired) as every event does, and so counts as activity; the cap keeps a forgotten tab from holding
# a session open for long past its idle limit (config.SESSION_IDLE).
WATCH_LIMIT_S = 30 * 60


@dataclass(frozen=True)
class JobLine:
    """One bulk job as /admin/bulk shows it: `finished` of `total` as a bar, `open` while unfinished."""

    id: str
    when: str
    status: str  # 処理中, 完了, ...
    state: str  # processing, done, ... (the bar's colour)
    open: bool
    counts: str
    bar: str  # the bar's width, "50%"
    finished: str
    total: str
    error: str
    cancelling: bool  # 中止を依頼しました, until the job ends


def job_line(r: dict[str, Any]) -> JobLine:
    """`bulk.job_row(job)` for the screen."""
    unfinished = r["status"] in bulk.UNFINISHED
    return JobLine(
        id=str(r["id"]),
        when=to_tokyo(r["created_at"]).strftime("%m/%d %H:%M"),
        status=JOB_STATUS.get(str(r["status"]), str(r["status"])),
        state=str(r["status"]),
        open=unfinished,
        counts=f"{r['succeeded']} 件完了・{r['failed']} 件失敗 / {r['total']} 件",
        bar=f"{r['progress']}%",
        finished=str(r["finished"]),
        total=str(r["total"]),
        error=str(r["error"]),
        cancelling=bool(r["cancel_requested"]) and unfinished,
    )


async def _tab_open(token: str) -> bool:
    """Whether the browser tab `token` is still connected (to this or, with Redis, another instance)."""
    try:
        from reflex_base.registry import RegistrationContext

        namespace = RegistrationContext.get().app.event_namespace
        if namespace is None:
            return True
        return bool(await namespace._token_manager.is_token_connected(token))
    except (LookupError, AttributeError, RuntimeError):  # no running app (a unit test): nothing to ask
        return True


class AdminBulkState(AppState):
    access: str = ""
    brand: str = ""
    without_article: bool = True
    stale_only: bool = False
    channel: str = "own_site"
    count: int = 0
    remaining: str = ""
    fits: bool = True
    estimate: str = ""
    jobs: list[JobLine] = []
    submitting: bool = False
    capped: str = ""  # said when the filters matched more than one job takes
    unavailable: str = ""  # why nothing can be generated on this server, before anyone tries
    error: str = ""
    notice: str = ""
    products: list[str] = []  # brand + reference of the first bulk.PREVIEW_PRODUCTS, for the confirmation
    products_more: int = 0  # how many more are selected than listed
    _product_ids: list[int] = []
    watching: bool = False  # the jobs are being followed: the page says they update by themselves
    _watcher: int = 0  # the newest watch loop of this tab; older ones stop

    @rx.event
    def on_load(self) -> rx.event.EventSpec | None:
        self.error = self.notice = ""
        self.unavailable = generation.unavailable_reason()
        user, redirect = self._enter(ADMIN)
        if user is None:
            self.jobs = []
            return redirect
        return self._jobs(user)

    def _jobs(self, user: sessions.CurrentUser) -> rx.event.EventSpec | None:
        """Load the jobs; while one is unfinished, the event that keeps them up to date."""
        done, jobs = self._service_as(user, "bulk.jobs", bulk.list_jobs)
        if done:
            self.jobs = [job_line(bulk.job_row(job)) for job in jobs]
        return AdminBulkState.watch if self._any_open() else None

    def _any_open(self) -> bool:
        return any(job.open for job in self.jobs)

    @rx.var
    def has_open(self) -> bool:
        """A job is unfinished and followed: the page says it updates by itself."""
        return self.watching and any(job.open for job in self.jobs)

    @rx.event(background=True)
    async def watch(self):
        """Ask for the jobs every WATCH_INTERVAL_S while this tab shows /admin/bulk and a job is
        unfinished. Started from on_load, Reflex also cancels it when the tab disconnects or leaves
        the page; a loop started otherwise checks both itself. A newer loop replaces an older one."""
        async with self:
            self._watcher += 1
            mine, token = self._watcher, self.router.session.client_token
            self.watching = True
        try:
            await self._follow(mine, token)
        finally:
            with contextlib.suppress(Exception):
                async with self:
                    if self._watcher == mine:
                        self.watching = False

    async def _follow(self, mine: int, token: str) -> None:
        started = time.monotonic()
        while time.monotonic() - started < WATCH_LIMIT_S:
            await asyncio.sleep(WATCH_INTERVAL_S)
            if not await _tab_open(token):
                return
            async with self:
                path = self.router.url.path or self.router.route_id or ""
                on_page = path.rstrip("/").endswith("/admin/bulk")
                if self._watcher != mine or not on_page or not self._any_open():
                    return
                user, _redirect = self._gate(ADMIN)
                if user is None:
                    return
            # off the loop and the state lock; a failure (shown with its error ID) ends the watch
            done, jobs = await self._service_off_loop(user, "bulk.jobs", bulk.list_jobs)
            if not done:
                return
            async with self:
                if self._watcher != mine:
                    return
                self.jobs = [job_line(bulk.job_row(job)) for job in jobs]

    @rx.event
    def preview(self, form: dict[str, str]) -> None:
        """Count what the filters select, with this month's quota left and an estimated cost."""
        self.error = self.notice = ""
        checked = self._checked("bulk.preview", inputs.form, form, label="絞り込み")
        if checked is None:
            return
        form = checked
        self.brand = str(form.get("brand") or "")[:100]
        self.without_article = str(form.get("without_article") or "") in ("1", "on", "true")
        self.stale_only = str(form.get("stale_only") or "") in ("1", "on", "true")
        self.channel = str(form.get("channel") or "own_site")
        result = self._service(
            (ADMIN,),
            "bulk.preview",
            bulk.select_products,
            brand=self.brand,
            without_article=self.without_article,
            stale_only=self.stale_only,
        )
        if result is None:
            return
        _user, selection = result
        self._product_ids = selection.product_ids
        self.count = selection.count
        self.products = [f"{brand} {reference}" for brand, reference in selection.products]
        self.products_more = max(selection.count - len(self.products), 0)
        if not selection.count:
            self.notice = "条件に合う商品がありません。条件を変えて、もう一度確認してください。"
        self.capped = (
            f"条件に合う商品は {selection.matched:,} 件です。1 回の一括作成は {bulk.MAX_BULK:,} 件までなので、"
            f"先頭の {selection.count:,} 件を対象にします（残りは次の一括作成で）。"
            if selection.matched > selection.count
            else ""
        )
        self.remaining = "無制限" if selection.remaining is None else f"{selection.remaining} 件"
        self.fits = selection.fits
        self.estimate = f"約 {selection.estimate_yen:,} 円"

    @rx.event(background=True)
    async def submit(self, trim: bool = False):
        async with self:
            if self.submitting or not self._product_ids:
                self.error = "" if self.submitting else "先に対象を確認してください。"
                return
            if self._checked("bulk.submit", inputs.flag, trim) is None:
                return
            user, _redirect = self._gate(ADMIN)
            if user is None:
                self.error = "この操作を行う権限がありません。"
                return
            self.submitting, self.error, self.notice = True, "", ""
            ids, options = list(self._product_ids), GenerationOptions.from_form({"channel": self.channel})
        done, job = await self._service_off_loop(
            user, "bulk.submit", bulk.submit, product_ids=ids, options=options, trim=bool(trim)
        )
        async with self:
            self.submitting = False
            if not done:
                return
            self._product_ids, self.count, self.products, self.products_more = [], 0, [], 0
            if job.status == "failed":
                self.error = job.error_message
            else:
                self.notice = (
                    f"{job.total} 件の一括作成を受け付けました。結果は順に下書きとして「記事の管理」に入ります。"
                    "進み具合はこの画面で自動的に更新されます。"
                )
            follow = self._jobs(user)
        if follow is not None:
            yield follow

    @rx.event
    def refresh(self) -> rx.event.EventSpec | None:
        user, _redirect = self._gate(ADMIN)
        return self._jobs(user) if user is not None else None

    @rx.event
    def cancel(self, job_id: str) -> rx.event.EventSpec | None:
        chosen = self._checked("bulk.cancel", inputs.record_id, job_id, label="一括作成")
        if chosen is None:
            return None
        result = self._service((ADMIN,), "bulk.cancel", bulk.cancel, job_id=chosen)
        if result is not None:
            self.notice = "中止を依頼しました。終わっていない分は今月の作成数に戻ります。"
            return self._jobs(result[0])
        return None
