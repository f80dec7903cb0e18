"""HTTP routes mounted on the Reflex app (same port): health check and the JSON API."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from horologen import db
from horologen.errors import report_exception
from horologen.services.health import HealthReport, check_health

log = logging.getLogger("horologen.api")

Endpoint = Callable[[Request], Awaitable[Response]]


def json_errors(endpoint: Endpoint) -> Endpoint:
    """Turn an unexpected exception into a 500 JSON answer carrying the logged error ID."""

    @functools.wraps(endpoint)
    async def wrapper(request: Request) -> Response:
        try:
            return await endpoint(request)
        except Exception as exc:
            error_id = report_exception(exc, where="api", path=request.url.path)
            return JSONResponse(
                {
                    "error": "internal_error",
                    "message": "サーバーエラーが発生しました。",
                    "error_id": error_id,
                },
                status_code=500,
            )

    return wrapper


def _health() -> HealthReport:
    with db.session() as session:
        return check_health(session=session)


@json_errors
async def healthz(_request: Request) -> Response:
    """200 when the database answers and the schema is at head; 503 otherwise. No login."""
    report = await run_in_threadpool(_health)
    return JSONResponse(
        report.as_json(),
        status_code=200 if report.ok else 503,
        headers={"Cache-Control": "no-store"},
    )


routes: list[Route] = [
    Route("/healthz", healthz, methods=["GET", "HEAD"]),
]
