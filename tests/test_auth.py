"""Login, sessions, lockout, password change/reset and magic links, on both databases."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from horologen import config
from horologen.models import AuditLog, AuthSession, utcnow
from horologen.services.accounts import magic_links, passwords, sessions, signin, users
from horologen.services.accounts.access import AccessDenied
from horologen.services.accounts.passwords import PasswordPolicyError, hash_password
from tests.support import factories as f


@pytest.fixture()
def shop(session: Session):
    t = f.tenant(session, "Tenant A")
    return (
        t,
        f.user(session, t, "staff", "staff-a@example.com"),
        f.user(session, t, "admin", "admin-a@example.com"),
    )


def actions(session: Session) -> list[str]:
    return [row.action for row in session.exec(select(AuditLog).order_by(AuditLog.id))]


def test_bcrypt_cost_12_and_72_byte_limit() -> None:
    assert hash_password("a-good-password").startswith("$2b$12$")
    with pytest.raises(PasswordPolicyError, match="72"):
        hash_password("パスワード" * 5)  # 75 bytes in UTF-8: rejected, never truncated
    with pytest.raises(PasswordPolicyError, match="10"):
        hash_password("short")


def test_login_ok_case_insensitive_and_token_is_stored_hashed(session: Session, shop) -> None:
    _, staff, _ = shop
    result = signin.login(session=session, email="  Staff-A@Example.COM ", password=f.PASSWORD)
    assert result.ok and result.role == "staff" and len(result.token) >= 43  # 32 random bytes
    stored = session.exec(select(AuthSession)).one()
    assert stored.token_hash != result.token and result.token not in stored.token_hash
    current = sessions.current_user(session=session, token=result.token)
    assert current is not None and current.actor.user_id == staff.id and current.actor.tenant_id == staff.tenant_id
    assert "login" in actions(session)


def test_failures_do_not_reveal_whether_the_email_exists(
    session: Session, shop, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="horologen")
    wrong = signin.login(
        session=session, email="staff-a@example.com", password="wrong-password-1", client_address="10.0.0.9"
    )
    unknown = signin.login(session=session, email="nobody@example.com", password="wrong-password-2")
    assert not wrong.ok and not unknown.ok and wrong.message == unknown.message
    assert "staff-a@example.com" in caplog.text and "reason=wrong_password" in caplog.text
    assert "address=10.0.0.9" in caplog.text and "reason=unknown_email" in caplog.text
    assert "wrong-password-1" not in caplog.text and "wrong-password-2" not in caplog.text
    assert actions(session).count("login_failed") == 2


def test_lockout_after_five_failures_in_fifteen_minutes(session: Session, shop) -> None:
    _, staff, _ = shop
    start = utcnow()
    for minute in range(5):
        signin.login(
            session=session,
            email=staff.email,
            password="nope-nope-nope",
            now=start + timedelta(minutes=minute),
        )
    locked = signin.login(session=session, email=staff.email, password=f.PASSWORD, now=start + timedelta(minutes=6))
    assert not locked.ok and locked.message == signin.LOGIN_FAILED_MESSAGE
    assert "account_locked" in actions(session)
    still = signin.login(session=session, email=staff.email, password=f.PASSWORD, now=start + timedelta(minutes=18))
    assert not still.ok  # locked at minute 4 for 15 minutes
    after = signin.login(
        session=session, email=staff.email, password=f.PASSWORD, now=start + timedelta(minutes=19, seconds=1)
    )
    assert after.ok


def test_failures_spread_over_more_than_the_window_do_not_lock(session: Session, shop) -> None:
    _, staff, _ = shop
    start = utcnow()
    for i in range(8):
        signin.login(
            session=session,
            email=staff.email,
            password="nope-nope-nope",
            now=start + timedelta(minutes=4 * i),
        )
    assert signin.login(session=session, email=staff.email, password=f.PASSWORD, now=start + timedelta(minutes=33)).ok


def test_failures_are_limited_per_client_address(session: Session, shop) -> None:
    _, staff, _ = shop
    now = utcnow()
    for i in range(config.LOGIN_ADDRESS_FAILURE_LIMIT):
        signin.login(
            session=session,
            email=f"probe{i}@example.com",
            password="x" * 12,
            client_address="203.0.113.5",
            now=now,
        )
    blocked = signin.login(
        session=session, email=staff.email, password=f.PASSWORD, client_address="203.0.113.5", now=now
    )
    assert not blocked.ok and blocked.message == signin.ADDRESS_LIMIT_MESSAGE
    assert signin.login(
        session=session, email=staff.email, password=f.PASSWORD, client_address="198.51.100.7", now=now
    ).ok
    later = now + config.LOGIN_FAILURE_WINDOW + timedelta(seconds=1)
    assert signin.login(
        session=session, email=staff.email, password=f.PASSWORD, client_address="203.0.113.5", now=later
    ).ok


def test_session_idle_and_absolute_expiry(session: Session, shop) -> None:
    _, staff, _ = shop
    start = utcnow()
    token = signin.login(session=session, email=staff.email, password=f.PASSWORD, now=start).token
    assert sessions.current_user(session=session, token=token, now=start + config.SESSION_IDLE - timedelta(seconds=1))
    # Activity keeps it alive past the idle limit...
    t = start
    while t < start + config.SESSION_ABSOLUTE - config.SESSION_IDLE:
        t += config.SESSION_IDLE - timedelta(minutes=5)
        assert sessions.current_user(session=session, token=token, now=t) is not None
    # ...but never past the absolute one.
    assert sessions.current_user(session=session, token=token, now=start + config.SESSION_ABSOLUTE) is None
    other = signin.login(session=session, email=staff.email, password=f.PASSWORD, now=start).token
    assert sessions.current_user(session=session, token=other, now=start + config.SESSION_IDLE) is None


def test_logout_disable_and_tenant_disable_end_sessions(session: Session, shop) -> None:
    tenant, staff, admin = shop
    token = f.login_token(session, staff)
    sessions.logout(session=session, token=token)
    assert sessions.current_user(session=session, token=token) is None
    token = f.login_token(session, staff)
    users.set_active(session=session, actor=f.actor(admin), user_id=int(staff.id or 0), active=False)
    assert sessions.current_user(session=session, token=token) is None
    assert not signin.login(session=session, email=staff.email, password=f.PASSWORD).ok
    admin_token = f.login_token(session, admin)
    tenant.is_active = False
    session.add(tenant)
    session.commit()
    assert sessions.current_user(session=session, token=admin_token) is None
    assert not signin.login(session=session, email=admin.email, password=f.PASSWORD).ok


def test_change_password_rules_and_other_sessions_revoked(session: Session, shop) -> None:
    _, staff, _ = shop
    first = f.login_token(session, staff)
    second = f.login_token(session, staff)
    me = sessions.current_user(session=session, token=first)
    assert me is not None
    for current, new, message in [
        ("wrong-current-1", "a-new-password-1", "現在のパスワードが正しくありません"),
        ("", "a-new-password-1", "現在のパスワードを入力してください"),
        (f.PASSWORD, "", "10文字"),
        (f.PASSWORD, "short", "10文字"),
        (f.PASSWORD, f.PASSWORD, "別のもの"),
        (f.PASSWORD, "長い" * 13, "72"),
    ]:
        with pytest.raises(PasswordPolicyError, match=message):
            passwords.change_password(session=session, user=me, current_password=current, new_password=new)
    passwords.change_password(session=session, user=me, current_password=f.PASSWORD, new_password="a-new-password-1")
    assert sessions.current_user(session=session, token=first) is not None
    assert sessions.current_user(session=session, token=second) is None
    assert signin.login(session=session, email=staff.email, password="a-new-password-1").ok
    assert "password_changed" in actions(session)


def test_reset_forces_a_change_and_is_scoped_to_the_admins_tenant(session: Session, shop) -> None:
    _, staff, admin = shop
    other_tenant = f.tenant(session, "Tenant B")
    other_admin = f.user(session, other_tenant, "admin")
    staff_token = f.login_token(session, staff)
    with pytest.raises(AccessDenied):
        users.reset_staff_password(session=session, actor=f.actor(other_admin), user_id=int(staff.id or 0))
    with pytest.raises(AccessDenied):
        passwords.reset_password(session=session, actor=f.actor(staff), user_id=int(admin.id or 0))
    _, temporary = users.reset_staff_password(session=session, actor=f.actor(admin), user_id=int(staff.id or 0))
    assert sessions.current_user(session=session, token=staff_token) is None
    result = signin.login(session=session, email=staff.email, password=temporary)
    assert result.ok and result.must_change_password
    assert "password_reset" in actions(session)


def test_magic_links_only_when_enabled(session: Session, shop, monkeypatch: pytest.MonkeyPatch) -> None:
    _, staff, _ = shop
    assert magic_links.create_login_link(session=session, email=staff.email) is None  # off by default
    monkeypatch.setenv("DEBUG_AUTH_LINKS", "1")
    config.get_settings.cache_clear()
    try:
        now = utcnow()
        token = magic_links.create_login_link(session=session, email=staff.email, now=now)
        assert token
        assert magic_links.use_login_link(session=session, token=token, now=now + timedelta(minutes=1)).ok
        assert not magic_links.use_login_link(session=session, token=token, now=now + timedelta(minutes=2)).ok
        late = magic_links.create_login_link(session=session, email=staff.email, now=now)
        assert late and not magic_links.use_login_link(session=session, token=late, now=now + timedelta(minutes=16)).ok
    finally:
        config.get_settings.cache_clear()


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_parallel_wrong_passwords_lock_the_account(engine, session: Session, shop) -> None:
    """Issue 17: 40 concurrent wrong passwords used to all read the same count and lock nothing."""
    import threading

    _, staff, _ = shop
    email = staff.email
    barrier = threading.Barrier(40)
    results: list[bool] = []
    lock = threading.Lock()

    def attempt() -> None:
        with Session(engine) as own:
            barrier.wait()
            outcome = signin.login(session=own, email=email, password="wrong-password-123")
        with lock:
            results.append(outcome.ok)

    threads = [threading.Thread(target=attempt) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [False] * 40
    assert "account_locked" in actions(session)
    right = signin.login(session=session, email=email, password=f.PASSWORD)
    assert not right.ok, "the right password must not work while the account is locked"


def test_every_refusal_costs_one_password_check(session: Session, shop) -> None:
    """A locked account and an address over its limit answer after the same bcrypt work as an unknown
    email, so timing does not tell which accounts exist (issue 17). A comparison of like with like on
    one machine, with a wide margin, not a speed target: each answer is dominated by bcrypt cost 12."""
    import time

    _, staff, _ = shop
    staff.locked_until = utcnow() + timedelta(minutes=10)
    session.add(staff)
    session.commit()

    def slowest_of_fastest(email: str, address: str) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            result = signin.login(session=session, email=email, password="wrong-password-1", client_address=address)
            times.append(time.perf_counter() - started)
            assert not result.ok
        return min(times)

    unknown = slowest_of_fastest("nobody@example.com", "198.51.100.1")
    locked = slowest_of_fastest(staff.email, "198.51.100.2")
    assert locked > 0.5 * unknown, (locked, unknown)
    for _ in range(config.LOGIN_ADDRESS_FAILURE_LIMIT):
        signin.login(session=session, email="nobody@example.com", password="x", client_address="198.51.100.3")
    limited = slowest_of_fastest("nobody@example.com", "198.51.100.3")
    assert limited > 0.5 * unknown, (limited, unknown)
