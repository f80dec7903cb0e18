"""Runbook 2.2: tenants Platform / Tenant A / Tenant B and their users, idempotent.

HOROLOGEN_SEED_PASSWORD, when set, becomes the password of each user created now.
Otherwise a new user gets a random password, printed once, to change at first login.
An existing user's password is never changed, unless the operator asks for it:
`python scripts/seed_dev.py --reset-passwords` (with HOROLOGEN_SEED_PASSWORD set) gives the seeded
users the seed password again (unlocked), e.g. on a staging database whose demo logins were lost.
"""

from __future__ import annotations

import os
import sys

from _bootstrap import run_script


def main() -> int:
    from horologen import db
    from horologen.services.backoffice.seed import seed_dev

    password = os.environ.get("HOROLOGEN_SEED_PASSWORD") or None
    reset = "--reset-passwords" in sys.argv[1:]
    if reset and not password:
        print("--reset-passwords には HOROLOGEN_SEED_PASSWORD の設定が必要です。", file=sys.stderr)
        return 2
    with db.session() as session:
        report = seed_dev(session=session, password=password, reset_passwords=reset)
    for name, tenant_id in report.tenants.items():
        print(f"tenant {tenant_id}: {name}")
    for user in report.users:
        state = "created" if user.created else "updated"
        line = f"user {user.email} ({user.role}, {user.tenant}): {state}"
        if user.password:
            line += f"  初期パスワード: {user.password}  (初回ログイン時に変更が必要です)"
        print(line)
    if reset:
        print("passwords: every seeded user has HOROLOGEN_SEED_PASSWORD again (--reset-passwords)")
    elif password:
        print("passwords: new users get HOROLOGEN_SEED_PASSWORD; existing users keep theirs")
    created_users = sum(u.created for u in report.users)
    print(f"OK: {report.tenants_created} tenant(s) created, {created_users} user(s) created")
    return 0


if __name__ == "__main__":
    run_script(main)
