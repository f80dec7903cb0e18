"""Reflex configuration. The database is ours (horologen.db), so `db_url` stays unset.

With REDIS_URL set (Render Key Value), per-tab state lives in Redis so several instances can
serve the same browser tab; without it, state stays in this process's memory.
"""

import os

import reflex as rx

from horologen.security import cors_origins

config = rx.Config(
    app_name="horologen",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    disable_plugins=[rx.plugins.SitemapPlugin],
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(appearance="light", accent_color="indigo"))],
    redis_url=os.environ.get("REDIS_URL", "").strip() or None,
    # Never `*`: only our own origins are echoed to cross-origin requests (horologen/security.py);
    # the event websocket's Origin check is set on the app in horologen.py.
    cors_allowed_origins=cors_origins(),
)
