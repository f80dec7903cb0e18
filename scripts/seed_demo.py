"""`make run`: seed the embedded demo (users, TESTBRAND, the sample catalogue) and say how to log in."""

from __future__ import annotations

import argparse
import os

from _bootstrap import ROOT, run_script

SAMPLE = ROOT / "horologen" / "demo" / "sample_catalogue.csv"


def main() -> int:
    from horologen import db
    from horologen.services.accounts.access import Actor
    from horologen.services.backoffice.seed import seed_dev, seed_staging_min
    from horologen.services.catalogue.files import parse_catalogue
    from horologen.services.catalogue.import_writer import write_import

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=3000)  # kept for `make run`; serve.sh prints the URL
    parser.parse_args()
    password = os.environ.get("HOROLOGEN_SEED_PASSWORD") or None
    parsed = parse_catalogue(SAMPLE.read_bytes(), SAMPLE.name)
    with db.session() as session:
        report = seed_dev(session=session, password=password)
        seed_staging_min(session=session)
        for tenant in ("Tenant A", "Tenant B"):
            write_import(session=session, actor=Actor.system(), tenant_id=report.tenants[tenant], rows=parsed.rows)
    print()
    print("=" * 64)
    print("HoroloGen のデモ用アカウント（ログインする URL は、サーバーが応答しはじめたときに表示します）")
    for user in report.users:
        shown = user.password or password or "(unchanged)"
        print(f"  {user.role:<15} {user.email:<28} password: {shown}")
    if not all(user.created for user in report.users):
        print("  既にあるアカウントのパスワードは変えません（変更していれば、変更後のパスワードでログインします）")
    print("=" * 64)
    if not os.environ.get("ANTHROPIC_API_KEY"):
        print("ANTHROPIC_API_KEY が未設定です: 記事生成だけが使えません（検索などは使えます）。")
        print("  生成も試すには: ANTHROPIC_API_KEY=... make run")
    return 0


if __name__ == "__main__":
    run_script(main)
