"""The pool on PostgreSQL: a connection killed while idle is replaced before use (the app recovers
by itself after a database restart, without a ping before every request), and a read session keeps
the hot queries prepared on its connection, runs in autocommit and hands the connection back
transactional (issue 29, bench/api_load.py)."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from horologen import config, db
from horologen.models import utcnow
from horologen.services.accounts import sessions
from tests.support import factories as f


@pytest.fixture()
def one_connection(pg_database_url: str) -> Iterator[Engine]:
    """An engine whose pool keeps one connection, so consecutive sessions share it."""
    engine = db.make_engine(config.normalise_database_url(pg_database_url), connections=2, processes=1)
    try:
        yield engine
    finally:
        engine.dispose()


def backend_pid(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_a_connection_killed_while_idle_is_replaced(
    one_connection: Engine, pg_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = backend_pid(one_connection)
    assert backend_pid(one_connection) == first  # reused: no ping in between (idle < PING_AFTER_IDLE_S)
    with psycopg.connect(pg_database_url, autocommit=True) as other:  # as a database restart would
        other.execute("SELECT pg_terminate_backend(%s)", (first,))
    monkeypatch.setattr(db, "PING_AFTER_IDLE_S", 0.0)  # the pooled connection has now been idle "long"
    second = backend_pid(one_connection)
    assert second != first


def test_a_read_session_keeps_the_session_lookup_prepared(
    one_connection: Engine, pg_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Session(one_connection) as setup:
        tenant = f.tenant(setup, "Prepared shop")
        user = f.user(setup, tenant, "staff")
        token = sessions.open_session(setup, user, "127.0.0.1", "test", utcnow(), action="login").token
        setup.commit()
    monkeypatch.setattr(db, "get_engine", lambda: one_connection)

    def prepared_after(open_session: object) -> int:
        for _ in range(7):  # psycopg prepares after prepare_threshold (5) runs on one connection
            with open_session() as session:  # type: ignore[operator]
                assert sessions.current_user(session=session, token=token) is not None
        with open_session() as session:  # type: ignore[operator]
            return int(session.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar_one())

    assert prepared_after(db.session) == 0  # every session() ends in ROLLBACK, which drops them
    assert prepared_after(db.read_session) >= 1
    # A read session's statements commit one by one (autocommit), even when the request fails later...
    with pytest.raises(RuntimeError), db.read_session() as session:
        session.execute(text("CREATE TABLE hg_scratch (x int)"))
        raise RuntimeError("boom")
    with db.read_session() as session:
        assert session.execute(text("SELECT to_regclass('hg_scratch')")).scalar_one() == "hg_scratch"
        session.execute(text("DROP TABLE hg_scratch"))
    # ...and the connection goes back to the pool transactional: session() still rolls back.
    with db.session() as session:
        session.execute(text("CREATE TABLE hg_scratch (x int)"))
        session.rollback()
    with db.session() as session:
        assert session.execute(text("SELECT to_regclass('hg_scratch')")).scalar_one() is None
