"""Running the service: the audit log (`audit`), quota reservation, month status and month counts
(`quota`), what the model calls cost (`costs`), health and schema state (`health`), and the checks
on every event argument (`inputs`).

The small shared ground every domain stands on: imports only models, db and config (and itself),
never another service package. The whole-shop views over the domains (seed, data checks, usage)
live above them in `backoffice/`.
"""
