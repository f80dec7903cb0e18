"""Error IDs: one ID shown to the user and written, with the traceback, to one log line."""

from __future__ import annotations

import logging
import secrets
import traceback
from datetime import UTC, datetime

log = logging.getLogger("horologen.errors")

# Exception class names that mean the schema is missing or the deploy is broken.
_SCHEMA_ERRORS = ("UndefinedTable", "NoSuchTableError", "UndefinedColumn")
MIGRATE_HINT = "hint: run `python -m alembic upgrade head` (runbook 2.1 / 4.2)"
MODULE_HINT = "hint: a module is missing: check requirements.txt was installed by the build command"


def new_error_id() -> str:
    """Short, unique enough to read over the phone, sortable by time."""
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(3).upper()


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def classify(exc: BaseException) -> tuple[str, str]:
    """The name operators grep for (UndefinedTable, ...) and a hint; ('', '') when unremarkable."""
    for item in _chain(exc):
        name = type(item).__name__
        if name in _SCHEMA_ERRORS:
            return name, MIGRATE_HINT
        if isinstance(item, ModuleNotFoundError):
            return "ModuleNotFoundError", MODULE_HINT
        if "no such table" in str(item).lower():
            # SQLite's wording for PostgreSQL's UndefinedTable.
            return "UndefinedTable", MIGRATE_HINT
    return "", ""


def report_exception(exc: BaseException, *, where: str, **context: object) -> str:
    """Log the exception once, with its traceback and an error ID; return the ID to show."""
    error_id = new_error_id()
    kind, hint = classify(exc)
    details = " ".join(f"{key}={value}" for key, value in context.items() if value not in (None, ""))
    label = f" {kind}" if kind else ""
    hint_text = f" {hint}" if hint else ""
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    log.error(
        "error_id=%s where=%s%s%s %s | %s",
        error_id,
        where,
        label,
        hint_text,
        details,
        trace.replace("\n", "\\n"),
    )
    return error_id


def report_problem(problem: str, *, where: str, **context: object) -> str:
    """Log a failure that is not an exception (an empty or refused answer) with a new error ID."""
    error_id = new_error_id()
    details = " ".join(f"{key}={value}" for key, value in context.items() if value not in (None, ""))
    log.error("error_id=%s where=%s %s %s", error_id, where, problem, details)
    return error_id


class UserFacingError(Exception):
    """An error a person can fix: its `message` is Japanese and safe to show on screen as is.

    Every fixable error of the service layer derives from this one base (ARCHITECTURE.md,
    "Errors a person can fix derive from one UserFacingError"); a handler shows only these, and
    anything else goes the error-ID path (`report_exception`)."""

    def __init__(self, message: str, *args: object) -> None:
        super().__init__(message, *args)
        self.message = message

    def __str__(self) -> str:
        return self.message
