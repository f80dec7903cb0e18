"""/login as plain HTML (issue 29): the same form, fields and messages as the Reflex page, served
before any script, and the same answers for a signed-in visitor (the browser tests cover the page
in Chromium with JavaScript off: tests/e2e/test_counter_speed.py)."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.testclient import TestClient

from horologen import api, config
from horologen.login_page import LOGIN_MESSAGES, NOTICES, TEXT
from horologen.pages.login import TEXT as REFLEX_PAGE_TEXT
from horologen.services.accounts import signin
from tests.support import factories as f
from tests.test_first_day_lockout import N, login_state, shop  # noqa: F401


def client() -> TestClient:
    return TestClient(Starlette(routes=api.routes), base_url="http://testserver", follow_redirects=False)


def page(path: str = "/login", cookie: str = "") -> str:
    answer = client().get(path, headers={"cookie": cookie} if cookie else {})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert answer.headers["cache-control"] == "no-store"
    return answer.text


def alert(html: str) -> str:
    found = re.search(r'role="alert">.*?<p>(.*?)</p>', html)
    return found.group(1) if found else ""


def test_the_form_posts_to_the_login_route_before_any_script(app_database: str) -> None:
    html = page()
    form = re.search(r"<form [^>]*>", html)
    assert form is not None and 'action="/auth/login"' in form.group(0) and 'method="post"' in form.group(0)
    assert "novalidate" in form.group(0)  # the server answers an empty field in Japanese
    assert '<input id="email" name="email" type="email" autocomplete="username"' in html
    assert '<input id="password" name="password" type="password" autocomplete="current-password"' in html
    assert html.index("</form>") < html.index("<script")  # nothing runs before the form is there
    assert "<link" not in html and "src=" not in html  # nothing to fetch before it shows
    assert TEXT is REFLEX_PAGE_TEXT  # one wording for both pages
    for words in (TEXT["email"], TEXT["password"], TEXT["submit"], TEXT["help"], "<title>ログイン | HoroloGen</title>"):
        assert words in html
    assert page("/login/") == html  # the trailing-slash form Reflex answers with is ours too
    assert TEXT["debug"] not in html  # DEBUG_AUTH_LINKS off


@pytest.mark.parametrize("code", list(LOGIN_MESSAGES))
def test_each_refusal_has_its_message_and_keeps_the_address(app_database: str, code: str) -> None:
    cookie = f"{config.LOGIN_EMAIL_COOKIE}=staff-a%40example.com"
    html = page(f"/login?error={code}", cookie)
    assert alert(html) == LOGIN_MESSAGES[code]
    assert 'value="staff-a@example.com"' in html
    assert re.search(r'<input id="password"[^>]*autofocus', html)  # the address is there: the password next


def test_notices_and_unknown_codes(app_database: str) -> None:
    assert 'role="status">' in page("/login?logged_out=1") and NOTICES["logged_out"] in page("/login?logged_out=1")
    assert NOTICES["link_sent"] in page("/login?link_sent=1")
    plain = page("/login?error=nonsense", f"{config.LOGIN_EMAIL_COOKIE}=staff-a%40example.com")
    assert 'role="alert"' not in plain and 'value=""' in plain  # no message, no address
    assert re.search(r'<input id="email"[^>]*autofocus', plain)


def test_the_lock_text_comes_from_this_browsers_count_as_on_the_reflex_page(shop) -> None:  # noqa: F811
    cookie = ""
    for _ in range(N):
        _tried, cookie = signin.note_refused_attempt(cookie, "staff-a@example.com")
    header = f"{config.LOGIN_EMAIL_COOKIE}=staff-a%40example.com; {signin.ATTEMPTS_COOKIE}={cookie}"
    state = login_state("error=locked", header)
    state.on_load()
    assert alert(page("/login?error=locked", header)) == state.error
    assert state.error.startswith(signin.BROWSER_LOCK_MESSAGE)
    # another address's count says nothing (and a forged ?error=locked is the ordinary message)
    other = f"{config.LOGIN_EMAIL_COOKIE}=x%40example.com; {signin.ATTEMPTS_COOKIE}={cookie}"
    assert alert(page("/login?error=locked", other)) == signin.LOGIN_FAILED_MESSAGE


def test_what_the_request_carries_is_escaped(app_database: str) -> None:
    cookie = f'{config.LOGIN_EMAIL_COOKIE}="%22%3E%3Cscript%3Ealert(1)%3C/script%3E@x.example"'
    html = page("/login?error=invalid", cookie)
    assert "<script>alert" not in html and "&quot;&gt;&lt;script&gt;alert(1)" in html
    assert "<script>x" not in page("/login?error=<script>x</script>")


def test_a_signed_in_visitor_goes_to_their_screen_unless_there_is_something_to_say(
    shop,  # noqa: F811
    session: Session,
) -> None:
    token = f.session_token(session, shop["admin_a"])
    cookie = f"{config.SESSION_COOKIE}={token}"
    answer = client().get("/login", headers={"cookie": cookie})
    assert answer.status_code == 303 and answer.headers["location"] == signin.home_path("admin")
    assert NOTICES["logged_out"] in page("/login?logged_out=1", cookie)
    assert alert(page("/login?error=invalid", cookie)) == signin.LOGIN_FAILED_MESSAGE
    assert 'name="email"' in page("/login", f"{config.SESSION_COOKIE}=not-a-session")


def test_the_development_link_form_only_with_debug_links(app_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG_AUTH_LINKS", "1")
    config.get_settings.cache_clear()
    try:
        html = page()
        assert TEXT["debug"] in html and 'action="/auth/link-request"' in html
    finally:
        config.get_settings.cache_clear()
