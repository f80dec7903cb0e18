"""Who may do what: login and lockout (`signin`), server-side sessions (`sessions`), the
DEBUG_AUTH_LINKS magic links (`magic_links`), passwords (`passwords`), staff (`users`),
tenants and plans (`tenants`), and the actor with its role and tenant checks (`access`).

May import models, db, config and `operations` (audit records; quota for a tenant's usage line);
never `catalogue` or `articles`.
"""
