"""A 100k-row CSV through the upload service into PostgreSQL (parse + validate + preview + commit),
beside PostgreSQL's own COPY of the same rows into a plain table, in the same run.

Then the re-import of issue 25 item B: a second shop already holds half the rows; the same-sized
file has that half changed (price and 状態) and half new, and is committed with 「すべての変更を反映」
(every changed field compared, written by COPY + UPDATE … FROM, one audit row per product).

Each step of a round runs on its own fresh database after VACUUM ANALYZE and CHECKPOINT (a step
once paid for the previous one's dirty pages and autovacuum); the floor of this machine still moves
from one minute to the next, so the ratios are reported per round and as their median.

Run by hand: `.venv/bin/python bench/import_vs_copy.py [rows] [rounds]`.
"""

from __future__ import annotations

import csv
import io
import statistics
import sys
import time

import psycopg
from common import catalogue_rows, databases, machine, today
from sqlmodel import Session

from horologen import config
from horologen.db import make_engine
from horologen.services.catalogue import upload as catalogue_upload
from horologen.services.catalogue.normalise import normalise_key
from tests.support import factories as f


def make_csv(rows: int, changed: int = 0) -> bytes:
    """`rows` catalogue rows; the first `changed` of them with another price and 状態."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["ブランド", "型番", "商品名", "ケース径", "ムーブメント", "状態", "税込価格"])
    for number, (_, brand, reference, price) in enumerate(catalogue_rows(rows, [1])):
        rank, price = ("中古AB", price + 10_000) if number < changed else ("中古A", price)
        writer.writerow([brand, reference, "ベンチ用 商品", "41mm", "Cal.3235", rank, f"¥{price:,}"])
    return buffer.getvalue().encode("utf-8")


def settled(url: str, *tables: str) -> None:
    """VACUUM ANALYZE `tables` (as autovacuum would have long since done for a shop's stored
    catalogue), then CHECKPOINT: no earlier step's dirty pages are flushed inside a timed one."""
    with psycopg.connect(url, autocommit=True) as conn:
        for table in tables:
            conn.execute(f"VACUUM ANALYZE {table}")
        conn.execute("CHECKPOINT")


def fresh(label: str):
    """A new migrated database, its URL and an engine; call `drop` when done."""
    name, url = databases.create_pg_database(f"horologen_bench_{label}")
    databases.migrate(url)
    return name, url, make_engine(config.normalise_database_url(url))


def shop_admin(engine, name: str):
    with Session(engine) as session:
        tenant = f.tenant(session, name)
        return f.actor(f.user(session, tenant, "admin"))


def import_once(rows: int, data: bytes) -> tuple[float, float]:
    """(preview s, commit s) of the whole file into an empty shop."""
    name, url, engine = fresh("import")
    try:
        admin = shop_admin(engine, "Bench")
        settled(url)
        with Session(engine) as session:
            start = time.perf_counter()
            preview = catalogue_upload.preview_upload(session=session, actor=admin, filename="big.csv", data=data)
            previewed = time.perf_counter()
            result = catalogue_upload.commit_upload(session=session, actor=admin, upload_id=preview.upload_id)
            committed = time.perf_counter()
        assert result.added == rows, result
        return previewed - start, committed - previewed
    finally:
        engine.dispose()
        databases.drop_pg_database(name)


def reimport_once(rows: int) -> tuple[float, float]:
    """A shop holding rows // 2 products re-imports `rows` rows: that half changed, half new."""
    half = rows // 2
    name, url, engine = fresh("reimport")
    try:
        admin = shop_admin(engine, "Bench re-import")
        with Session(engine) as session:
            first = catalogue_upload.preview_upload(
                session=session, actor=admin, filename="v1.csv", data=make_csv(half)
            )
            catalogue_upload.commit_upload(session=session, actor=admin, upload_id=first.upload_id)
        data = make_csv(rows, changed=half)
        settled(url, "master_products", "audit_log", "catalogue_uploads")
        with Session(engine) as session:
            start = time.perf_counter()
            preview = catalogue_upload.preview_upload(session=session, actor=admin, filename="v2.csv", data=data)
            previewed = time.perf_counter()
            result = catalogue_upload.commit_upload(
                session=session, actor=admin, upload_id=preview.upload_id, apply="all"
            )
            committed = time.perf_counter()
        assert (preview.changed, result.added, result.updated) == (half, rows - half, half), (preview.changed, result)
        return previewed - start, committed - previewed
    finally:
        engine.dispose()
        databases.drop_pg_database(name)


def copies_once(rows: int, data: bytes) -> tuple[float, float]:
    """(COPY of the file into a plain table s, COPY of the same rows into master_products s)."""
    name, url, engine = fresh("copy")
    engine.dispose()
    try:
        with psycopg.connect(url) as conn:
            conn.execute(
                "CREATE TABLE copy_target (brand text, reference text, name text, case_size text, movement text,"
                " condition text, price text)"
            )
            conn.execute(
                "INSERT INTO tenants (name, is_active, is_platform, created_at, updated_at)"
                " VALUES ('Floor', true, false, now(), now())"
            )
            conn.commit()
            floor_tenant = conn.execute("SELECT id FROM tenants WHERE name = 'Floor'").fetchone()[0]
            settled(url)
            start_copy = time.perf_counter()
            with conn.cursor() as cur, cur.copy("COPY copy_target FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
                copy.write(data)
            conn.commit()
            plain = time.perf_counter() - start_copy
            settled(url)
            # The floor for our table: COPY of the same rows straight into master_products, paying for
            # the same unique, btree and trigram GIN indexes and the tenant foreign key.
            start_floor = time.perf_counter()
            with (
                conn.cursor() as cur,
                cur.copy(
                    "COPY master_products (tenant_id, brand, brand_key, reference, reference_key, name, price_jpy,"
                    " specs, created_at, updated_at) FROM STDIN"
                ) as copy,
            ):
                for _, brand, reference, price in catalogue_rows(rows, [1]):
                    copy.write_row((floor_tenant, brand, normalise_key(brand), reference, normalise_key(reference),
                                    "ベンチ用 商品", price, '{"ケース径": "41mm"}', "2026-01-01T00:00:00Z",
                                    "2026-01-01T00:00:00Z"))  # fmt: skip
            conn.commit()
            return plain, time.perf_counter() - start_floor
    finally:
        databases.drop_pg_database(name)


def one_round(rows: int, data: bytes) -> dict[str, float]:
    """Each step on its own fresh database, after a checkpoint: the floor, the import, the re-import."""
    plain, floor = copies_once(rows, data)
    preview, commit = import_once(rows, data)
    re_preview, re_commit = reimport_once(rows)
    return {
        "preview": preview,
        "commit": commit,
        "plain": plain,
        "floor": floor,
        "re_preview": re_preview,
        "re_commit": re_commit,
    }


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    data = make_csv(rows)
    runs = [one_round(rows, data) for _ in range(rounds)]
    import_ratios = [(r["preview"] + r["commit"]) / r["floor"] for r in runs]
    reimport_ratios = [(r["re_preview"] + r["re_commit"]) / r["floor"] for r in runs]
    print(f"Catalogue import — {today()} — {machine()} — {rows:,} rows, {len(data) / 1e6:.1f} MB CSV, {rounds} rounds")
    print("| step | " + " | ".join(f"round {n + 1}" for n in range(rounds)) + " |")
    print("|---|" + "---:|" * rounds)

    def line(label: str, values: list[float], unit: str = "") -> None:
        print(f"| {label} | " + " | ".join(f"{v:.2f}{unit}" for v in values) + " |")

    line("service: parse + validate + plan (preview, file stored), s", [r["preview"] for r in runs])
    line("service: write in one transaction (commit), s", [r["commit"] for r in runs])
    line("PostgreSQL COPY into a plain table, s", [r["plain"] for r in runs])
    line("PostgreSQL COPY into master_products itself (same indexes), s", [r["floor"] for r in runs])
    line("**ratio import / COPY into master_products**", import_ratios, "x")
    line("re-import, half existing and changed: preview (every field compared), s", [r["re_preview"] for r in runs])
    line("re-import: commit, 「すべて反映」 (50 % updated + audited, 50 % added), s", [r["re_commit"] for r in runs])
    line("**ratio re-import / COPY into master_products**", reimport_ratios, "x")
    print(
        f"\nmedian: import {statistics.median(import_ratios):.2f}x, re-import {statistics.median(reimport_ratios):.2f}x"
        " COPY into master_products"
    )


if __name__ == "__main__":
    main()
