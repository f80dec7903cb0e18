"""Error IDs: shown to the user, logged once with the traceback; schema errors named with a hint."""

from __future__ import annotations

import importlib
import logging

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient

from horologen.api import json_errors
from horologen.errors import MIGRATE_HINT, classify, report_exception


def _raise_from_missing_table(engine: Engine) -> Exception:
    with engine.connect() as conn:
        try:
            conn.execute(sa.text("SELECT * FROM table_that_does_not_exist"))
        except Exception as exc:
            return exc
    raise AssertionError("query on a missing table succeeded")


def test_missing_table_is_named_undefined_table_on_both_backends(engine: Engine) -> None:
    kind, hint = classify(_raise_from_missing_table(engine))
    assert kind == "UndefinedTable"
    assert hint == MIGRATE_HINT and "python -m alembic upgrade head" in hint


def test_no_such_table_error_and_module_not_found_are_named(engine: Engine) -> None:
    with pytest.raises(sa.exc.NoSuchTableError) as no_table:
        sa.Table("nothing_here", sa.MetaData(), autoload_with=engine)
    assert classify(no_table.value)[0] == "NoSuchTableError"
    with pytest.raises(ModuleNotFoundError) as missing:
        importlib.import_module("horologen_module_that_is_not_installed")
    assert classify(missing.value)[0] == "ModuleNotFoundError"
    assert classify(ValueError("ordinary")) == ("", "")


def test_report_logs_one_line_with_id_and_traceback(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="horologen")
    try:
        raise RuntimeError("boom in a handler")
    except RuntimeError as exc:
        error_id = report_exception(exc, where="event", path="/staff/search")
    records = [r for r in caplog.records if error_id in r.getMessage()]
    assert len(records) == 1
    message = records[0].getMessage()
    assert "\n" not in message
    assert "RuntimeError: boom in a handler" in message and "Traceback" in message
    assert "path=/staff/search" in message


def test_route_error_answers_500_json_with_the_logged_id(caplog: pytest.LogCaptureFixture) -> None:
    @json_errors
    async def broken(_request: Request) -> Response:
        raise KeyError("unexpected")

    caplog.set_level(logging.ERROR, logger="horologen")
    client = TestClient(Starlette(routes=[Route("/broken", broken)]))
    response = client.get("/broken")
    assert response.status_code == 500
    error_id = response.json()["error_id"]
    assert error_id and error_id in caplog.text
    assert "KeyError" in caplog.text and "KeyError" not in response.text


def test_event_error_shows_a_toast_with_the_logged_id(caplog: pytest.LogCaptureFixture) -> None:
    from horologen.horologen import backend_exception_handler

    caplog.set_level(logging.ERROR, logger="horologen")
    try:
        _ = 1 / 0
    except ZeroDivisionError as exc:
        spec = backend_exception_handler(exc)
    shown = str(spec.args)
    error_id = caplog.records[-1].getMessage().split()[0].removeprefix("error_id=")
    assert error_id in shown and "エラーID" in shown
    assert "ZeroDivisionError" in caplog.text and "ZeroDivisionError" not in shown


def test_log_lines_carry_the_request_context() -> None:
    import io

    from horologen.logging_setup import DATE_FORMAT, FORMAT, ContextFilter, set_log_context

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(FORMAT, DATE_FORMAT))
    handler.addFilter(ContextFilter())
    logger = logging.getLogger("horologen.context-test")
    logger.addHandler(handler)
    try:
        set_log_context(path="/staff/references", tenant_id=2, user_id=7)
        logger.warning("something happened")
        set_log_context()
        logger.warning("no request")
    finally:
        logger.removeHandler(handler)
    first, second = stream.getvalue().splitlines()
    assert "WARNING [horologen.context-test] path=/staff/references tenant_id=2 user_id=7 something happened" in first
    assert "[horologen.context-test] no request" in second
