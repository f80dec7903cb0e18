"""Routes for the benchmarks only (HOROLOGEN_BENCH_ROUTES=1; config refuses them in production).

`/bench/export` runs an export the page's way or on the event loop. `/bench/bare` is a constant
answer (the server's own ceiling). `/bench/floor` does the work of
`/staff/references` with the least code (issue 29 item 3): one pooled psycopg connection per
request (no more connections than the app's pool), the session lookup and the search as the very
SQL the services issue on PostgreSQL (`sessions.CURRENT_USER_POSTGRESQL`,
`search_sql.postgresql_text`), with the values bound by psycopg, and JSON out. It skips what the product must do (the
idle-session touch, refusal audit, a brand typed in the query box, input checks), so it is a floor
to measure against, never an endpoint to use.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterator
from typing import Any

import psycopg
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from horologen import config, db
from horologen.http_context import token_from_cookie_header
from horologen.models import utcnow
from horologen.services.accounts import access, sessions
from horologen.services.articles import export_jobs
from horologen.services.catalogue import search, search_sql
from horologen.services.catalogue.headers import condition_of


class _Pool:
    """At most HOROLOGEN_DB_CONNECTIONS autocommit connections, as many as the app's own pool may
    hold (db.pool_sizes), handed out one per request: the floor gets no more connections than the
    route it is measured against."""

    def __init__(self) -> None:
        self._idle: queue.LifoQueue[psycopg.Connection[Any]] = queue.LifoQueue()
        self._opened = 0
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def connection(self) -> Iterator[psycopg.Connection[Any]]:
        with self._lock:
            may_open = self._idle.empty() and self._opened < config.get_settings().db_connections
            if may_open:
                self._opened += 1
        if may_open:
            url = config.get_settings().sqlalchemy_url.replace("postgresql+psycopg://", "postgresql://", 1)
            connection = psycopg.connect(url, autocommit=True)
        else:
            connection = self._idle.get()
        try:
            yield connection
        finally:
            self._idle.put(connection)


_pool = _Pool()


def _search_sql(token_tenant: int, brand: str, query: str) -> tuple[str, dict[str, Any]]:
    """The service's own statement for this search's shape, as the service compiled it for psycopg."""
    shape, values = search_sql.shape_and_values(postgresql=True, tenant_id=token_tenant, brand=brand, query=query)
    sql, _count, constants = search_sql.postgresql_text(shape)
    return sql, {**constants, **values, "offset": 0, "limit": search.DEFAULT_LIMIT}


def _floor(token: str, brand: str, query: str) -> tuple[int, dict[str, object]]:
    with _pool.connection() as connection, connection.cursor() as cursor:
        cursor.execute(sessions.CURRENT_USER_POSTGRESQL, {"token_hash": sessions.hash_token(token), "now": utcnow()})
        user = cursor.fetchone()
        if user is None:
            return 401, {"error": "unauthenticated"}
        sql, params = _search_sql(int(user[3]), brand, query)
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    items = [_item(row) for row in rows]
    return 200, {"count": int(rows[0][-1]) if rows else 0, "items": items}


def _item(r: tuple[Any, ...]) -> dict[str, object]:
    """A row as ProductView.as_json() writes it."""
    return {
        "id": r[0], "brand": r[1], "reference": r[2], "name": r[3], "price_jpy": r[4], "price_tax": r[6],
        "stock_number": r[7], "condition": condition_of(r[5] or {}), "sale_state": r[8], "specs": r[5],
    }  # fmt: skip


async def bench_floor(request: Request) -> Response:
    """`/staff/references`'s work with the least code (see the module's docstring)."""
    token = token_from_cookie_header(request.headers.get("cookie", ""))
    params = request.query_params
    status, body = await run_in_threadpool(_floor, token, params.get("brand", ""), params.get("q", ""))
    return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


async def bench_bare(_request: Request) -> Response:
    """The benchmark's yardstick: same server, no database, no auth."""
    return JSONResponse({"count": 1, "items": [{"brand": "TESTBRAND", "reference": "REF001", "price_jpy": 123456}]})


def _bench_export(token: str, count: int) -> int:
    """The shop admin's newest `count` approved articles exported as CSV, as the page's handler does."""
    from sqlmodel import col, select

    from horologen.models import Article

    with db.session() as session:
        user = sessions.current_user(session=session, token=token)
        if user is None or user.actor.role != access.ADMIN:
            return 0
        ids = list(
            session.exec(
                select(Article.id)
                .where(
                    Article.tenant_id == user.actor.tenant_id, col(Article.review_status).in_(("approved", "exported"))
                )
                .order_by(col(Article.id).desc())
                .limit(count)
            )
        )
        outcome = export_jobs.run_export(
            session=session, actor=user.actor, article_ids=[int(i or 0) for i in ids], fmt="csv"
        )
        return outcome.row_count


async def bench_export(request: Request) -> Response:
    """Bench only (HOROLOGEN_BENCH_ROUTES=1, refused in production): an export of `n` articles run
    the page's way (`mode=thread`, asyncio.to_thread) or the old way on the event loop (`mode=loop`)."""
    import asyncio

    count = min(max(int(request.query_params.get("n", "200") or 200), 1), 2000)
    token = token_from_cookie_header(request.headers.get("cookie", ""))
    if request.query_params.get("mode") == "loop":
        rows = _bench_export(token, count)
    else:
        rows = await asyncio.to_thread(_bench_export, token, count)
    return JSONResponse({"rows": rows})
