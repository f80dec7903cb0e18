"""The one database engine of this process and the `session()` every caller uses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from horologen.config import DB_POOL_TIMEOUT_S, Settings, get_settings


def pool_sizes(connections: int, processes: int) -> tuple[int, int]:
    """(pool_size, max_overflow) for one process, so that `processes` processes together never
    hold more than `connections` (HOROLOGEN_DB_CONNECTIONS): half kept open, half opened on
    demand and closed when returned. At least 2 per process."""
    per_process = max(2, connections // max(1, processes))
    kept = max(1, per_process // 2)
    return kept, per_process - kept


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
    # pre_ping lets the app recover by itself after a database restart; a caller that finds the
    # pool exhausted waits DB_POOL_TIMEOUT_S, then gets an error (an error ID on screen).
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=kept,
        max_overflow=overflow,
        pool_timeout=DB_POOL_TIMEOUT_S,
        pool_recycle=1800,
    )


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    settings: Settings = get_settings()
    return make_engine(settings.sqlalchemy_url)


@contextmanager
def session() -> Iterator[Session]:
    """A session on the process engine; commits are the caller's (services) decision."""
    with Session(get_engine(), expire_on_commit=False) as db:
        yield db
