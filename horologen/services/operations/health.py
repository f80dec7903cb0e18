"""Is this instance fit to serve: database reachable and schema at the migrations' head."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlmodel import Session

from horologen.config import PROJECT_ROOT


@dataclass(frozen=True)
class HealthReport:
    ok: bool
    database: str  # "ok" or "unreachable"
    schema: str  # "ok", "behind", "unknown"
    current_revision: str | None
    head_revision: str | None

    def as_json(self) -> dict[str, object]:
        return {
            "status": "ok" if self.ok else "unavailable",
            "database": self.database,
            "schema": self.schema,
            "current_revision": self.current_revision,
            "head_revision": self.head_revision,
        }


@lru_cache(maxsize=1)
def migration_heads() -> tuple[str, ...]:
    """The head revision(s) of the migrations shipped with this code."""
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    return tuple(ScriptDirectory.from_config(cfg).get_heads())


def check_health(*, session: Session) -> HealthReport:
    heads = migration_heads()
    head = ",".join(sorted(heads)) or None
    try:
        connection = session.connection()
        connection.execute(text("SELECT 1"))
        current = MigrationContext.configure(connection).get_current_heads()
    except Exception:  # any driver error means "not reachable" to a load balancer
        session.rollback()
        return HealthReport(False, "unreachable", "unknown", None, head)
    current_label = ",".join(sorted(current)) or None
    at_head = bool(current) and set(current) == set(heads)
    return HealthReport(at_head, "ok", "ok" if at_head else "behind", current_label, head)
