"""Python's cyclic garbage collector paused while a large import builds its rows.

Parsing 100,000 catalogue rows creates about a million objects that all stay alive until the import
ends; each time the collector's counters fill, it walks every live object again, and measured on
bench/import_vs_copy.py's rows that is a third of the time of a parse and half of reading the
preview's packed rows back. Rows hold no reference cycles, so nothing is collected late that
reference counting would not free anyway. CPython documents `gc.disable()` for code that is known
not to create cycles (https://docs.python.org/3/library/gc.html).

The collector is process-wide: the pause is counted, so two imports in two threads re-enable it only
when the last one ends, and a collector the process had already disabled stays disabled.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_lock = threading.Lock()
_pauses = 0
_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """Within the block the cyclic collector does not run; on leaving the last pause it runs again
    as before (and does one young-generation collection for what the block left)."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
                gc.collect(0)


def gc_paused(fn: Callable[P, R]) -> Callable[P, R]:
    """`fn` run within `paused_gc()` (for a service that builds a whole file's rows)."""

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused_gc():
            return fn(*args, **kwargs)

    return run


def freeze_startup_heap() -> int:
    """Collect once, then move every object alive now (modules, compiled pages and states, the
    dictionaries the checks load) to the collector's permanent generation, which later collections
    skip: `gc.freeze()` (https://docs.python.org/3/library/gc.html#gc.freeze). Measured on the app's
    process: about 295,000 objects alive after start-up, and a full collection walking them took
    150 ms, during which the event loop answered nobody; after the freeze it takes microseconds.
    Objects created later are collected as before. Out: the number of objects frozen. Called once at
    start-up (the app's lifespan, horologen.py) and by bench/generation_overhead.py, which measures
    the app as it runs."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
