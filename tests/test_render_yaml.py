"""render.yaml: a Blueprint for staging and prod that declares every variable the app reads."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import yaml

from horologen.config import LOCAL_ONLY_VARIABLES, PLATFORM_VARIABLES, PROJECT_ROOT, load_settings

BLUEPRINT = yaml.safe_load((PROJECT_ROOT / "render.yaml").read_text())
RUNBOOK_VARIABLES = {
    "DATABASE_URL",
    "SECRET_KEY",
    "ANTHROPIC_API_KEY",
    "HOROLOGEN_PLAN",
    "HOROLOGEN_MONTHLY_LIMIT",
    "DEBUG_AUTH_LINKS",
    "FLASK_ENV",
}


class RecordingEnv(Mapping[str, str]):
    """An environment that remembers every name the settings loader asks for."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values
        self.asked: set[str] = set()

    def __getitem__(self, key: str) -> str:
        self.asked.add(key)
        return self.values[key]

    def get(self, key: str, default=None):  # type: ignore[override]
        self.asked.add(key)
        return self.values.get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)


def services() -> dict[str, dict]:
    """The web services (the Background Workers are checked on their own)."""
    return {s["name"]: s for s in BLUEPRINT["services"] if s["type"] == "web"}


def test_bulk_workers_run_the_worker_script_on_their_environments_database() -> None:
    workers = {s["name"]: s for s in BLUEPRINT["services"] if s["type"] == "worker"}
    assert set(workers) == {"horologen-staging-worker", "horologen-prod-worker"}
    web = services()
    for name, worker in workers.items():
        assert worker["startCommand"] == "python scripts/worker.py" and worker["runtime"] == "python"
        env = env_of(worker)
        twin = env_of(web[name.removesuffix("-worker")])
        assert env["DATABASE_URL"] == twin["DATABASE_URL"]
        assert env["ANTHROPIC_API_KEY"] == {"key": "ANTHROPIC_API_KEY", "sync": False}
        assert env["HOROLOGEN_MODEL"] == twin["HOROLOGEN_MODEL"]
    for service in web.values():
        assert env_of(service)["HOROLOGEN_WORKER_IN_APP"]["value"] == "0"


def env_of(service: dict) -> dict[str, dict]:
    return {item["key"]: item for item in service["envVars"]}


def test_blueprint_structure() -> None:
    found = services()
    assert set(found) == {"horologen-staging", "horologen-prod"}
    databases = {d["name"] for d in BLUEPRINT["databases"]}
    for name, service in found.items():
        assert service["type"] == "web" and service["runtime"] == "python"
        assert service["preDeployCommand"] == "python -m alembic upgrade head"
        assert service["healthCheckPath"] == "/healthz"
        assert service["startCommand"] == "bash scripts/serve.sh"
        assert "render_build.sh" in service["buildCommand"]
        env = env_of(service)
        assert set(env) >= RUNBOOK_VARIABLES, name
        assert env["DATABASE_URL"]["fromDatabase"]["property"] == "connectionString"
        assert env["DATABASE_URL"]["fromDatabase"]["name"] in databases
        for secret in ("SECRET_KEY", "ANTHROPIC_API_KEY"):
            assert env[secret] == {"key": secret, "sync": False}, "secrets are set in the Dashboard"
        assert env["DEBUG_AUTH_LINKS"]["value"] == "0" and env["FLASK_ENV"]["value"] == "production"
        assert env["HOROLOGEN_PLAN"]["value"] in ("limited", "unlimited")
        assert str(env["HOROLOGEN_MONTHLY_LIMIT"]["value"]).isdigit()
    assert env_of(found["horologen-staging"])["HOROLOGEN_PLAN"]["value"] == "limited"
    staging_db = env_of(found["horologen-staging"])["DATABASE_URL"]["fromDatabase"]["name"]
    prod_db = env_of(found["horologen-prod"])["DATABASE_URL"]["fromDatabase"]["name"]
    assert staging_db != prod_db, "each environment has its own Postgres"


def test_every_variable_the_app_reads_is_declared() -> None:
    env = RecordingEnv({"FLASK_ENV": "production", "SECRET_KEY": "x" * 32})
    load_settings(env)
    read = env.asked - set(LOCAL_ONLY_VARIABLES) - set(PLATFORM_VARIABLES)
    for name, service in services().items():
        missing = read - set(env_of(service))
        assert not missing, f"{name} does not declare {sorted(missing)}"


def test_scripts_are_the_runbooks() -> None:
    for script in ("seed_dev.py", "seed_staging_min.py", "import_master_products_from_sqlite.py", "check_env_data.py"):
        assert (PROJECT_ROOT / "scripts" / script).is_file()
