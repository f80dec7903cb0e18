"""The landing page sends a signed-in user straight to their own screen."""

from __future__ import annotations

import reflex as rx

from horologen.services.accounts import signin
from horologen.state.base import AppState


class HomeState(AppState):
    @rx.event
    def on_load(self) -> rx.event.EventSpec | None:
        user = self._current_user()
        if user is None:
            return None
        return rx.redirect("/password" if user.must_change_password else signin.home_path(user.actor.role))
