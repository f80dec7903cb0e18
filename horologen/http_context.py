"""Reading the session cookie and the client address from request headers (HTTP or websocket)."""

from __future__ import annotations

from collections.abc import Mapping
from http.cookies import CookieError, SimpleCookie

from horologen.config import SESSION_COOKIE, get_settings


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


def client_address(headers: Mapping[str, str], peer: str = "", hops: int | None = None) -> str:
    """The client's address for login limits and the audit log.

    Each proxy appends the address it received the request from to X-Forwarded-For, so only the
    last `hops` entries were written by proxies we trust (HOROLOGEN_TRUSTED_PROXY_HOPS: 1 behind
    Render's load balancer, 0 when nothing is in front). Whatever a client wrote itself sits to
    the left and is ignored, so changing the header neither evades the limit nor locks a shop out."""
    hops = get_settings().trusted_proxy_hops if hops is None else hops
    if hops <= 0:
        return (peer or "")[:64]
    forwarded = headers.get("x-forwarded-for") or headers.get("X-Forwarded-For") or ""
    entries = [part.strip() for part in forwarded.split(",") if part.strip()]
    return (entries[-hops] if len(entries) >= hops else peer or "")[:64]
