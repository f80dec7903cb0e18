"""/admin/usage: this month's articles against the limit, per staff member, tokens, recent articles."""

from __future__ import annotations

import reflex as rx

from horologen import db
from horologen.services.accounts.access import ADMIN
from horologen.services.articles import library
from horologen.services.operations import costs, usage
from horologen.state.base import AppState
from horologen.timezones import to_tokyo


class AdminUsageState(AppState):
    access: str = ""
    quota_label: str = ""
    month: str = ""
    remaining: str = ""
    input_tokens: str = ""
    output_tokens: str = ""
    failed: int = 0
    cost: str = ""
    cost_note: str = ""
    days: list[dict[str, float | int | str]] = []  # the chart: day, articles, cost_yen
    per_user: list[dict[str, str]] = []
    recent: list[dict[str, str]] = []

    @rx.event
    def on_load(self) -> rx.event.EventSpec | None:
        self.per_user = []
        self.recent = []
        user, redirect = self._enter(ADMIN)
        if user is None:
            return redirect
        with db.session() as session:
            report = usage.tenant_usage(session=session, actor=user.actor)
            recent = library.list_articles(session=session, actor=user.actor, all_users=True, limit=30)
        status = report.status
        self.month = status.month
        self.quota_label = status.label
        self.remaining = "無制限" if status.remaining is None else f"{status.remaining} 件"  # the card says 残り
        self.input_tokens = f"{report.input_tokens:,}"
        self.output_tokens = f"{report.output_tokens:,}"
        self.failed = report.failed
        self.cost = costs.yen_label(report.cost_yen)
        self.cost_note = (
            f"料金表にないモデルの費用は含みません: {'、'.join(report.unpriced_models)}"
            if report.unpriced_models
            else ""
        )
        self.days = [{"day": d.day, "articles": d.articles, "cost_yen": d.cost_yen} for d in report.days]
        self.per_user = [
            {
                "email": u.email,
                "name": u.display_name,
                "articles": str(u.articles),
                "tokens": f"{u.input_tokens:,} / {u.output_tokens:,}",
                "cost": costs.yen_label(u.cost_yen),
            }
            for u in report.per_user
        ]
        self.recent = [
            {
                "when": to_tokyo(a.created_at).strftime("%m/%d %H:%M"),
                "reference": f"{a.brand} {a.reference}",
                "title": a.title or "（無題）",
                "preview": a.body[:120],
            }
            for a in recent
        ]
        return None
