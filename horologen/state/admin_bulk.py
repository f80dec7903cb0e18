"""/admin/bulk: pick products by filter, see the count, quota and cost, confirm, follow the jobs."""

from __future__ import annotations

import reflex as rx

from horologen import db
from horologen.services.accounts.access import ADMIN, AccessDenied
from horologen.services.articles import bulk, generation
from horologen.services.articles.prompting import GenerationOptions
from horologen.services.operations import inputs
from horologen.state.base import AppState
from horologen.timezones import to_tokyo

JOB_STATUS = {"processing": "処理中", "done": "完了", "failed": "失敗", "cancelled": "中止", "submitting": "送信中"}


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
    jobs: list[dict[str, str]] = []
    submitting: bool = False
    capped: str = ""  # said when the filters matched more than one job takes
    unavailable: str = ""  # why nothing can be generated on this server, before anyone tries
    error: str = ""
    notice: str = ""
    _product_ids: list[int] = []

    @rx.event
    def on_load(self) -> rx.event.EventSpec | None:
        self.error = self.notice = ""
        self.unavailable = generation.unavailable_reason()
        user, redirect = self._enter(ADMIN)
        if user is None:
            self.jobs = []
            return redirect
        self._jobs(user)
        return None

    def _jobs(self, user) -> None:
        with db.session() as session:
            rows = [bulk.job_row(job) for job in bulk.list_jobs(session=session, actor=user.actor)]
        self.jobs = [
            {
                "id": str(r["id"]),
                "when": to_tokyo(r["created_at"]).strftime("%m/%d %H:%M"),
                "status": JOB_STATUS.get(str(r["status"]), str(r["status"])),
                "open": "1" if r["status"] in bulk.UNFINISHED else "",
                "counts": f"{r['succeeded']} 件完了・{r['failed']} 件失敗 / {r['total']} 件",
                "progress": str(r["progress"]),
                "error": str(r["error"]),
                "cancelling": "1" if r["cancel_requested"] and r["status"] in bulk.UNFINISHED else "",
            }
            for r in rows
        ]

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
        result = self._attempt(
            (ADMIN,),
            "bulk.preview",
            lambda session, actor: bulk.select_products(
                session=session,
                actor=actor,
                brand=self.brand,
                without_article=self.without_article,
                stale_only=self.stale_only,
            ),
        )
        if result is None:
            return
        _user, selection = result
        self._product_ids = selection.product_ids
        self.count = selection.count
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
        try:
            with db.session() as session:
                job = await bulk.submit(
                    session=session, actor=user.actor, product_ids=ids, options=options, trim=bool(trim)
                )
        except (bulk.BulkError, AccessDenied) as exc:
            async with self:
                self.submitting, self.error = False, str(exc)
            return
        async with self:
            self.submitting = False
            self._product_ids, self.count = [], 0
            if job.status == "failed":
                self.error = job.error_message
            else:
                self.notice = (
                    f"{job.total} 件の一括作成を受け付けました。結果は順に下書きとして「記事の管理」に入ります。"
                )
            self._jobs(user)

    @rx.event
    def refresh(self) -> None:
        user, _redirect = self._gate(ADMIN)
        if user is not None:
            self._jobs(user)

    @rx.event
    def cancel(self, job_id: str) -> None:
        result = self._attempt(
            (ADMIN,),
            "bulk.cancel",
            lambda session, actor: bulk.cancel(
                session=session, actor=actor, job_id=inputs.record_id(job_id, label="一括作成")
            ),
        )
        if result is not None:
            self.notice = "中止を依頼しました。終わっていない分は今月の作成数に戻ります。"
            self._jobs(result[0])
