"""A locked account is explained from what this browser did, and a shop admin can unlock it.

The login page never learns from the database whether an address exists: it counts this browser's
own refused attempts in a signed HttpOnly cookie. The shop admin sees 「ロック中」 and unlocks
(role and tenant checked in the service, audited)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import reflex as rx
from reflex.istate.data import RouterData
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from horologen import api, config
from horologen.models import AuditLog, User, utcnow
from horologen.services.accounts import signin, users
from horologen.services.accounts.access import AccessDenied
from horologen.state.admin_staff import AdminStaffState
from horologen.state.login import LoginState
from tests.support import factories as f

N = config.LOGIN_LOCK_AFTER_FAILURES


@pytest.fixture()
def shop(app_database: str, session: Session):
    a = f.tenant(session, "Tenant A")
    b = f.tenant(session, "Tenant B")
    return {
        "staff_a": f.user(session, a, "staff", "staff-a@example.com"),
        "admin_a": f.user(session, a, "admin", "admin-a@example.com"),
        "admin_b": f.user(session, b, "admin", "admin-b@example.com"),
    }


def lock(session: Session, user: User, minutes: int = 10) -> None:
    user.locked_until = utcnow() + timedelta(minutes=minutes)
    user.failed_login_count = N
    user.last_failed_login_at = utcnow()
    session.add(user)
    session.commit()


# --- this browser's count (services/accounts/signin.py) ---------------------------------------


def test_the_count_locks_after_n_refusals_and_ends_with_the_lock(app_database: str) -> None:
    start = utcnow().replace(microsecond=0)
    cookie = ""
    for i in range(1, N + 1):
        tried, cookie = signin.note_refused_attempt(cookie, "Someone@Example.com ", start + timedelta(seconds=i))
        assert tried.count == i
        assert (tried.locked_until is not None) == (i == N)
    until = start + timedelta(seconds=N) + config.LOGIN_LOCK_DURATION
    assert signin.read_attempts(cookie, "someone@example.com", start + timedelta(minutes=1)).locked_until == until
    # more attempts during the lock do not extend it (the account's lock does not move either)
    more, cookie = signin.note_refused_attempt(cookie, "someone@example.com", start + timedelta(minutes=5))
    assert more.locked_until == until
    assert signin.read_attempts(cookie, "someone@example.com", until + timedelta(seconds=1)).count == 0
    again, _ = signin.note_refused_attempt(cookie, "someone@example.com", until + timedelta(seconds=1))
    assert again.count == 1 and again.locked_until is None


def test_the_count_is_per_address_signed_and_forgets_an_old_window(app_database: str) -> None:
    now = utcnow()
    _, cookie = signin.note_refused_attempt("", "a@example.com", now)
    assert signin.read_attempts(cookie, "a@example.com", now).count == 1
    assert signin.read_attempts(cookie, "b@example.com", now).count == 0  # another address starts afresh
    later = now + config.LOGIN_FAILURE_WINDOW + timedelta(seconds=1)
    assert signin.read_attempts(cookie, "a@example.com", later).count == 0
    parts = cookie.split(".")
    forged = ".".join([*parts[:2], "99", parts[3], str(int(now.timestamp()) + 3600), parts[5]])
    assert signin.read_attempts(forged, "a@example.com", now) == signin.BrowserAttempts()
    for junk in ("", "x", "v1.a.b.c.d.e", "v1....."):
        assert signin.read_attempts(junk, "a@example.com", now) == signin.BrowserAttempts()


# --- the login route ----------------------------------------------------------------------------


def client() -> TestClient:
    return TestClient(Starlette(routes=api.routes), base_url="http://testserver", follow_redirects=False)


@pytest.mark.parametrize("email", ["staff-a@example.com", "nobody-here@example.com"])
def test_the_route_says_locked_after_n_refusals_whether_or_not_the_address_exists(shop, email: str) -> None:
    c = client()
    locations = [c.post("/auth/login", data={"email": email, "password": "wrong-password"}).headers["location"]
                 for _ in range(N)]  # fmt: skip
    assert locations == ["/login?error=invalid"] * (N - 1) + ["/login?error=locked"]
    refused = c.post("/auth/login", data={"email": email, "password": "wrong-password"})
    cookie = refused.headers["set-cookie"]
    assert signin.ATTEMPTS_COOKIE in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    # another address typed in the same browser is counted from one
    other = c.post("/auth/login", data={"email": "other@example.com", "password": "wrong-password"})
    assert other.headers["location"] == "/login?error=invalid"


def test_an_empty_field_or_a_success_never_counts_and_a_success_forgets(shop, session: Session) -> None:
    c = client()
    for _ in range(N + 2):
        assert (
            c.post("/auth/login", data={"email": "staff-a@example.com", "password": ""}).headers["location"]
            == "/login?error=empty"
        )
    for _ in range(2):
        c.post("/auth/login", data={"email": "staff-a@example.com", "password": "wrong-password"})
    ok = c.post("/auth/login", data={"email": "staff-a@example.com", "password": f.PASSWORD})
    assert ok.headers["location"] == "/staff/search"
    assert f'{signin.ATTEMPTS_COOKIE}=""' in ok.headers["set-cookie"] or "Max-Age=0" in ok.headers["set-cookie"]


# --- the login page's message (state) -------------------------------------------------------------


def login_state(query: str, cookie: str) -> LoginState:
    root = rx.State()
    state = root.get_substate(LoginState.get_full_name().split(".")[1:])
    state.router = RouterData.from_router_data(
        {
            "headers": {"cookie": cookie},
            "pathname": "/login",
            "query": query,
            "asPath": f"/login?{query}",
            "ip": "192.0.2.10",
        }
    )
    return state


def test_the_page_explains_a_possible_lock_with_the_retry_time(app_database: str) -> None:
    from horologen.timezones import to_tokyo

    cookie = ""
    for _ in range(N):
        tried, cookie = signin.note_refused_attempt(cookie, "staff-a@example.com")
    header = f"{config.LOGIN_EMAIL_COOKIE}=staff-a%40example.com; {signin.ATTEMPTS_COOKIE}={cookie}"
    state = login_state("error=locked", header)
    state.on_load()
    retry = to_tokyo(tried.locked_until).strftime("%H:%M")  # type: ignore[arg-type]
    assert state.error.startswith(signin.BROWSER_LOCK_MESSAGE) and f"{retry} 以降" in state.error
    assert "店舗管理者にロックの解除を依頼してください" in state.error
    assert state.email == "staff-a@example.com"
    # a forged ?error=locked without this browser's count is the ordinary message
    plain = login_state("error=locked", f"{config.LOGIN_EMAIL_COOKIE}=staff-a%40example.com")
    plain.on_load()
    assert plain.error == signin.LOGIN_FAILED_MESSAGE
    # the count is for the address typed: another address's count says nothing
    other = login_state(
        "error=invalid", f"{config.LOGIN_EMAIL_COOKIE}=x%40example.com; {signin.ATTEMPTS_COOKIE}={cookie}"
    )
    other.on_load()
    assert other.error == signin.LOGIN_FAILED_MESSAGE


# --- unlock (services/accounts/users.py) ----------------------------------------------------------


def test_unlock_is_for_the_shops_admin_and_audited(shop, session: Session) -> None:
    staff, admin, other_admin = shop["staff_a"], shop["admin_a"], shop["admin_b"]
    lock(session, staff)
    row = next(r for r in users.list_users(session=session, actor=f.actor(admin)) if r.id == staff.id)
    assert row.locked_until is not None and row.locked_until > utcnow()
    assert not signin.login(session=session, email=staff.email, password=f.PASSWORD).ok
    with pytest.raises(AccessDenied):
        users.unlock_user(session=session, actor=f.actor(other_admin), user_id=int(staff.id or 0))
    with pytest.raises(AccessDenied):
        users.unlock_user(session=session, actor=f.actor(staff), user_id=int(staff.id or 0))
    session.expire_all()
    assert session.get(User, staff.id).locked_until is not None  # type: ignore[union-attr]
    unlocked = users.unlock_user(
        session=session, actor=f.actor(admin), user_id=int(staff.id or 0), client_address="192.0.2.7"
    )
    assert unlocked.locked_until is None
    audit = session.exec(select(AuditLog).where(AuditLog.action == "user_unlocked")).one()
    assert (audit.user_id, audit.tenant_id, audit.target, audit.client_address) == (
        admin.id, admin.tenant_id, staff.email, "192.0.2.7"
    )  # fmt: skip
    assert signin.login(session=session, email=staff.email, password=f.PASSWORD).ok
    with pytest.raises(users.UserInputError, match="ロックされていません"):
        users.unlock_user(session=session, actor=f.actor(admin), user_id=int(staff.id or 0))


def test_an_expired_lock_is_not_shown(shop, session: Session) -> None:
    staff, admin = shop["staff_a"], shop["admin_a"]
    lock(session, staff, minutes=-1)
    row = next(r for r in users.list_users(session=session, actor=f.actor(admin)) if r.id == staff.id)
    assert row.locked_until is None and users.lock_status(staff) is None


def test_the_staff_page_shows_the_lock_and_unlocks(shop, session: Session) -> None:
    from tests.test_state_events import state_for

    staff, admin = shop["staff_a"], shop["admin_a"]
    lock(session, staff)
    page = state_for(AdminStaffState, f.session_token(session, admin), "/admin/staff")
    page.on_load()
    row = next(r for r in page.rows if r.email == staff.email)
    assert row.locked is True and len(row.locked_until) == 5  # HH:MM (Asia/Tokyo)
    page.unlock(row.id)
    assert "ロックを解除しました" in page.notice and not page.error
    assert next(r for r in page.rows if r.email == staff.email).locked is False
    # a staff member's forged unlock event is refused and changes nothing
    lock(session, staff)
    forged = state_for(AdminStaffState, f.session_token(session, staff), "/admin/staff")
    forged.unlock(str(staff.id))
    assert forged.error
    session.expire_all()
    assert session.get(User, staff.id).locked_until is not None  # type: ignore[union-attr]
