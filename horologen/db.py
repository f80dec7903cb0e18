"""The one database engine of this process and the `session()` every caller uses."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, cast

import psycopg
from sqlalchemy import event
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlmodel import Session, create_engine

from horologen.config import DB_POOL_TIMEOUT_S, Settings, get_settings

PING_AFTER_IDLE_S = 5.0  # a pooled connection unused this long is pinged before it is handed out


def pool_sizes(connections: int, processes: int) -> tuple[int, int]:
    """(pool_size, max_overflow) for one process, so that `processes` processes together never
    hold more than `connections` (HOROLOGEN_DB_CONNECTIONS), at least 2 per process. The whole
    share is kept open once opened (no overflow): with half of it as overflow, a busy minute opened
    and closed connections on every request beyond the kept half, each new one paying the login
    and losing psycopg's prepared statements (bench/api_load.py, issue 29: 937 → 1,333 req/s on
    /staff/references, p99 149 → 74 ms). Connections open lazily, so a quiet instance holds few."""
    per_process = max(2, connections // max(1, processes))
    return per_process, 0


def make_engine(url: str, connections: int | None = None, processes: int | None = None) -> Engine:
    """An engine with the settings both backends need (SQLite: FKs on, WAL, wait on locks;
    PostgreSQL: a pool sized from HOROLOGEN_DB_CONNECTIONS and the number of backend processes)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    settings = get_settings()
    kept, overflow = pool_sizes(connections or settings.db_connections, processes or settings.backend_processes)
    # A caller that finds the pool exhausted waits DB_POOL_TIMEOUT_S, then gets an error (an error
    # ID on screen). A connection idle for PING_AFTER_IDLE_S is pinged before use (below).
    engine = create_engine(
        url,
        pool_size=kept,
        max_overflow=overflow,
        pool_timeout=DB_POOL_TIMEOUT_S,
        pool_recycle=1800,
    )
    event.listen(engine, "checkin", _note_checkin)
    event.listen(engine, "checkout", _ping_if_idle)
    return engine


def _note_checkin(_dbapi_connection: Any, record: Any) -> None:
    record.info["checked_in_at"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """Ping a connection that sat in the pool for PING_AFTER_IDLE_S or more; a dead one is replaced.

    SQLAlchemy's `pool_pre_ping` pings on every checkout: on psycopg that is BEGIN, SELECT 1 and
    ROLLBACK, three round trips before each request's own queries (bench/api_load.py measured the
    JSON API at a quarter of a route doing the same SQL). The app still recovers by itself after a
    database restart: connections idle at that moment are pinged and replaced. Raising
    DisconnectionError from a "checkout" listener makes the pool discard the connection and try a
    fresh one, up to three times (SQLAlchemy, Connection Pooling → Disconnect Handling -
    Pessimistic; PoolEvents.checkout)."""
    checked_in_at = record.info.get("checked_in_at")
    if checked_in_at is not None and time.monotonic() - checked_in_at < PING_AFTER_IDLE_S:
        return
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        dbapi_connection.rollback()
    except Exception as exc:  # any failure means this connection cannot be trusted
        raise DisconnectionError() from exc


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    settings: Settings = get_settings()
    return make_engine(settings.sqlalchemy_url)


@contextmanager
def session() -> Iterator[Session]:
    """A session on the process engine; commits are the caller's (services) decision."""
    with Session(get_engine(), expire_on_commit=False) as db:
        yield db


@contextmanager
def read_session() -> Iterator[Session]:
    """A session for a request that reads (the JSON API's search, the session lookup of every
    Reflex event). On PostgreSQL its connection runs in psycopg's autocommit mode for the
    duration, so a read pays no BEGIN and no COMMIT/ROLLBACK round trip, and a write made in it
    (the idle-session touch, a refusal's audit row) is committed by its own statement; use
    `session()` wherever two writes must be atomic.

    It also keeps psycopg's prepared statements: psycopg prepares a query after
    `prepare_threshold` (5) runs on a connection and keeps the plan, but forgets every prepared
    statement on ROLLBACK (psycopg docs, "Prepared statements"; the source:
    `_preparing.PrepareManager._should_discard`, `Connection._rollback_gen`), and `session()` ends
    with one. psycopg's `autocommit` is a client-side switch, allowed while no transaction is open
    (psycopg docs, "Transactions management"); it is switched back before the connection returns
    to the pool."""
    with Session(get_engine(), expire_on_commit=False) as db, statements_alone(db):
        yield db
        db.commit()


def psycopg_connection(db: Session) -> psycopg.Connection[Any]:
    """The psycopg connection under a PostgreSQL session, in the session's transaction: for what
    SQLAlchemy's DBAPI layer has no way to do (COPY, a cursor reading rows as tuples). AssertionError
    on a session that is not on psycopg."""
    dbapi = db.connection().connection.dbapi_connection
    assert db.get_bind().dialect.name == "postgresql" and dbapi is not None, "a psycopg (PostgreSQL) session"
    return cast("psycopg.Connection[Any]", dbapi)


_POSTGRESQL = postgresql.dialect()  # type: ignore[no-untyped-call]


def postgresql_sql(statement: Any) -> tuple[str, dict[str, Any]]:
    """(SQL with psycopg's `%(name)s` placeholders, the constants SQLAlchemy binds itself) of a
    SQLAlchemy statement. For statements built once and run often (search_sql, generation_sql):
    psycopg then binds the values and prepares the statement after a few runs on a connection, and
    no call pays SQLAlchemy's cache key or parameter processing. Cache the result by statement."""
    compiled = statement.compile(dialect=_POSTGRESQL)
    return str(compiled), dict(compiled.params)


@contextmanager
def statements_alone(db: Session) -> Iterator[bool]:
    """Within the block, on PostgreSQL and while no transaction is open on the session's
    connection, each statement is its own transaction (psycopg's autocommit: no BEGIN and no
    COMMIT round trip); yields whether it switched (False on SQLite or inside a transaction, where
    statements go on as before). Only for statements that are each complete on their own (a read,
    or one data-modifying CTE: generation_sql). Switched back on leaving, before the connection can
    return to the pool."""
    dbapi = db.connection().connection.dbapi_connection
    switched = (
        db.get_bind().dialect.name == "postgresql"
        and dbapi is not None
        and not dbapi.autocommit
        and dbapi.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    )
    if switched:
        dbapi.autocommit = True  # type: ignore[union-attr]
    try:
        yield switched
    finally:
        if switched:  # a broken connection cannot be switched back: the pool discards it on return
            with contextlib.suppress(Exception):
                dbapi.autocommit = False  # type: ignore[union-attr]
