"""/platform/tenants: the platform admin runs tenants, plans, limits and first admins."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from horologen import db
from horologen.services.accounts import tenants
from horologen.services.accounts.access import PLATFORM_ADMIN, AccessDenied, Actor
from horologen.services.articles import claude
from horologen.services.operations import inputs
from horologen.state.base import AppState


def _limit_text(limit: int | None) -> str:
    return "無制限" if limit is None else f"{limit} 件/月"


PLAN_LABELS = {"limited": "上限あり", "unlimited": "無制限"}


class PlatformTenantsState(AppState):
    access: str = ""
    rows: list[dict[str, str]] = []
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

    def _show_model(self, check: claude.ModelCheck) -> None:
        self.model_label = f"{check.model}（effort: {check.effort}）"
        if check.ok:
            self.model_detail = f"応答したモデル: {check.answered_model}"
        elif check.configured and check.error_type:
            self.model_detail = f"エラーの種類: {check.error_type}"
        else:
            self.model_detail = check.detail

    def _load(self, user) -> None:
        configured = claude.configured_model(actor=user.actor)
        self._show_model(configured)
        if not configured.configured:
            self.model_status = "off"
        with db.session() as session:
            listed = tenants.list_tenants(session=session, actor=user.actor)
        self.rows = [
            {
                "id": str(t.id),
                "name": t.name,
                "status": "有効" if t.is_active else "無効",
                "active": "1" if t.is_active else "",
                "platform": "1" if t.is_platform else "",
                "plan": PLAN_LABELS.get(t.plan, t.plan) + ("" if t.plan_override else "（全体の既定）"),
                "limit": _limit_text(t.limit)
                + ("" if t.limit_override is not None or t.limit is None else "（全体の既定）"),
                "used": str(t.used_this_month),
                "users": str(t.users),
                "plan_override": t.plan_override or "",
                "limit_override": "" if t.limit_override is None else str(t.limit_override),
            }
            for t in listed
        ]

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
        self._clear()
        user, redirect = self._enter(PLATFORM_ADMIN)
        if user is not None:
            self._load(user)
        return redirect

    @rx.event(background=True)
    async def check_model(self):
        """Send one small request with the configured model and show whether it answers."""
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

    def _do(self, what: str, action: Callable[..., object], success: str, form: object = None) -> object | None:
        """`form`: the 設定 dialog's form, whose tenant's dialog then shows the outcome."""
        self._clear()
        tenant_id = str(form.get("tenant_id") or "") if isinstance(form, dict) else ""
        self.dialog_tenant = tenant_id if tenant_id.isascii() and tenant_id.isdigit() else ""
        done = self._attempt((PLATFORM_ADMIN,), what, action)
        if done is None:
            return None
        self.notice = success
        self._load(done[0])
        return done[1]

    @rx.event
    def create(self, form_data: dict[str, str]) -> None:
        checked = self._checked("platform.create_tenant", inputs.form, form_data, label="テナント")
        if checked is None:
            return
        name = checked.get("name", "")
        self._do(
            "platform.create_tenant",
            lambda s, a: tenants.create_tenant(session=s, actor=a, name=name),
            f"テナント「{name.strip()}」を作成しました。続けて店舗管理者を作成してください。",
        )

    @rx.event
    def rename(self, form_data: dict[str, str]) -> None:
        self._do(
            "platform.rename_tenant",
            lambda s, a: tenants.rename_tenant(
                session=s,
                actor=a,
                tenant_id=inputs.record_id(inputs.form(form_data).get("tenant_id"), label="テナント"),
                name=inputs.form(form_data).get("name", ""),
            ),
            "テナント名を変更しました。",
            form_data,
        )

    @rx.event
    def set_active(self, tenant_id: str, active: bool) -> None:
        self._do(
            "platform.set_tenant_active",
            lambda s, a: tenants.set_tenant_active(
                session=s,
                actor=a,
                tenant_id=inputs.record_id(tenant_id, label="テナント"),
                active=inputs.flag(active),
            ),
            "テナントを有効にしました。"
            if active
            else "テナントを無効にしました（所属ユーザーはログインできません）。",
        )

    @rx.event
    def set_plan(self, form_data: dict[str, str]) -> None:
        checked = self._checked("platform.set_plan", inputs.form, form_data, label="プラン")
        if checked is None:
            return
        form_data = checked
        plan = str(form_data.get("plan") or "") or None
        raw_limit = str(form_data.get("monthly_limit") or "").strip()

        def action(s, a: Actor) -> None:
            limit = None
            if raw_limit:
                if not raw_limit.isascii() or not raw_limit.isdigit() or int(raw_limit) > 1_000_000:
                    raise inputs.InputRefused("月間上限は 0〜1,000,000 の整数で入れてください。", "monthly_limit")
                limit = int(raw_limit)
            tenants.set_plan(
                session=s,
                actor=a,
                tenant_id=inputs.record_id(form_data.get("tenant_id"), label="テナント"),
                plan=plan,
                monthly_limit=limit,
            )

        self._do("platform.set_plan", action, "プランと上限を保存しました。", form_data)

    @rx.event
    def create_admin(self, form_data: dict[str, str]) -> None:
        created = self._do(
            "platform.create_tenant_admin",
            lambda s, a: tenants.create_tenant_admin(
                session=s,
                actor=a,
                tenant_id=inputs.record_id(inputs.form(form_data).get("tenant_id"), label="テナント"),
                email=inputs.form(form_data).get("email", ""),
                display_name=inputs.form(form_data).get("display_name", ""),
            ),
            "店舗管理者を作成しました。初回ログイン時にパスワードの変更が必要です。",
            form_data,
        )
        if created is not None:
            self.shown_password = created.temporary_password  # type: ignore[attr-defined]
            self.shown_password_for = created.row.email  # type: ignore[attr-defined]
