"""/platform/tenants: the platform admin runs tenants, plans, limits and first admins, and sees each
shop's month of model use (articles, tokens, estimated cost in yen)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import reflex as rx

from horologen.services.accounts import sessions, tenants
from horologen.services.accounts.access import PLATFORM_ADMIN, AccessDenied
from horologen.services.articles import claude
from horologen.services.backoffice import platform_usage
from horologen.services.operations import costs, inputs
from horologen.state.base import AppState

PLAN_LABELS = {"limited": "上限あり", "unlimited": "無制限"}
MAX_MONTHLY_LIMIT = 1_000_000


def _limit_text(limit: int | None) -> str:
    return "無制限" if limit is None else f"{limit} 件/月"


def monthly_limit(raw: str) -> int | None:
    """The 月間上限 field: None when empty (the deployment default), else 0..MAX_MONTHLY_LIMIT;
    InputRefused otherwise."""
    text = raw.strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or int(text) > MAX_MONTHLY_LIMIT:
        raise inputs.InputRefused("月間上限は 0〜1,000,000 の整数で入れてください。", "monthly_limit")
    return int(text)


@dataclass(frozen=True)
class TenantRow:
    """One tenant as listed; `id` as the page sends it back; the overrides fill the 設定 dialog."""

    id: str
    name: str
    status: str
    active: bool
    platform: bool
    plan: str
    limit: str
    used: str
    users: str
    plan_override: str
    limit_override: str
    tokens: str = ""  # this month's, input / output
    cost: str = ""  # this month's estimated model cost, 「約 12.3 円」


def tenant_row(t: tenants.TenantRow, month: platform_usage.ShopMonth | None = None) -> TenantRow:
    """One tenant for the table; `month` adds its usage this month (tokens, cost in yen)."""
    month = month or platform_usage.ShopMonth()
    return TenantRow(
        id=str(t.id),
        name=t.name,
        status="有効" if t.is_active else "無効",
        active=t.is_active,
        platform=t.is_platform,
        plan=PLAN_LABELS.get(t.plan, t.plan) + ("" if t.plan_override else "（全体の既定）"),
        limit=_limit_text(t.limit) + ("" if t.limit_override is not None or t.limit is None else "（全体の既定）"),
        used=str(t.used_this_month),
        users=str(t.users),
        plan_override=t.plan_override or "",
        limit_override="" if t.limit_override is None else str(t.limit_override),
        tokens=f"{month.input_tokens:,} / {month.output_tokens:,}",
        cost=costs.yen_label(month.cost_yen),
    )


class PlatformTenantsState(AppState):
    access: str = ""
    rows: list[TenantRow] = []
    error: str = ""
    notice: str = ""
    shown_password: str = ""
    shown_password_for: str = ""
    # The tenant whose 設定 dialog sent the last request: its messages and a one-time password are
    # shown in that dialog (above its overlay), not on the page behind it.
    dialog_tenant: str = ""
    model_label: str = ""
    model_status: str = ""  # "" not checked | ok | ng | off
    model_detail: str = ""
    model_checking: bool = False
    # This month on the whole platform (Asia/Tokyo): the 概算 card above the table.
    usage_month: str = ""
    total_articles: int = 0
    total_tokens: str = ""
    total_cost: str = ""
    cost_note: str = ""  # models the price table lacks, counted 0
    has_usage: bool = False  # False: no shop used the model this month (the empty state)

    def _show_usage(self, overview: platform_usage.PlatformTenants) -> None:
        self.rows = [tenant_row(r.tenant, r.month) for r in overview.rows]
        self.usage_month = overview.month
        self.total_articles = overview.total.articles
        self.total_tokens = f"{overview.total.input_tokens:,} / {overview.total.output_tokens:,}"
        self.total_cost = costs.yen_label(overview.total.cost_yen)
        self.has_usage = bool(overview.total.articles or overview.total.cost_yen or overview.total.input_tokens)
        unpriced = "、".join(overview.unpriced_models)
        self.cost_note = f"料金表にないモデルの費用は含みません: {unpriced}" if unpriced else ""

    def _show_model(self, check: claude.ModelCheck) -> None:
        self.model_label = f"{check.model}（effort: {check.effort}）"
        if check.ok:
            self.model_detail = f"応答したモデル: {check.answered_model}"
        elif check.configured and check.error_type:
            self.model_detail = f"エラーの種類: {check.error_type}"
        elif not check.configured:  # the screen's wording, never the operators' English log line
            self.model_detail = claude.NOT_CONFIGURED_MESSAGE
        else:
            self.model_detail = check.detail

    def _load(self, user: sessions.CurrentUser) -> None:
        # What the model is set to: read from the settings, no database and no API call.
        configured = claude.configured_model(actor=user.actor)
        self._show_model(configured)
        if not configured.configured:
            self.model_status = "off"
        done, overview = self._service_as(user, "platform.list_tenants", platform_usage.platform_tenants)
        if done:
            self._show_usage(overview)

    def _clear(self) -> None:
        self.error = self.notice = self.shown_password = self.shown_password_for = self.dialog_tenant = ""

    @rx.event
    def dialog_opened(self, is_open: bool) -> None:
        """A 設定 dialog opened or closed: a closed dialog's one-time password is gone for good (it
        said so); its last message moves to the page."""
        if self._checked("platform.dialog", inputs.flag, is_open) is None:
            return
        if not is_open and self.dialog_tenant:
            self.shown_password = self.shown_password_for = self.dialog_tenant = ""
        elif is_open:
            self._clear()

    @rx.event
    def on_load(self) -> rx.event.EventSpec | None:
        self.rows = []
        self.usage_month = self.total_tokens = self.total_cost = self.cost_note = ""
        self.total_articles, self.has_usage = 0, False
        self._clear()
        user, redirect = self._enter(PLATFORM_ADMIN)
        if user is not None:
            self._load(user)
        return redirect

    @rx.event(background=True)
    async def check_model(self):
        """Send one small request with the configured model and show whether it answers. The
        service takes no database session: none is held while the model answers."""
        async with self:
            user, redirect = self._gate(PLATFORM_ADMIN)
            if user is None:
                yield redirect
                return
            if self.model_checking:
                return
            self.model_checking = True
        try:
            check = await claude.check_model_for(actor=user.actor)
        except AccessDenied:
            async with self:
                self.model_checking = False
            return
        async with self:
            self.model_checking = False
            self._show_model(check)
            self.model_status = "ok" if check.ok else ("ng" if check.configured else "off")

    def _begin(self, form: object = None) -> None:
        """Forget the last outcome. `form`: the 設定 dialog's form, whose tenant's dialog then shows
        the outcome of this request."""
        self._clear()
        tenant_id = str(form.get("tenant_id") or "") if isinstance(form, dict) else ""
        self.dialog_tenant = tenant_id if tenant_id.isascii() and tenant_id.isdigit() else ""

    def _do(self, what: str, success: str, call: Callable[..., Any], **arguments: Any) -> Any | None:
        """`call(**arguments)` as the platform admin, then `success` and the list again; the
        service's answer, or None after a message."""
        done = self._service((PLATFORM_ADMIN,), what, call, **arguments)
        if done is None:
            return None
        self.notice = success
        self._load(done[0])
        return done[1]

    def _dialog_form(self, what: str, form_data: object) -> tuple[dict[str, str], int] | None:
        """A 設定 dialog's form and its tenant id, checked; None after a message."""
        self._begin(form_data)
        form = self._checked(what, inputs.form, form_data)
        if form is None:
            return None
        tenant_id = self._checked(what, inputs.record_id, form.get("tenant_id"), label="テナント")
        return None if tenant_id is None else (form, tenant_id)

    @rx.event
    def create(self, form_data: dict[str, str]) -> None:
        self._begin()
        form = self._checked("platform.create_tenant", inputs.form, form_data, label="テナント")
        if form is None:
            return
        name = form.get("name", "")
        success = f"テナント「{name.strip()}」を作成しました。続けて店舗管理者を作成してください。"
        self._do("platform.create_tenant", success, tenants.create_tenant, name=name)

    @rx.event
    def rename(self, form_data: dict[str, str]) -> None:
        checked = self._dialog_form("platform.rename_tenant", form_data)
        if checked is not None:
            form, tenant_id = checked
            self._do("platform.rename_tenant", "テナント名を変更しました。", tenants.rename_tenant,
                     tenant_id=tenant_id, name=form.get("name", ""))  # fmt: skip

    @rx.event
    def set_active(self, tenant_id: str, active: bool) -> None:
        self._begin()
        chosen = self._checked("platform.set_tenant_active", inputs.record_id, tenant_id, label="テナント")
        flag = self._checked("platform.set_tenant_active", inputs.flag, active)
        if chosen is None or flag is None:
            return
        success = (
            "テナントを有効にしました。" if flag else "テナントを無効にしました（所属ユーザーはログインできません）。"
        )
        self._do("platform.set_tenant_active", success, tenants.set_tenant_active, tenant_id=chosen, active=flag)

    @rx.event
    def set_plan(self, form_data: dict[str, str]) -> None:
        checked = self._dialog_form("platform.set_plan", form_data)
        if checked is None:
            return
        form, tenant_id = checked
        limit = self._checked("platform.set_plan", monthly_limit, str(form.get("monthly_limit") or ""))
        if self.error:  # a refused limit (None alone means: the deployment default)
            return
        self._do("platform.set_plan", "プランと上限を保存しました。", tenants.set_plan,
                 tenant_id=tenant_id, plan=str(form.get("plan") or "") or None, monthly_limit=limit)  # fmt: skip

    @rx.event
    def create_admin(self, form_data: dict[str, str]) -> None:
        checked = self._dialog_form("platform.create_tenant_admin", form_data)
        if checked is None:
            return
        form, tenant_id = checked
        created = self._do(
            "platform.create_tenant_admin",
            "店舗管理者を作成しました。初回ログイン時にパスワードの変更が必要です。",
            tenants.create_tenant_admin,
            tenant_id=tenant_id,
            email=form.get("email", ""),
            display_name=form.get("display_name", ""),
        )
        if created is not None:
            self.shown_password = created.temporary_password
            self.shown_password_for = created.row.email
