"""The import's speed devices keep its results: the column-wise pack gives back exactly the rows
the parse made, and the paused garbage collector is always restored (bench/import_vs_copy.py)."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest

from horologen.services.catalogue import parsed_rows
from horologen.services.catalogue.files import parse_catalogue
from horologen.services.operations.gc_pause import freeze_startup_heap, gc_paused, paused_gc

SHOP_FILES = Path(__file__).parent / "data" / "shop_files"
SAMPLE = Path(__file__).parents[2] / "shared" / "data" / "sample_catalogue.csv"


def _files() -> list[Path]:
    files = sorted(p for p in SHOP_FILES.glob("*") if p.suffix in (".csv", ".tsv", ".txt", ".xlsx"))
    return files + ([SAMPLE] if SAMPLE.exists() else [])


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_pack_gives_back_the_parsed_rows(path: Path) -> None:
    try:
        parsed = parse_catalogue(path.read_bytes(), path.name)
    except Exception:  # a file the parse refuses as a whole has nothing to pack
        pytest.skip("the file is refused as a whole")
    unpacked = parsed_rows.unpack(parsed_rows.pack(parsed))
    assert unpacked is not None
    assert unpacked.spec_columns == parsed.spec_columns
    assert unpacked.rows == parsed.rows
    assert [r.reference_key for r in unpacked.rows] == [r.reference_key for r in parsed.rows]
    assert [list(r.specs) for r in unpacked.rows] == [list(r.specs) for r in parsed.rows]  # column order kept


def test_a_pack_of_another_shape_is_not_used() -> None:
    parsed = parse_catalogue(b"brand,reference,price_jpy\nSEIKO,SBDC101,98000\n", "a.csv")
    packed = parsed_rows.pack(parsed)
    assert parsed_rows.unpack(packed) is not None
    import json
    import zlib

    body = json.loads(zlib.decompress(packed))
    body["line"].append(99)  # one column longer than the others
    assert parsed_rows.unpack(zlib.compress(json.dumps(body).encode())) is None
    body["format"] = 1
    assert parsed_rows.unpack(zlib.compress(json.dumps(body).encode())) is None


def test_the_collector_is_restored_after_a_pause_and_an_error() -> None:
    assert gc.isenabled()

    @gc_paused
    def fails() -> None:
        assert not gc.isenabled()
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fails()
    assert gc.isenabled()


def test_overlapping_pauses_restore_the_collector_once_the_last_ends() -> None:
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with paused_gc():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    with paused_gc():
        thread.start()
        inside.wait(5)
    assert not gc.isenabled()  # the other thread's pause is still on
    release.set()
    thread.join(5)
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_start_up_objects_are_frozen_and_later_garbage_is_still_collected() -> None:
    import weakref

    class Node:
        pass

    before = Node()
    before.self = before  # type: ignore[attr-defined]  # a cycle alive at "start-up"
    try:
        frozen = freeze_startup_heap()
        assert frozen > 1000 and frozen == gc.get_freeze_count()
        after = Node()
        after.self = after  # type: ignore[attr-defined]
        gone = weakref.ref(after)
        del after
        gc.collect()
        assert gone() is None  # a cycle made after the freeze is collected as before
        kept = weakref.ref(before)
        del before
        gc.collect()
        assert kept() is not None  # a frozen cycle is never collected: start-up objects only
    finally:
        gc.unfreeze()
