"""The login screen: the form itself posts over HTTP (api.login_submit); this shows messages."""

from __future__ import annotations

import reflex as rx

from horologen.login_page import login_view
from horologen.services.accounts import signin
from horologen.state.base import AppState


def _reset_tree(state: rx.State) -> None:
    """Forget everything a previous user left in this tab's state."""
    state.reset()
    for sub in list(state.substates.values()):
        _reset_tree(sub)


class LoginState(AppState):
    """The Reflex login page (after an in-app redirect; a new tab gets login_page.py's HTML). What it
    says comes from the same `login_view` as that page."""

    error: str = ""
    notice: str = ""
    debug_links: bool = False
    email: str = ""  # after a failed login, the address that was typed

    @rx.event
    def on_load(self) -> rx.event.EventSpec | None:
        root: rx.State = self
        while root.parent_state is not None:
            root = root.parent_state
        _reset_tree(root)
        view = login_view(params=self.router.url.query_parameters, cookie_header=self.router.headers.cookie or "")
        self.email, self.error, self.notice, self.debug_links = view.email, view.error, view.notice, view.debug_links
        if not self.error and not self.notice:
            user = self._current_user()
            if user is not None:
                return rx.redirect("/password" if user.must_change_password else signin.home_path(user.actor.role))
        return None
