"""The HTTP routes: login sets an HttpOnly cookie; the JSON API answers 401/403/400 as JSON."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from horologen import api, config
from horologen.models import AuditLog
from horologen.services.accounts import users
from tests.support import factories as f


@pytest.fixture()
def world(app_database: str, session: Session):
    platform = f.tenant(session, "Platform", is_platform=True)
    a = f.tenant(session, "Tenant A")
    b = f.tenant(session, "Tenant B")
    f.product(session, a, "TESTBRAND", "REF001", price_jpy=123456)
    f.product(session, a, "ROLEX", "116610LN")
    f.product(session, b, "ROLEX", "999999")
    return {
        "platform": f.user(session, platform, "platform_admin", "platform-admin@example.com"),
        "staff_a": f.user(session, a, "staff", "staff-a@example.com"),
        "admin_a": f.user(session, a, "admin", "admin-a@example.com"),
        "staff_b": f.user(session, b, "staff", "staff-b@example.com"),
    }


def client() -> TestClient:
    return TestClient(Starlette(routes=api.routes), base_url="http://testserver", follow_redirects=False)


def login(c: TestClient, email: str, password: str = f.PASSWORD):
    return c.post("/auth/login", data={"email": email, "password": password})


def test_login_sets_httponly_lax_cookie_and_redirects_by_role(world) -> None:
    c = client()
    response = login(c, "STAFF-A@example.com")
    assert response.status_code == 303 and response.headers["location"] == "/staff/search"
    cookie = response.headers["set-cookie"]
    assert config.SESSION_COOKIE in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # not production
    assert login(client(), "platform-admin@example.com").headers["location"] == "/platform/tenants"


def test_login_failure_and_foreign_origin(world) -> None:
    response = login(client(), "staff-a@example.com", "wrong-password")
    assert response.status_code == 303 and response.headers["location"] == "/login?error=invalid"
    cookies = response.headers.get("set-cookie", "")
    assert "horologen_session" not in cookies  # no session on a failure
    assert "horologen_login_email=staff-a%40example.com" in cookies and "HttpOnly" in cookies  # the form refills
    foreign = client().post(
        "/auth/login",
        data={"email": "staff-a@example.com", "password": f.PASSWORD},
        headers={"origin": "https://evil.example"},
    )
    assert foreign.headers["location"] == "/login?error=origin" and "set-cookie" not in foreign.headers


@pytest.mark.parametrize(("email", "password"), [("staff-a@example.com", ""), ("  ", f.PASSWORD), ("", "")])
def test_an_empty_field_is_not_a_login_attempt(world, session: Session, email: str, password: str) -> None:
    """The form has no browser validation (issue 18): an empty field is answered in Japanese and
    never counts towards a lock-out, however often it happens."""
    for _ in range(8):
        response = login(client(), email, password)
        assert response.headers["location"] == "/login?error=empty"
        assert "horologen_session" not in response.headers.get("set-cookie", "")
    failures = session.exec(select(func.count()).select_from(AuditLog).where(AuditLog.action == "login_failed")).one()
    assert failures == 0
    assert login(client(), "staff-a@example.com").headers["location"] == "/staff/search"  # not locked


def test_references_api_runbook_checks(world) -> None:
    c = client()
    assert c.get("/staff/references?brand=TESTBRAND").status_code == 401
    assert c.get("/staff/references?brand=TESTBRAND").json()["error"] == "unauthenticated"
    login(c, "staff-a@example.com")
    for _ in range(10):
        response = c.get("/staff/references?brand=TESTBRAND")
        assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["brand"], item["reference"], item["price_jpy"]) == ("TESTBRAND", "REF001", 123456)
    assert set(item) >= {"id", "brand", "reference", "name", "price_jpy"}


def test_references_api_tenant_roles_and_parameters(world) -> None:
    b = client()
    login(b, "staff-b@example.com")
    assert b.get("/staff/references?brand=TESTBRAND").json()["count"] == 0
    assert [i["reference"] for i in b.get("/staff/references?q=9999").json()["items"]] == ["999999"]
    p = client()
    login(p, "platform-admin@example.com")
    forbidden = p.get("/staff/references?brand=TESTBRAND")
    assert forbidden.status_code == 403 and forbidden.json()["error"] == "forbidden"
    a = client()
    login(a, "admin-a@example.com")
    for query in ("limit=0", "limit=101", "limit=abc", "offset=-1"):
        bad = a.get(f"/staff/references?{query}")
        assert bad.status_code == 400 and bad.json()["message"]
    assert a.get("/staff/references?limit=1").json() == {
        "count": 2,
        "items": [a.get("/staff/references?limit=1").json()["items"][0]],
    }


def test_forced_change_blocks_the_api_and_logout_ends_the_session(world, session: Session) -> None:
    _, temporary = users.reset_staff_password(
        session=session, actor=f.actor(world["admin_a"]), user_id=int(world["staff_a"].id or 0)
    )
    c = client()
    response = login(c, "staff-a@example.com", temporary)
    assert response.headers["location"] == "/password"
    blocked = c.get("/staff/references?brand=TESTBRAND")
    assert blocked.status_code == 403 and blocked.json()["redirect"] == "/password"
    d = client()
    login(d, "admin-a@example.com")
    assert d.get("/staff/references").status_code == 200
    asked = d.get("/logout")  # a GET (a link, an <img>) only asks
    assert asked.status_code == 200 and 'method="post"' in asked.text
    assert d.get("/staff/references").status_code == 200
    foreign = d.post("/logout", headers={"origin": "https://evil.example"})
    assert foreign.status_code == 303 and d.get("/staff/references").status_code == 200
    out = d.post("/logout", headers={"origin": "http://testserver"})
    assert out.status_code == 303 and out.headers["location"].startswith("/login")
    assert d.get("/staff/references").status_code == 401


def test_cookie_is_secure_in_production(world, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASK_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-production-secret-key-for-tests")
    config.get_settings.cache_clear()
    response = login(client(), "staff-a@example.com")
    assert "Secure" in response.headers["set-cookie"]


def test_magic_link_flow_only_when_enabled(world, monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    off = client().post("/auth/link-request", data={"email": "staff-a@example.com"})
    assert off.headers["location"] == "/login?error=link"
    monkeypatch.setenv("DEBUG_AUTH_LINKS", "1")
    config.get_settings.cache_clear()
    caplog.set_level("WARNING", logger="horologen")
    c = client()
    sent = c.post("/auth/link-request", data={"email": "staff-a@example.com"})
    assert sent.headers["location"] == "/login?link_sent=1"
    line = next(r.getMessage() for r in caplog.records if "/auth/link?token=" in r.getMessage())
    link = line.split(": ", 1)[1]
    used = c.get(link)
    assert used.status_code == 303 and used.headers["location"] == "/staff/search"
    assert c.get("/staff/references?brand=TESTBRAND").json()["count"] == 1
    again = client().get(link)
    assert again.headers["location"] == "/login?error=link"
    unknown = client().post("/auth/link-request", data={"email": "nobody@example.com"})
    assert unknown.headers["location"] == "/login?link_sent=1"


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "null"},  # a sandboxed iframe auto-submitting the attacker's credentials
        {"origin": "https://evil.example"},
        {"sec-fetch-site": "cross-site"},  # no Origin, but the browser says where it came from
        {"sec-fetch-site": "same-site"},  # a sibling subdomain
    ],
)
def test_login_from_another_origin_is_refused(world, headers: dict[str, str]) -> None:
    c = client()
    refused = c.post("/auth/login", data={"email": "staff-a@example.com", "password": f.PASSWORD}, headers=headers)
    assert refused.status_code == 303 and refused.headers["location"] == "/login?error=origin"
    assert "set-cookie" not in refused.headers
    ok = c.post(
        "/auth/login",
        data={"email": "staff-a@example.com", "password": f.PASSWORD},
        headers={"origin": "http://testserver", "sec-fetch-site": "same-origin"},
    )
    assert ok.headers["location"] == "/staff/search"
