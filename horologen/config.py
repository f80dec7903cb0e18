"""Every setting HoroloGen reads from the environment, read once and validated.

The runbook (docs/runbook.ja.md) names the variables; this module is their only reader. The
fixed limits (sessions, lockout, generation retries, bulk jobs, profile and upload bounds) are
written in `horologen/limits.py` and read from here, as `config.NAME`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

# Re-exported, so every limit is read as `config.NAME` and a test patches it in one place.
from horologen.limits import *  # noqa: F403

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "horologen.db"

Environment = Literal["development", "test", "production"]
Plan = Literal["limited", "unlimited"]
Effort = Literal["low", "medium", "high", "xhigh", "max"]
PLANS: tuple[Plan, ...] = ("limited", "unlimited")

# Claude Sonnet 5.5 is the current Sonnet model; Sonnet 4.5 retires on 2026-11-30 (404 from then on).
# Read 2026-11-29: https://platform.claude.com/docs/en/models/sonnet-4-5/overview (deprecated, retires
# November 30, 2026, replacement Sonnet 5.5) and .../models/sonnet-5-5/migration-guide (request rules).
DEFAULT_MODEL = "claude-sonnet-5-5"
# Effort levels of the Messages API's `output_config.effort` (API default `high`). A product article
# is short, well-specified copy: `medium` keeps thinking (and latency, cost) modest without the
# shallow drafts of `low`. Operators may raise it with HOROLOGEN_EFFORT.
EFFORTS: tuple[Effort, ...] = ("low", "medium", "high", "xhigh", "max")
DEFAULT_EFFORT: Effort = "medium"
# The claim check after each article: a current Haiku-class model with structured outputs
# (platform.claude.com/docs/en/build-with-claude/structured-outputs, read 2026-11-29:
# `output_config.format` with a JSON schema, generally available on the 4.5 models and later).
# HOROLOGEN_CLAIM_MODEL=off turns the check off; the deterministic flags stand either way.
DEFAULT_CLAIM_MODEL = "claude-haiku-5-5"
DEFAULT_MONTHLY_LIMIT = 30
# PostgreSQL connections one instance of the app may hold, all its processes together. Render
# Postgres allows 100 on plans under 8 GB of RAM, a few reserved ("Connection limits and pooling",
# render.com/tutorials/postgres-on-render, read 2026-11-29): 20 leaves room for 3 instances, the
# bulk worker, migrations and a psql shell.
DEFAULT_DB_CONNECTIONS = 20
DB_POOL_TIMEOUT_S = 15
DEFAULT_EXPORT_RETENTION_DAYS = 90
QUOTA_TIMEZONE = "Asia/Tokyo"
DEV_SECRET_KEY = "horologen-development-only-secret-key"  # noqa: S105 - refused in production

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(ValueError):
    """A setting is missing or unsafe; the message says which and how to fix it."""


class Secret:
    """Holds a secret value so that repr/str/logging never show it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('**********')" if self._value else "Secret('')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class Settings:
    """The validated settings of one process."""

    environment: Environment
    database_url: Secret
    secret_key: Secret
    anthropic_api_key: Secret
    anthropic_base_url: str | None
    model: str
    effort: Effort
    plan: Plan
    monthly_limit: int
    debug_auth_links: bool
    redis_url: Secret
    trusted_proxy_hops: int = 0
    claim_model: str = DEFAULT_CLAIM_MODEL  # "" when turned off
    worker_in_app: bool = False  # the bulk worker runs inside the app (default with embedded SQLite)
    worker_interval_s: float = 30.0
    db_connections: int = DEFAULT_DB_CONNECTIONS
    backend_processes: int = 1
    sqlite_path: Path = field(default=DEFAULT_SQLITE_PATH)
    bench_routes: bool = False
    export_retention_days: int = 90  # export files are kept this long, then only their record
    yen_per_usd: float = 150.0  # turns the model's dollar prices into yen (costs.py)
    model_prices: dict[str, dict[str, float]] = field(default_factory=dict)  # overrides of costs.PRICES

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def sqlalchemy_url(self) -> str:
        """The URL SQLAlchemy gets: never logged, it may carry a password."""
        return self.database_url.get()

    @property
    def is_sqlite(self) -> bool:
        return self.sqlalchemy_url.startswith("sqlite")

    @property
    def database_label(self) -> str:
        """A loggable name for the database: dialect and host/file, never credentials."""
        return describe_database_url(self.sqlalchemy_url)


def normalise_database_url(url: str) -> str:
    """Render hands out `postgres://` / `postgresql://`; SQLAlchemy needs the psycopg 3 driver."""
    url = url.strip()
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if url.startswith("postgresql+psycopg2://"):
        return "postgresql+psycopg://" + url[len("postgresql+psycopg2://") :]
    return url


def describe_database_url(url: str) -> str:
    """Dialect plus host and database name, with any user or password removed."""
    if url.startswith("sqlite"):
        return "sqlite:" + url.split(":///", 1)[-1]
    scheme, _, rest = url.partition("://")
    host_part = rest.rsplit("@", 1)[-1]
    return f"{scheme}://{host_part.split('?', 1)[0]}"


def _flag(env: Mapping[str, str], name: str) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ConfigError(f"{name} must be 0 or 1 (got {raw!r}).")


def _environment(env: Mapping[str, str]) -> Environment:
    own = env.get("HOROLOGEN_ENV", "").strip().lower()
    flask = env.get("FLASK_ENV", "").strip().lower()
    if own in ("production", "prod") or flask in ("production", "prod"):
        return "production"
    if own in ("test", "testing"):
        return "test"
    if own in ("", "development", "dev"):
        return "development"
    raise ConfigError(f"HOROLOGEN_ENV must be development, test or production (got {own!r}).")


def _plan(env: Mapping[str, str]) -> Plan:
    raw = env.get("HOROLOGEN_PLAN", "").strip().lower() or "limited"
    if raw not in PLANS:
        raise ConfigError(f"HOROLOGEN_PLAN must be 'limited' or 'unlimited' (got {raw!r}).")
    return raw


def _monthly_limit(env: Mapping[str, str]) -> int:
    raw = env.get("HOROLOGEN_MONTHLY_LIMIT", "").strip()
    if not raw:
        return DEFAULT_MONTHLY_LIMIT
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(
            f"HOROLOGEN_MONTHLY_LIMIT must be a whole number of articles, e.g. 30 (got {raw!r})."
        ) from None
    if value < 0:
        raise ConfigError(f"HOROLOGEN_MONTHLY_LIMIT must not be negative (got {value}).")
    return value


def _proxy_hops(env: Mapping[str, str]) -> int:
    raw = env.get("HOROLOGEN_TRUSTED_PROXY_HOPS", "").strip() or "0"
    if not raw.isdigit() or int(raw) > 5:
        raise ConfigError(f"HOROLOGEN_TRUSTED_PROXY_HOPS must be 0-5, the proxies in front of the app (got {raw!r}).")
    return int(raw)


def _worker_in_app(env: Mapping[str, str], database_url: str) -> bool:
    """HOROLOGEN_WORKER_IN_APP: 1 runs the bulk worker inside the app; unset, only with embedded
    SQLite (Render runs `python scripts/worker.py` as a Background Worker instead)."""
    raw = env.get("HOROLOGEN_WORKER_IN_APP", "").strip()
    if raw:
        return raw.lower() in ("1", "true", "yes", "on")
    return database_url.startswith("sqlite")


def _worker_interval(env: Mapping[str, str]) -> float:
    raw = env.get("HOROLOGEN_WORKER_INTERVAL_S", "").strip() or "30"
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"HOROLOGEN_WORKER_INTERVAL_S must be seconds between polls (got {raw!r}).") from None
    if not 0.2 <= value <= 3600:
        raise ConfigError(f"HOROLOGEN_WORKER_INTERVAL_S must be 0.2-3600 seconds (got {raw!r}).")
    return value


def _yen_per_usd(env: Mapping[str, str]) -> float:
    raw = env.get("HOROLOGEN_YEN_PER_USD", "").strip() or "150"
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"HOROLOGEN_YEN_PER_USD must be yen per US dollar (got {raw!r}).") from None
    if not 1 <= value <= 1000:
        raise ConfigError(f"HOROLOGEN_YEN_PER_USD must be 1-1000 (got {raw!r}).")
    return value


def _model_prices(env: Mapping[str, str]) -> dict[str, dict[str, float]]:
    """HOROLOGEN_MODEL_PRICES: {"model id": {"input": 2, "output": 10, ...}} in dollars per million
    tokens; input and output are required, cache_write / cache_read / batch_discount optional."""
    raw = env.get("HOROLOGEN_MODEL_PRICES", "").strip()
    if not raw or raw == "{}":
        return {}
    import json

    try:
        data = json.loads(raw)
        prices = {str(model): {str(k): float(v) for k, v in values.items()} for model, values in dict(data).items()}
    except (ValueError, TypeError, AttributeError):
        raise ConfigError('HOROLOGEN_MODEL_PRICES must be JSON: {"model": {"input": 2, "output": 10}}.') from None
    if any("input" not in p or "output" not in p or min(p.values()) < 0 for p in prices.values()):
        raise ConfigError(
            "HOROLOGEN_MODEL_PRICES needs input and output prices (dollars per million tokens) per model."
        )
    return prices


def _export_retention_days(env: Mapping[str, str]) -> int:
    raw = env.get("HOROLOGEN_EXPORT_RETENTION_DAYS", "").strip() or str(DEFAULT_EXPORT_RETENTION_DAYS)
    if not raw.isdigit() or not 1 <= int(raw) <= 3650:
        raise ConfigError(f"HOROLOGEN_EXPORT_RETENTION_DAYS must be 1-3650 days (got {raw!r}).")
    return int(raw)


def _claim_model(env: Mapping[str, str]) -> str:
    raw = env.get("HOROLOGEN_CLAIM_MODEL", "").strip()
    if raw.lower() in ("off", "0", "none", "false"):
        return ""
    return raw or DEFAULT_CLAIM_MODEL


def _db_connections(env: Mapping[str, str]) -> int:
    raw = env.get("HOROLOGEN_DB_CONNECTIONS", "").strip() or str(DEFAULT_DB_CONNECTIONS)
    if not raw.isdigit() or not 2 <= int(raw) <= 500:
        raise ConfigError(
            "HOROLOGEN_DB_CONNECTIONS must be 2-500, the PostgreSQL connections one instance of the app may "
            f"hold across its processes (got {raw!r})."
        )
    return int(raw)


def _backend_processes(env: Mapping[str, str]) -> int:
    """How many backend processes `reflex run --env prod` starts, as Reflex decides it
    (reflex/utils/processes.py get_num_workers, 0.10.1): GRANIAN_WORKERS when set; with Redis,
    min(2 × CPUs + 1, 8); without Redis one (state lives in that process's memory)."""
    raw = env.get("GRANIAN_WORKERS", "").strip()
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    if env.get("REDIS_URL", "").strip():
        return min((os.cpu_count() or 1) * 2 + 1, 8)
    return 1


def allowed_origins(env: Mapping[str, str] | None = None) -> list[str]:
    """Origins allowed besides the one a request was sent to: HOROLOGEN_ALLOWED_ORIGINS (comma
    separated, normally unset) and Render's RENDER_EXTERNAL_URL (the service's public URL, which
    Render sets on web services). Read without validation: rxconfig.py uses it at import."""
    env = os.environ if env is None else env
    origins = [o.strip().rstrip("/") for o in env.get("HOROLOGEN_ALLOWED_ORIGINS", "").split(",") if o.strip()]
    render_url = env.get("RENDER_EXTERNAL_URL", "").strip().rstrip("/")
    if render_url:
        origins.append(render_url)
    return origins


def _effort(env: Mapping[str, str]) -> Effort:
    raw = env.get("HOROLOGEN_EFFORT", "").strip().lower() or DEFAULT_EFFORT
    if raw not in EFFORTS:
        raise ConfigError(f"HOROLOGEN_EFFORT must be one of {', '.join(EFFORTS)} (got {raw!r}).")
    return raw


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build and validate the settings; raises ConfigError with a message an operator can act on."""
    env = os.environ if env is None else env
    environment = _environment(env)
    production = environment == "production"

    raw_db = env.get("DATABASE_URL", "").strip()
    sqlite_path = Path(env.get("HOROLOGEN_SQLITE_PATH", "") or DEFAULT_SQLITE_PATH)
    if raw_db:
        database_url = normalise_database_url(raw_db)
    else:
        database_url = f"sqlite:///{sqlite_path}"

    secret_key = env.get("SECRET_KEY", "").strip()
    if not secret_key:
        if production:
            raise ConfigError(
                "SECRET_KEY is not set. Production refuses to start without it: "
                "set it in the Render Dashboard (Environment), different for staging and prod."
            )
        secret_key = DEV_SECRET_KEY
    elif production and len(secret_key) < 16:
        raise ConfigError("SECRET_KEY is too short for production: use at least 16 characters.")

    debug_auth_links = _flag(env, "DEBUG_AUTH_LINKS")
    if debug_auth_links and production:
        raise ConfigError(
            "DEBUG_AUTH_LINKS=1 is refused in production: magic login links are for local use only. "
            "Set DEBUG_AUTH_LINKS=0."
        )

    return Settings(
        environment=environment,
        database_url=Secret(database_url),
        secret_key=Secret(secret_key),
        anthropic_api_key=Secret(env.get("ANTHROPIC_API_KEY", "").strip()),
        anthropic_base_url=env.get("ANTHROPIC_BASE_URL", "").strip() or None,
        model=env.get("HOROLOGEN_MODEL", "").strip() or DEFAULT_MODEL,
        effort=_effort(env),
        plan=_plan(env),
        monthly_limit=_monthly_limit(env),
        debug_auth_links=debug_auth_links,
        redis_url=Secret(env.get("REDIS_URL", "").strip()),
        trusted_proxy_hops=_proxy_hops(env),
        claim_model=_claim_model(env),
        worker_in_app=_worker_in_app(env, database_url),
        worker_interval_s=_worker_interval(env),
        db_connections=_db_connections(env),
        backend_processes=_backend_processes(env),
        sqlite_path=sqlite_path,
        bench_routes=_flag(env, "HOROLOGEN_BENCH_ROUTES") and not production,
        export_retention_days=_export_retention_days(env),
        yen_per_usd=_yen_per_usd(env),
        model_prices=_model_prices(env),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read on first use."""
    return load_settings()


# Read by load_settings but meant for local runs and tests only; never set on Render.
# Set by the platform or read by Reflex itself, never declared in render.yaml.
PLATFORM_VARIABLES = ("GRANIAN_WORKERS", "RENDER_EXTERNAL_URL")
LOCAL_ONLY_VARIABLES = ("HOROLOGEN_ENV", "HOROLOGEN_SQLITE_PATH", "ANTHROPIC_BASE_URL", "HOROLOGEN_BENCH_ROUTES")
