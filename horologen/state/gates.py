"""Role gates for screens whose features land in later issues (upload, usage, tenants).

Each still refuses the wrong role with a clear message and renders no data."""

from __future__ import annotations

import reflex as rx

from horologen.services.access import ADMIN, PLATFORM_ADMIN
from horologen.state.base import AppState


class AdminUsageState(AppState):
    access: str = ""

    @rx.event
    def on_load(self) -> rx.event.EventSpec | None:
        self.access = ""
        user, redirect = self._gate(ADMIN)
        self.access = "ok" if user else ("denied" if redirect is None else "")
        return redirect


class PlatformTenantsState(AppState):
    access: str = ""

    @rx.event
    def on_load(self) -> rx.event.EventSpec | None:
        self.access = ""
        user, redirect = self._gate(PLATFORM_ADMIN)
        self.access = "ok" if user else ("denied" if redirect is None else "")
        return redirect
