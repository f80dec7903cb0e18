"""Reflex configuration. The database is ours (horologen.db), so `db_url` stays unset."""

import reflex as rx

config = rx.Config(
    app_name="horologen",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    disable_plugins=[rx.plugins.SitemapPlugin],
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(appearance="light", accent_color="indigo"))],
)
