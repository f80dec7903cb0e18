"""Builds the Reflex app: pages, the HTTP routes of api.py, and the error handler."""

from __future__ import annotations

import reflex as rx
from reflex.event import EventSpec
from starlette.applications import Starlette

from horologen import api
from horologen.config import get_settings
from horologen.errors import report_exception
from horologen.logging_setup import configure_logging
from horologen.pages.home import home_page

configure_logging()
get_settings()  # refuse to start on unsafe production settings, before serving anything


def backend_exception_handler(exception: Exception) -> EventSpec:
    """An event failed unexpectedly: log it with an error ID and show that ID to the user."""
    error_id = report_exception(exception, where="event")
    return rx.toast.error(
        f"エラーが発生しました。時間をおいて再度お試しください。（エラーID: {error_id}）",
        duration=20000,
        close_button=True,
    )


app = rx.App(
    api_transformer=Starlette(routes=api.routes),
    backend_exception_handler=backend_exception_handler,
)
app.add_page(home_page, route="/", title="HoroloGen")
