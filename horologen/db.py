"""The one database engine of this process and the `session()` every caller uses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from horologen.config import Settings, get_settings


def make_engine(url: str) -> Engine:
    """An engine with the settings both backends need (SQLite: FKs on, WAL, wait on locks)."""
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
    # pre_ping lets the app recover by itself after a database restart.
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, pool_recycle=1800)


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    settings: Settings = get_settings()
    return make_engine(settings.sqlalchemy_url)


@contextmanager
def session() -> Iterator[Session]:
    """A session on the process engine; commits are the caller's (services) decision."""
    with Session(get_engine(), expire_on_commit=False) as db:
        yield db
