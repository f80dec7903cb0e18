"""Fresh PostgreSQL databases and SQLite files for tests, migrated with the real Alembic."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import psycopg
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from alembic import command
from horologen.config import PROJECT_ROOT

# The maintenance database the tests connect to in order to create and drop their own.
PG_ADMIN_DSN = os.environ.get("HOROLOGEN_TEST_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")


def pg_url_for(name: str) -> str:
    """`postgresql://` on purpose: the app must normalise it to psycopg 3 itself."""
    base = PG_ADMIN_DSN.rsplit("/", 1)[0]
    return f"{base}/{name}"


def create_pg_database(prefix: str = "horologen_test") -> tuple[str, str]:
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, pg_url_for(name)


def drop_pg_database(name: str) -> None:
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def alembic_config(url: str) -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    cfg.attributes["database_url"] = url
    cfg.attributes["skip_logging_config"] = True
    return cfg


def migrate(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def clear_all_tables(engine: Engine) -> None:
    """Empty every table between tests (cheaper than a new database, and commits are real)."""
    tables = [t.name for t in reversed(SQLModel.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                # Plain INTEGER PRIMARY KEYs restart at 1 once the table is empty.
                conn.execute(text(f"DELETE FROM {table}"))
