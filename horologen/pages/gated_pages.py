"""Screens whose features are not built yet: they already refuse the wrong role."""

from __future__ import annotations

import reflex as rx

from horologen.components.layout import gated, page_shell
from horologen.state.base import DENIED_MESSAGE, AppState
from horologen.state.gates import AdminUsageState, PlatformTenantsState

PENDING = "この画面は準備中です。"


def _pending_page(state: type[AppState], title: str, denied: str) -> rx.Component:
    return page_shell(
        gated(state.access, rx.text(PENDING, color_scheme="gray"), denied),
        title=title,
        user_name=state.user_name,
        user_role=state.user_role,
    )


def admin_usage_page() -> rx.Component:
    return _pending_page(AdminUsageState, "利用状況", DENIED_MESSAGE + "（店舗管理者専用）")


def platform_tenants_page() -> rx.Component:
    return _pending_page(PlatformTenantsState, "テナント管理", DENIED_MESSAGE + "（プラットフォーム管理者専用）")
