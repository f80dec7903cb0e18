"""The back office: whole-shop work that looks across every domain. The runbook's seeds (`seed`),
its data checks after seeding and importing (`env_check`), a shop's month of usage (`usage`) and
every shop's month for the platform admin (`platform_usage`).

Sits above the domains: may import `catalogue`, `accounts`, `articles` and `operations`; nothing in
those imports `backoffice`, so no import runs back up.
"""
