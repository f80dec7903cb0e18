"""One log line per event, as Render's log view shows them: time, level, logger, request context, message.

The request context (path, tenant and user ids) is set by the API routes and the state gate,
so every line a request produces says whose request it was, without names or emails.
"""

from __future__ import annotations

import contextvars
import logging
import sys

FORMAT = "%(asctime)s %(levelname)s [%(name)s]%(context)s %(message)s"
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"

_context: contextvars.ContextVar[dict[str, object] | None] = contextvars.ContextVar(
    "horologen_log_context", default=None
)


def set_log_context(**values: object) -> None:
    """Remember request facts (path, tenant_id, user_id) for the lines logged in this task."""
    _context.set({k: v for k, v in values.items() if v not in (None, "")})


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        values = _context.get() or {}
        record.context = "".join(f" {k}={v}" for k, v in values.items())
        return True


# Every control character in a line is written as an escape, so text a visitor typed (an email
# with a line break) can never start a forged log line (OWASP "Log Injection").
_ESCAPES = {code: f"\\x{code:02x}" for code in (*range(0x20), 0x7F)} | {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}


class OneLineFormatter(logging.Formatter):
    """The standard format on one line: line breaks and other control characters escaped."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).translate(_ESCAPES)


def configure_logging(level: int = logging.INFO) -> None:
    """Give the root logger one stderr handler unless something (pytest, a server) already did."""
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(OneLineFormatter(FORMAT, DATE_FORMAT))
        handler.addFilter(ContextFilter())
        root.addHandler(handler)
    logging.getLogger("horologen").setLevel(level)
