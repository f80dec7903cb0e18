"""A simple, stated prompt-cache rule for the fake Messages API (opt-in: `FakeAnthropic.prompt_cache`).

The fake has no tokenizer. Left to itself it answers a scripted input count (FakeReply.input_tokens)
and counts output as characters ÷ 2; with a PromptCache it counts a request's input by that same
characters ÷ 2 rule and splits it as the API's usage fields do:
- the cached prefix is the system blocks up to and including the last one marked `cache_control`
  (our requests mark their one system block, claude.request_params);
- the first time a model sees a prefix, or `ttl_s` (5 minutes) after its last use, the prefix is
  written to the cache (`cache_creation_input_tokens`); within `ttl_s` of its last use it is read
  (`cache_read_input_tokens`), and each use starts the 5 minutes again;
- a prefix shorter than `minimum_tokens` is never cached (the API's minimum cacheable length);
- everything after the prefix (further system blocks, the messages) is `input_tokens`.
Real token counts differ (a real tokenizer, thinking); the rule is for measuring shares and costs of
our request shape, not for predicting an invoice.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

TTL_S = 300.0  # the default ephemeral cache lifetime, refreshed on every hit


def estimate_tokens(text: str) -> int:
    """Characters ÷ 2: the fake's own rule (it counts output tokens the same way)."""
    return len(text) // 2


def _texts(content: Any) -> list[tuple[str, bool]]:
    """(text, marked for caching) of a `system` or message `content`: a string or a list of blocks."""
    if isinstance(content, str):
        return [(content, False)]
    blocks = content if isinstance(content, list) else []
    return [(str(b.get("text") or ""), bool(b.get("cache_control"))) for b in blocks if isinstance(b, dict)]


@dataclass(frozen=True)
class CountedUsage:
    """One request's input tokens as the API reports them (input excludes the cached prefix)."""

    input_tokens: int
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0


class PromptCache:
    """Per-model prefixes seen, with when each was last used; thread-safe (the fake serves threads)."""

    def __init__(
        self, *, minimum_tokens: int = 0, ttl_s: float = TTL_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.minimum_tokens = minimum_tokens
        self.ttl_s = ttl_s
        self.clock = clock
        self._last_use: dict[str, float] = {}
        self._lock = threading.Lock()

    def usage(self, body: dict[str, Any]) -> CountedUsage:
        """Count one request body: its cached prefix written or read, the rest as input."""
        system = _texts(body.get("system"))
        marked = [i for i, (_, cached) in enumerate(system) if cached]
        cut = marked[-1] + 1 if marked else 0
        prefix = "".join(text for text, _ in system[:cut])
        rest = [text for text, _ in system[cut:]]
        for message in body.get("messages") or []:
            rest += [text for text, _ in _texts(message.get("content"))]
        uncached = sum(estimate_tokens(text) for text in rest)
        prefix_tokens = estimate_tokens(prefix)
        if not prefix or prefix_tokens < self.minimum_tokens:
            return CountedUsage(uncached + prefix_tokens)
        key = hashlib.sha256(f"{body.get('model')}\x00{prefix}".encode()).hexdigest()
        with self._lock:
            now = self.clock()
            last = self._last_use.get(key)
            self._last_use[key] = now
        if last is not None and now - last <= self.ttl_s:
            return CountedUsage(uncached, cache_read_input_tokens=prefix_tokens)
        return CountedUsage(uncached, cache_creation_input_tokens=prefix_tokens)
