"""/admin/usage: this month's articles against the limit, per staff member, tokens, recent articles."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from horologen.services.accounts.access import ADMIN
from horologen.services.articles import library, markup
from horologen.services.backoffice import usage
from horologen.services.operations import costs
from horologen.state.base import AppState
from horologen.timezones import to_tokyo


@dataclass(frozen=True)
class DayCost:
    """One bar of the chart: the day, the articles made and their estimated cost in yen."""

    day: str
    articles: int
    cost_yen: float


@dataclass(frozen=True)
class StaffUsage:
    """One staff member's month: articles, tokens (input / output) and estimated cost."""

    email: str
    name: str
    articles: str
    tokens: str
    cost: str


@dataclass(frozen=True)
class RecentArticle:
    when: str
    reference: str
    title: str
    preview: str


class AdminUsageState(AppState):
    access: str = ""
    error: str = ""
    quota_label: str = ""
    month: str = ""
    remaining: str = ""
    input_tokens: str = ""
    output_tokens: str = ""
    failed: int = 0
    cost: str = ""
    cost_note: str = ""
    days: list[DayCost] = []  # the chart
    per_user: list[StaffUsage] = []
    recent: list[RecentArticle] = []

    def _show_report(self, report: usage.TenantUsage) -> None:
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
        self.days = [DayCost(day=d.day, articles=d.articles, cost_yen=d.cost_yen) for d in report.days]
        self.per_user = [
            StaffUsage(
                email=u.email,
                name=u.display_name,
                articles=str(u.articles),
                tokens=f"{u.input_tokens:,} / {u.output_tokens:,}",
                cost=costs.yen_label(u.cost_yen),
            )
            for u in report.per_user
        ]

    @rx.event
    def on_load(self) -> rx.event.EventSpec | None:
        self.per_user = []
        self.recent = []
        self.error = ""
        user, redirect = self._enter(ADMIN)
        if user is None:
            return redirect
        done, report = self._service_as(user, "usage.report", usage.tenant_usage)
        if done:
            self._show_report(report)
        done, recent = self._service_as(user, "usage.recent", library.list_articles, all_users=True, limit=30)
        if done:
            self.recent = [
                RecentArticle(
                    when=to_tokyo(a.created_at).strftime("%m/%d %H:%M"),
                    reference=f"{a.brand} {a.reference}",
                    title=a.title or "（無題）",
                    preview=" ".join(markup.plain_text(a.body[:600]).split())[:120],  # no ## or ** shown
                )
                for a in recent
            ]
        return None
