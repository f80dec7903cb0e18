"""Reading the session cookie and the client address from request headers (HTTP or websocket)."""

from __future__ import annotations

from collections.abc import Mapping
from http.cookies import CookieError, SimpleCookie

from horologen.config import SESSION_COOKIE


def token_from_cookie_header(cookie_header: str) -> str:
    if not cookie_header:
        return ""
    jar = SimpleCookie()
    try:
        jar.load(cookie_header)
    except CookieError:
        return ""
    morsel = jar.get(SESSION_COOKIE)
    return morsel.value if morsel else ""


def client_address(headers: Mapping[str, str], peer: str = "") -> str:
    """Render's proxy puts the client first in X-Forwarded-For; without a proxy, the peer."""
    forwarded = headers.get("x-forwarded-for") or headers.get("X-Forwarded-For") or ""
    first = forwarded.split(",")[0].strip()
    return (first or peer or "")[:64]
