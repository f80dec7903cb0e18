"""Which origins may talk to the app, and the security headers every HTTP answer carries.

The app serves its pages, JSON API and event websocket from one origin, so no other origin needs
CORS. A page on another site (a sibling subdomain too) must neither read the JSON API with the
user's cookie nor open the event websocket with it (cross-site websocket hijacking).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlparse

from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from horologen.config import allowed_origins, get_settings

# OWASP Secure Headers Project / MDN: no framing (clickjacking), no MIME sniffing, no full URL in
# Referer to other sites, forms and <base> only to ourselves; HSTS only where TLS ends (Render).
BASE_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (
        b"content-security-policy",
        b"frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
)
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


def extra_origins(env: Mapping[str, str] | None = None) -> list[str]:
    """Origins allowed besides the app's own (config.allowed_origins)."""
    return allowed_origins(env)


def cors_origins(env: Mapping[str, str] | None = None, port: str | None = None) -> list[str]:
    """What rxconfig gives Reflex's CORS middleware: only our origins are ever echoed back.

    Same-origin requests need no CORS at all; this list keeps a foreign Origin from being echoed
    with credentials allowed (Reflex's default is `*`)."""
    env = os.environ if env is None else env
    port = port or env.get("PORT", "3000")
    return extra_origins(env) or [f"http://localhost:{port}", f"http://127.0.0.1:{port}"]


def same_origin(origin: str, host: str, allowed: Iterable[str] = ()) -> bool:
    """True when the browser's Origin is the host the request was sent to, or an allowed origin.
    `null` (sandboxed frames, data: pages) is never allowed."""
    if not origin or origin == "null":
        return False
    if origin.rstrip("/") in set(allowed):
        return True
    return bool(host) and urlparse(origin).netloc.lower() == host.lower()


def websocket_origin_allowed(origin: str | None, environ: dict[str, Any]) -> bool:
    """engine.io's `cors_allowed_origins` callable for the event websocket: our own origin only.
    (engine.io only asks when the handshake carries an Origin header; browsers always send one.)"""
    return same_origin(origin or "", str(environ.get("HTTP_HOST", "")), extra_origins())


class SecurityHeaders:
    """Pure ASGI middleware adding BASE_HEADERS (and HSTS in production) to every HTTP answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = list(BASE_HEADERS) + ([HSTS] if get_settings().is_production else [])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _value in message.get("headers", [])}
                extra = [(name, value) for name, value in self.headers if name not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def drop_inner_cors(backend: Starlette | None) -> None:
    """Take Starlette's CORSMiddleware off Reflex's own backend app before it first serves.

    Reflex 0.10 adds one to its backend, one to each Starlette given as an api_transformer, and
    one to the top app around them all; each appends `Origin` to Vary, so every answer carried
    `vary: Origin` two or three times. The top one alone sees every request (preflights too), so
    it is the one we keep (api routes go in as a callable transformer: api.with_routes)."""
    if backend is not None:
        kept = [m for m in backend.user_middleware if getattr(m, "cls", None) is not CORSMiddleware]
        backend.user_middleware = kept
