"""Origins and security headers as plain functions and ASGI middleware (the browser tests cover the
live app: tests/e2e/test_origins.py)."""

from __future__ import annotations

import asyncio

from horologen.security import BASE_HEADERS, SecurityHeaders, cors_origins, same_origin, websocket_origin_allowed


def test_same_origin_compares_the_origin_with_the_host_asked() -> None:
    assert same_origin("https://shop.example.jp", "shop.example.jp")
    assert same_origin("http://127.0.0.1:3000", "127.0.0.1:3000")
    assert not same_origin("http://127.0.0.1:4000", "127.0.0.1:3000")  # another port: another origin
    assert not same_origin("https://evil.example.jp", "shop.example.jp")  # a sibling subdomain
    assert not same_origin("null", "shop.example.jp")
    assert not same_origin("", "shop.example.jp")
    assert same_origin("https://admin.example.jp", "shop.example.jp", ["https://admin.example.jp"])
    assert not websocket_origin_allowed("https://evil.example", {"HTTP_HOST": "shop.example.jp"})
    assert websocket_origin_allowed("https://shop.example.jp", {"HTTP_HOST": "shop.example.jp"})


def test_cors_list_is_never_a_wildcard() -> None:
    assert cors_origins({}, port="3000") == ["http://localhost:3000", "http://127.0.0.1:3000"]
    render = {"RENDER_EXTERNAL_URL": "https://horologen-prod.onrender.example/"}
    assert cors_origins(render) == ["https://horologen-prod.onrender.example"]
    assert "*" not in cors_origins({"HOROLOGEN_ALLOWED_ORIGINS": "https://a.example, https://b.example"})


def test_middleware_adds_headers_to_http_and_leaves_websockets_alone() -> None:
    sent: list[dict] = []

    async def app(scope, receive, send) -> None:
        if scope["type"] == "http":
            await send({"type": "http.response.start", "status": 200, "headers": [(b"x-content-type-options", b"x")]})
            await send({"type": "http.response.body", "body": b"ok"})
        else:
            await send({"type": "websocket.accept"})

    async def send(message: dict) -> None:
        sent.append(message)

    async def receive() -> dict:
        return {}

    wrapped = SecurityHeaders(app)
    asyncio.run(wrapped({"type": "http"}, receive, send))
    headers = dict(sent[0]["headers"])
    for name, value in BASE_HEADERS:
        if name != b"x-content-type-options":
            assert headers[name] == value
    assert headers[b"x-content-type-options"] == b"x"  # an answer's own header is kept, not doubled
    asyncio.run(wrapped({"type": "websocket"}, receive, send))
    assert sent[-1] == {"type": "websocket.accept"}


def test_a_line_break_typed_by_a_visitor_never_starts_a_log_line() -> None:
    """OWASP Log Injection: an email with a line break is written on one line, escaped."""
    import logging

    from horologen.logging_setup import FORMAT, OneLineFormatter

    record = logging.LogRecord("horologen.auth", logging.INFO, __file__, 1, "login failed email=%s", (
        "nobody@example.com\n2026-11-30T02:10:00+0000 INFO [horologen.auth] login ok user_id=1\x00\x1b[2J",
    ), None)  # fmt: skip
    record.context = " path=/auth/login"
    line = OneLineFormatter(FORMAT).format(record)
    assert "\n" not in line and "\x00" not in line and "\x1b" not in line
    assert "\\n2026-11-30T02:10:00" in line and "\\x1b[2J" in line
