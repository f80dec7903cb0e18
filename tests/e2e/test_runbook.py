"""release-runbook.ja.md, word for word, on a fresh PostgreSQL database and the production command.

§2.1 migrate → §2.2 seed_dev → §2.3 seed_staging_min → §2.4 SQLite import for tenants 2 and 3
→ §2.5 check_env_data → start the app as Render does → §3 checks 1–7 → §4.2 state checks.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from horologen.config import PROJECT_ROOT
from tests.support import databases
from tests.support.legacy_sqlite import build_legacy_db
from tests.support.live_app import LiveApp, start_live_app

PASSWORD = "runbook-password-2026"


def shell(command: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a runbook line through bash exactly as written (`TENANT_ID=2 python scripts/...`)."""
    venv_bin = str(PROJECT_ROOT / ".venv" / "bin")
    full_env = {**os.environ, **env, "PATH": venv_bin + os.pathsep + os.environ["PATH"]}
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def runbook(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    name, url = databases.create_pg_database("horologen_runbook")
    env = {
        "DATABASE_URL": url,  # postgresql://, as Render gives it
        "SECRET_KEY": "runbook-secret-key-staging-only",
        "FLASK_ENV": "production",
        "DEBUG_AUTH_LINKS": "0",
        "HOROLOGEN_PLAN": "limited",
        "HOROLOGEN_MONTHLY_LIMIT": "30",
        "HOROLOGEN_SEED_PASSWORD": PASSWORD,
    }
    # Render Shell runs in the service's root; the legacy horologen.db is "in the working environment".
    shell_dir = tmp_path_factory.mktemp("render-shell")
    for entry in ("scripts", "alembic", "alembic.ini", "horologen", "rxconfig.py"):
        (shell_dir / entry).symlink_to(PROJECT_ROOT / entry)
    build_legacy_db(shell_dir / "horologen.db")
    outputs: dict[str, subprocess.CompletedProcess[str]] = {}
    app: LiveApp | None = None
    try:
        for key, command in [
            ("2.1", "python -m alembic upgrade head"),
            ("2.2", "python scripts/seed_dev.py"),
            ("2.3", "python scripts/seed_staging_min.py"),
            ("2.4a", "TENANT_ID=2 python scripts/import_master_products_from_sqlite.py"),
            ("2.4b", "TENANT_ID=3 python scripts/import_master_products_from_sqlite.py"),
            ("2.5", "python scripts/check_env_data.py"),
        ]:
            outputs[key] = shell(command, env, shell_dir)
        app = start_live_app(env, tmp_path_factory.mktemp("runbook") / "app.log")
        yield {"env": env, "outputs": outputs, "app": app, "dir": shell_dir, "url": url}
    finally:
        if app is not None:
            app.stop()
        databases.drop_pg_database(name)


def test_section_2_commands_succeed(runbook) -> None:
    outputs = runbook["outputs"]
    for key, result in outputs.items():
        assert result.returncode == 0, f"§{key}: {result.stdout}\n{result.stderr}"
    assert "Running upgrade" in outputs["2.1"].stderr
    assert "tenant 2: Tenant A" in outputs["2.2"].stdout
    assert "added 1" in outputs["2.3"].stdout
    assert "added 3 / skipped 1 / invalid 1" in outputs["2.4a"].stdout
    assert "ALL OK" in outputs["2.5"].stdout and "NG" not in outputs["2.5"].stdout


def login(browser: Browser, app: LiveApp, email: str, password: str = PASSWORD):
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(app.url + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda u: "/login" not in u)
    return context, page


def test_section_3_checks(runbook, browser: Browser) -> None:
    app: LiveApp = runbook["app"]  # type: ignore[assignment]
    # 1. platform-admin can log in
    context, page = login(browser, app, "platform-admin@example.com")
    expect(page).to_have_url(re.compile(r"/platform/tenants/?$"))
    context.close()
    # 2. staff-a can log in
    context, page = login(browser, app, "staff-a@example.com")
    expect(page).to_have_url(re.compile(r"/staff/search/?$"))
    # 3. and 4. count:1, ten reloads all 200 (with the browser's own session cookie)
    statuses = []
    for _ in range(10):
        response = page.goto(app.url + "/staff/references?brand=TESTBRAND")
        statuses.append(response.status if response else 0)
    assert statuses == [200] * 10
    assert '"count":1' in page.inner_text("body").replace(" ", "")
    # 5. choosing REF001 on /staff/search shows price_jpy=123456
    page.goto(app.url + "/staff/search")
    page.fill("#reference-query", "REF001")
    page.get_by_role("option").filter(has_text="REF001").click()
    expect(page.locator("#product-price-raw")).to_have_text("price_jpy=123456")
    # 6. staff opening /admin/upload directly is refused (page, and the same for the API)
    page.goto(app.url + "/admin/upload")
    expect(page.get_by_role("alert")).to_contain_text("権限がありません")
    expect(page.locator("#upload-button")).to_have_count(0)
    context.close()
    # 7. after an admin reissues staff-a's password, staff-a must change it at the next login
    context, page = login(browser, app, "admin-a@example.com")
    page.goto(app.url + "/admin/staff")
    page.locator("tr[data-email='staff-a@example.com']").get_by_role("button", name="パスワード再発行").click()
    page.get_by_role("alertdialog").get_by_role("button", name="実行").click()
    temporary = page.locator("#temporary-password").inner_text().strip()
    context.close()
    context, page = login(browser, app, "staff-a@example.com", temporary)
    expect(page).to_have_url(re.compile(r"/password/?$"))
    page.fill("input[name=password]", temporary)
    page.fill("input[name=new_password]", PASSWORD + "-changed")
    page.fill("input[name=new_password_confirm]", PASSWORD + "-changed")
    page.get_by_role("button", name="変更する").click()
    expect(page).to_have_url(re.compile(r"/staff/search/?$"))
    context.close()


def test_section_4_2_state_checks_and_idempotent_rerun(runbook) -> None:
    env, cwd = runbook["env"], runbook["dir"]
    current = shell("python -m alembic current", env, cwd)  # type: ignore[arg-type]
    heads = shell("python -m alembic heads", env, cwd)  # type: ignore[arg-type]
    assert current.returncode == 0 and heads.returncode == 0
    head = heads.stdout.split()[0]
    assert f"{head} (head)" in current.stdout
    before = shell("python scripts/check_env_data.py", env, cwd).stdout  # type: ignore[arg-type]
    for command in (
        "python -m alembic upgrade head",
        "python scripts/seed_dev.py",
        "python scripts/seed_staging_min.py",
        "TENANT_ID=2 python scripts/import_master_products_from_sqlite.py",
    ):
        result = shell(command, env, cwd)  # type: ignore[arg-type]
        assert result.returncode == 0, result.stderr
        assert "Running upgrade" not in result.stderr
    after = shell("python scripts/check_env_data.py", env, cwd).stdout  # type: ignore[arg-type]
    assert before == after and "ALL OK" in after


def test_health_and_api_on_the_single_port(runbook) -> None:
    app: LiveApp = runbook["app"]  # type: ignore[assignment]
    assert httpx.get(app.url + "/healthz").status_code == 200
    assert httpx.get(app.url + "/staff/references").status_code == 401
    assert httpx.get(app.url + "/ping").status_code == 200
    assert "runbook-secret-key-staging-only" not in app.log() and PASSWORD not in app.log()
