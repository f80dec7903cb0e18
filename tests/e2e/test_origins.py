"""Issue 17 (5): only the app's own origin may use the user's cookie — in Chromium, from a page on a
second origin of the same site (another port of 127.0.0.1, like a sibling subdomain), and over HTTP."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import E2E_PASSWORD
from tests.e2e.test_auth_and_search_flow import login
from tests.support.live_app import LiveApp, free_port

ATTACK_PAGE = """<!doctype html><html><body><script>
window.results = {};
const app = "%(app)s";
fetch(app + "/staff/references?q=126", {credentials: "include"})
  .then(r => r.text()).then(t => { window.results.fetch = "read:" + t.slice(0, 80); })
  .catch(e => { window.results.fetch = "blocked"; });
const ws = new WebSocket(app.replace("http", "ws") + "/_event/?EIO=4&transport=websocket");
ws.onopen = () => { window.results.ws = "open"; };
ws.onerror = () => { window.results.ws = window.results.ws || "refused"; };
ws.onclose = () => { window.results.ws = window.results.ws || "refused"; };
</script></body></html>"""


# Login CSRF: a sandboxed frame (Origin: null) and a plain cross-origin page auto-submit the
# attacker's own credentials, hoping the victim's browser ends up signed in as the attacker.
CSRF_FORM = (
    '<form method="post" action="%(app)s/login">'
    '<input name="email" value="staff-b@example.com"><input name="password" value="%(password)s"></form>'
    "<script>document.forms[0].submit()</script>"
)
CSRF_PAGES = {
    "/csrf-null.html": '<!doctype html><iframe sandbox="allow-forms allow-scripts" srcdoc="%(form)s"></iframe>',
    "/csrf-cross.html": "<!doctype html>%(form)s",
}


@pytest.fixture()
def second_origin(live_app: LiveApp) -> Iterator[str]:
    form = CSRF_FORM % {"app": live_app.url, "password": E2E_PASSWORD}
    pages = {path: (body % {"form": form.replace('"', "&quot;")}).encode() for path, body in CSRF_PAGES.items()}
    pages["/attack.html"] = (ATTACK_PAGE % {"app": live_app.url}).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(pages.get(self.path, b""))

        def log_message(self, *_args: object) -> None:
            return None

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def test_a_page_on_another_origin_cannot_use_the_session(live_app: LiveApp, page: Page, second_origin: str) -> None:
    login(page, live_app, "staff-a@example.com")
    # The app's own page works with the websocket (the search box answers).
    page.fill("#reference-query", "126610LN")
    page.get_by_role("option").filter(has_text="126610LN").first.wait_for()
    page.goto(second_origin + "/attack.html")
    page.wait_for_function("window.results && window.results.fetch && window.results.ws", timeout=15000)
    results = page.evaluate("window.results")
    assert results == {"fetch": "blocked", "ws": "refused"}, results


@pytest.mark.parametrize("attack", ["/csrf-null.html", "/csrf-cross.html"])
def test_login_csrf_from_another_origin_signs_nobody_in(
    live_app: LiveApp, page: Page, second_origin: str, attack: str
) -> None:
    page.goto(second_origin + attack)
    page.wait_for_timeout(1500)  # the form posts by itself
    assert not [c for c in page.context.cookies(live_app.url) if c["value"]], page.context.cookies(live_app.url)
    page.goto(live_app.url + "/staff/search")
    page.wait_for_url(lambda url: "/login" in url)


def test_foreign_origins_are_not_echoed_and_headers_are_sent(live_app: LiveApp) -> None:
    evil = "http://127.0.0.1:1"
    preflight = httpx.options(
        live_app.url + "/staff/references",
        headers={"Origin": evil, "Access-Control-Request-Method": "GET"},
    )
    assert preflight.headers.get("access-control-allow-origin") not in (evil, "*")
    upload = httpx.options(
        live_app.url + "/_upload",
        headers={"Origin": evil, "Access-Control-Request-Method": "POST"},
    )
    assert upload.headers.get("access-control-allow-origin") not in (evil, "*")
    answer = httpx.get(live_app.url + "/staff/references?q=1", headers={"Origin": evil})
    assert answer.headers.get("access-control-allow-origin") not in (evil, "*")
    handshake = httpx.get(live_app.url + "/_event/?EIO=4&transport=polling", headers={"Origin": evil}, timeout=10)
    assert handshake.status_code == 400 and "not an accepted origin" in handshake.text
    own = httpx.get(live_app.url + "/_event/?EIO=4&transport=polling", headers={"Origin": live_app.url}, timeout=10)
    assert own.status_code != 400 or "not an accepted origin" not in own.text
    for path in ("/healthz", "/login", "/staff/search"):
        headers = httpx.get(live_app.url + path).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["x-frame-options"] == "DENY"
        assert headers["strict-transport-security"].startswith("max-age=")  # production settings
