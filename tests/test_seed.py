"""Runbook 2.2 / 2.3 seeds: ids as the runbook expects, idempotent, passwords handled."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlmodel import Session, select

from horologen.models import MasterProduct, Tenant, User
from horologen.services.accounts.passwords import hash_password, verify_password
from horologen.services.backoffice.seed import seed_dev, seed_staging_min
from tests.support import databases


def snapshot(session: Session) -> tuple[list[tuple], list[tuple], list[tuple]]:
    session.expire_all()
    tenants = [(t.id, t.name) for t in session.exec(select(Tenant).order_by(Tenant.id))]
    users = [(u.id, u.email, u.tenant_id, u.role) for u in session.exec(select(User).order_by(User.id))]
    products = [(p.tenant_id, p.brand, p.reference, p.price_jpy) for p in session.exec(select(MasterProduct))]
    return tenants, users, products


def test_seed_dev_ids_and_idempotence(session: Session) -> None:
    first = seed_dev(session=session, password="seed-password-1")
    assert first.tenants == {"Platform": 1, "Tenant A": 2, "Tenant B": 3}
    before = snapshot(session)
    second = seed_dev(session=session, password="seed-password-1")
    assert second.tenants_created == 0 and not any(u.created for u in second.users)
    assert snapshot(session) == before
    staff_a = session.exec(select(User).where(User.email == "staff-a@example.com")).one()
    assert staff_a.tenant_id == 2 and staff_a.role == "staff"
    assert verify_password("seed-password-1", staff_a.password_hash)
    assert not staff_a.must_change_password


def test_random_seed_passwords_must_change_and_are_never_reapplied(session: Session) -> None:
    report = seed_dev(session=session, password=None)
    generated = {u.email: u.password for u in report.users}
    assert all(p and len(p) >= 10 for p in generated.values())
    user = session.exec(select(User).where(User.email == "admin-a@example.com")).one()
    assert user.must_change_password and verify_password(generated["admin-a@example.com"] or "", user.password_hash)
    again = seed_dev(session=session, password=None)
    assert all(u.password is None for u in again.users), "existing users keep their password"
    seed_dev(session=session, password="seed-on-next-start")
    session.refresh(user)
    assert verify_password(generated["admin-a@example.com"] or "", user.password_hash)
    assert not verify_password("seed-on-next-start", user.password_hash)


def test_seed_on_start_keeps_a_password_the_operator_changed(session: Session) -> None:
    """`make run` seeds on every start: a changed demo admin password must survive it."""
    seed_dev(session=session, password="horologen-demo-2026")
    admin = session.exec(select(User).where(User.email == "platform-admin@example.com")).one()
    admin.password_hash = hash_password("operator-chose-this-1")
    session.add(admin)
    session.commit()
    report = seed_dev(session=session, password="horologen-demo-2026")
    assert not any(u.created for u in report.users)
    session.expire_all()
    admin = session.exec(select(User).where(User.email == "platform-admin@example.com")).one()
    assert verify_password("operator-chose-this-1", admin.password_hash)
    assert not verify_password("horologen-demo-2026", admin.password_hash)
    assert not admin.must_change_password
    # Only an explicit reset gives the seed password back (and unlocks).
    admin.failed_login_count, admin.must_change_password = 9, True
    session.add(admin)
    session.commit()
    seed_dev(session=session, password="horologen-demo-2026", reset_passwords=True)
    session.expire_all()
    admin = session.exec(select(User).where(User.email == "platform-admin@example.com")).one()
    assert verify_password("horologen-demo-2026", admin.password_hash)
    assert (admin.failed_login_count, admin.must_change_password) == (0, False)


def test_seed_staging_min_is_idempotent(session: Session) -> None:
    seed_dev(session=session, password="seed-password-1")
    assert seed_staging_min(session=session).added == 1
    assert seed_staging_min(session=session).skipped == 1
    _, _, products = snapshot(session)
    assert products == [(2, "TESTBRAND", "REF001", 123456)]


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_runbook_seed_scripts_twice_on_fresh_postgres(backend: str) -> None:
    name, url = databases.create_pg_database("horologen_seed")
    env = {**os.environ, "DATABASE_URL": url, "HOROLOGEN_SEED_PASSWORD": "ops-password-99"}
    try:
        databases.migrate(url)
        outputs = []
        for _ in range(2):
            for script in ("scripts/seed_dev.py", "scripts/seed_staging_min.py"):
                result = subprocess.run(
                    [sys.executable, script],
                    cwd=databases.PROJECT_ROOT,
                    env=env,
                    capture_output=True,
                    text=True,
                )
                assert result.returncode == 0, result.stderr
                outputs.append(result.stdout)
        assert "tenant 2: Tenant A" in outputs[0] and "added 1" in outputs[1]
        assert "0 user(s) created" in outputs[2] and "skipped 1" in outputs[3]
        assert "ops-password-99" not in "".join(outputs)
    finally:
        databases.drop_pg_database(name)


def test_script_fails_clearly_without_schema(tmp_path) -> None:
    env = {**os.environ, "DATABASE_URL": databases.sqlite_url(tmp_path / "empty.db")}
    result = subprocess.run(
        [sys.executable, "scripts/seed_dev.py"],
        cwd=databases.PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "UndefinedTable" in result.stderr and "python -m alembic upgrade head" in result.stderr
