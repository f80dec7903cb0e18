"""Builds a `horologen.db` in the legacy layout (no tenant column) for the runbook's 2.4 import."""

from __future__ import annotations

import sqlite3
from pathlib import Path

LEGACY_ROWS = [
    ("ROLEX", "126610LN", "サブマリーナー デイト", 1980000, "41mm", "Cal.3235"),
    ("OMEGA", "310.30.42.50.01.001", "スピードマスター", 1012000, "42mm", "Cal.3861"),
    ("TESTBRAND", "REF001", "旧データのテスト商品", 999, None, None),  # key exists after 2.3: skipped
    ("", "NOBRAND-1", "ブランドなし", 1000, None, None),  # invalid
    ("SEIKO", "SBDC101", "プロスペックス", "¥98,000", "40.5mm", "6R35"),
]


def build_legacy_db(path: Path, rows: list[tuple] | None = None) -> Path:
    connection = sqlite3.connect(path)
    connection.execute(
        "CREATE TABLE master_products (id INTEGER PRIMARY KEY, brand TEXT, reference TEXT, name TEXT,"
        " price_jpy, case_size TEXT, movement TEXT)"
    )
    connection.executemany(
        "INSERT INTO master_products (brand, reference, name, price_jpy, case_size, movement) VALUES (?,?,?,?,?,?)",
        rows or LEGACY_ROWS,
    )
    connection.commit()
    connection.close()
    return path
