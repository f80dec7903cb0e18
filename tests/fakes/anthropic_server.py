"""A local fake of the Anthropic Messages API (JSON and SSE), scripted per test.

The real anthropic SDK talks HTTP to it (`base_url=fake.url`); nothing in the SDK is patched.
Each queued `FakeReply` answers one request; with the queue empty a default article is sent.

It answers as the current API does for current models (read 2026-11-29):
- https://platform.claude.com/docs/en/models/sonnet-5-5/migration-guide: thinking budgets,
  sampling parameters, assistant prefill, forced tool choice and `thinking: {"type": "disabled"}`
  return 400; effort goes in `output_config.effort` (low|medium|high|xhigh|max); adaptive thinking
  is on by default, so a stream may open with `thinking` / `redacted_thinking` blocks.
- https://platform.claude.com/docs/build-with-claude/handling-stop-reasons: the stop reasons.
- A retired model id answers 404 `not_found_error` with the message `model: <id>`.
Usage is scripted per reply; with `fake.prompt_cache = PromptCache()` the input side is counted from
the request instead, with a prompt cache by a stated rule (tests/fakes/prompt_cache.py).

Run it on its own to try the whole generation flow offline:
    python -m tests.fakes.anthropic_server --port 8787
    ANTHROPIC_API_KEY=sk-ant-local ANTHROPIC_BASE_URL=http://127.0.0.1:8787 make run
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakes.prompt_cache import PromptCache

ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    529: "overloaded_error",
}
EFFORTS = {"low", "medium", "high", "xhigh", "max"}
# Retired ids answer 404 as the API does after the retirement date (Anthropic's model pages:
# Sonnet 4.5 retires 2026-11-30; Sonnet 4 / Opus 4 retired 2026-06-15; the 3.x models earlier).
RETIRED_MODELS = {
    "claude-sonnet-4-5",
    "claude-sonnet-4-5-20250929",
    "claude-sonnet-4-0",
    "claude-sonnet-4-20250514",
    "claude-opus-4-0",
    "claude-opus-4-20250514",
    "claude-opus-4-1",
    "claude-opus-4-1-20250805",
    "claude-3-7-sonnet-latest",
    "claude-3-7-sonnet-20250219",
    "claude-3-5-sonnet-latest",
    "claude-3-5-haiku-latest",
    "claude-3-haiku-20240307",
}

DEFAULT_TEXT = "# テスト記事\n本文です。"


@dataclass
class FakeReply:
    """One scripted answer. `chunks` are streamed one SSE text delta each."""

    chunks: list[str] = field(default_factory=lambda: [DEFAULT_TEXT])
    status: int = 200
    error_message: str = "scripted error"
    chunk_delay_s: float = 0.0
    delay_before_s: float = 0.0
    drop_after_chunks: int | None = None  # close the connection mid-stream
    error_event_after_chunks: int | None = None  # send an SSE `error` event mid-stream
    error_event_type: str = "overloaded_error"  # or api_error
    thinking: list[str] = field(default_factory=list)  # a thinking block before the text
    redacted_thinking: bool = False  # a redacted_thinking block before the text
    input_tokens: int = 120
    output_tokens: int | None = None
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0
    stop_reason: str = "end_turn"
    response_model: str | None = None  # the id the response reports; default: the requested one
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "".join(self.chunks)


@dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


def request_problem(body: dict[str, Any]) -> tuple[int, str] | None:
    """The error the real API gives this request body, or None when it is accepted."""
    model = str(body.get("model") or "")
    if model in RETIRED_MODELS:
        return 404, f"model: {model}"
    for name in ("temperature", "top_p", "top_k"):
        if name in body:
            return 400, f"{name}: sampling parameters are not supported for this model"
    thinking = body.get("thinking")
    if isinstance(thinking, dict):
        if thinking.get("type") == "disabled":
            return 400, 'thinking.type: "disabled" is not supported for this model; use "between_tools"'
        if thinking.get("type") == "enabled" or "budget_tokens" in thinking:
            return 400, "thinking.budget_tokens: thinking budgets are not supported; use output_config.effort"
    output_format = (body.get("output_config") or {}).get("format")
    if output_format is not None and (
        not isinstance(output_format, dict)
        or output_format.get("type") != "json_schema"
        or not isinstance(output_format.get("schema"), dict)
    ):
        return 400, 'output_config.format: expected {"type": "json_schema", "schema": {...}}'
    effort = (body.get("output_config") or {}).get("effort")
    if effort is not None and effort not in EFFORTS:
        return 400, f"output_config.effort: must be one of {sorted(EFFORTS)}"
    messages = body.get("messages") or []
    if messages and messages[-1].get("role") == "assistant":
        return 400, "assistant message prefill is not supported for this model"
    choice = body.get("tool_choice") or {}
    if choice.get("type") in ("any", "tool"):
        return 400, "tool_choice: forced tool use is not supported for this model"
    if not isinstance(body.get("max_tokens"), int) or body["max_tokens"] < 1:
        return 400, "max_tokens: field required"
    return None


def structured(body: dict[str, Any]) -> bool:
    """True for a request that asks for JSON output (structured outputs)."""
    return bool((body.get("output_config") or {}).get("format"))


# What an unscripted structured request gets: valid JSON for the claim check's schema.
DEFAULT_CLAIMS = '{"claims": [], "risks": []}'


@dataclass
class FakeBatch:
    """A Message Batch the fake holds: its requests, how each ends, and how many polls until it does."""

    id: str
    requests: list[dict[str, Any]]
    outcomes: dict[str, str] = field(default_factory=dict)  # custom_id → errored | expired (else succeeded)
    polls_left: int = 0
    cancelled: bool = False
    created_at: str = field(default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))

    def ended(self) -> bool:
        return self.cancelled or self.polls_left <= 0

    def outcome(self, custom_id: str) -> str:
        if self.cancelled and self.polls_left > 0:
            return "canceled"
        return self.outcomes.get(custom_id, "succeeded")


def batch_article(params: dict[str, Any]) -> str:
    """The article a batch request gets: it names the product from the request's <reference>."""
    content = str((params.get("messages") or [{}])[-1].get("content", ""))
    match = re.search(r"<reference>(.*?)</reference>", content)
    reference = match.group(1) if match else "商品"
    return (
        f"# {reference} の販売記事\n> 一括作成の記事です\n\n"
        "ローカルのテスト用の記事です（偽 Messages API の一括作成。実際の Claude には接続していません）。"
        f"{reference} をご紹介します。"
    )


class _Server(ThreadingHTTPServer):
    """A listen backlog for many clients at once (the default 5 resets the sixth connection)."""

    request_queue_size = 128
    daemon_threads = True


class FakeAnthropic:
    """Start with `start()`, script with `queue(...)`, inspect `requests`, `stop()` at the end."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._replies: deque[FakeReply] = deque()
        self._structured_replies: deque[FakeReply] = deque()  # for requests with output_config.format
        self.batches: dict[str, FakeBatch] = {}
        # How the next created batch ends: custom_id index → errored | expired; polls before it ends.
        self.batch_outcomes: dict[int, str] = {}
        self.batch_polls = 0
        self.batch_create_status = 200
        self.batch_poll_status = 200  # anything else: every retrieve / cancel / results answers this
        # Seconds the create request waits: before its body is read (nothing received yet), after
        # reading it but before the batch exists, and after the batch exists but before the answer.
        self.batch_delay_unread_s = 0.0
        self.batch_delay_before_create_s = 0.0
        self.batch_delay_after_create_s = 0.0
        self._lock = threading.Lock()
        self.requests: list[RecordedRequest] = []
        # Opt-in: count each request's input and its cached system prefix (tests/fakes/prompt_cache.py)
        # instead of answering the scripted FakeReply.input_tokens; reset() turns it off.
        self.prompt_cache: PromptCache | None = None
        self._address = (host, port)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "fake server not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def queue(self, *replies: FakeReply) -> None:
        """Script the next article (text) requests."""
        with self._lock:
            self._replies.extend(replies)

    def queue_structured(self, *replies: FakeReply) -> None:
        """Script the next structured-output (JSON) requests, kept apart from the articles'."""
        with self._lock:
            self._structured_replies.extend(replies)

    def reset(self) -> None:
        with self._lock:
            self._replies.clear()
            self._structured_replies.clear()
            self.requests.clear()
            self.batches.clear()
            self.batch_outcomes, self.batch_polls, self.batch_create_status = {}, 0, 200
            self.batch_poll_status = 200
            self.batch_delay_unread_s = self.batch_delay_before_create_s = self.batch_delay_after_create_s = 0.0
            self.prompt_cache = None

    def _batch_object(self, batch: FakeBatch) -> dict[str, Any]:
        counts = {"processing": 0, "succeeded": 0, "errored": 0, "canceled": 0, "expired": 0}
        ended = batch.ended()
        for request in batch.requests:
            counts[batch.outcome(request["custom_id"]) if ended else "processing"] += 1
        return {
            "id": batch.id,
            "type": "message_batch",
            "processing_status": "ended" if ended else ("canceling" if batch.cancelled else "in_progress"),
            "request_counts": counts,
            "created_at": batch.created_at,
            "expires_at": batch.created_at,
            "ended_at": batch.created_at if ended else None,
            "cancel_initiated_at": batch.created_at if batch.cancelled else None,
            "archived_at": None,
            "results_url": f"{self.url}/v1/messages/batches/{batch.id}/results" if ended else None,
        }

    def _batch_route(self, method: str, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        """The Message Batches endpoints: create, retrieve, results (JSONL), cancel."""
        parts = path.split("?")[0].rstrip("/").split("/")[4:]  # after /v1/messages/batches
        with self._lock:
            if method == "POST" and not parts:
                if self.batch_create_status != 200:
                    return self.batch_create_status, _error_body(self.batch_create_status, "scripted batch error")
                requests = list(body.get("requests") or [])
                for request in requests:
                    problem = request_problem(request.get("params") or {})
                    if problem is not None:
                        return problem[0], _error_body(*problem)
                batch_id = f"msgbatch_fake_{len(self.batches) + 1:04d}"
                outcomes = {
                    requests[i]["custom_id"]: kind for i, kind in self.batch_outcomes.items() if i < len(requests)
                }
                self.batches[batch_id] = FakeBatch(batch_id, requests, outcomes, self.batch_polls)
                return 200, self._batch_object(self.batches[batch_id])
            if method == "GET" and not parts:  # list, newest first (one page is enough here)
                data = [self._batch_object(b) for b in reversed(list(self.batches.values()))]
                first, last = (data[0]["id"], data[-1]["id"]) if data else (None, None)
                return 200, {"data": data, "has_more": False, "first_id": first, "last_id": last}
            if self.batch_poll_status != 200:
                return self.batch_poll_status, _error_body(self.batch_poll_status, "scripted poll error")
            batch = self.batches.get(parts[0]) if parts else None
            if batch is None:
                return 404, _error_body(404, "batch not found")
            if method == "POST" and parts[1:] == ["cancel"]:
                batch.cancelled = True
                return 200, self._batch_object(batch)
            if parts[1:] == ["results"]:
                lines = []
                for request in batch.requests:
                    kind = batch.outcome(request["custom_id"])
                    result: dict[str, Any] = {"type": kind}
                    if kind == "succeeded":
                        reply = FakeReply(chunks=[batch_article(request["params"])])
                        result["message"] = _message_body(request["params"], reply)
                    elif kind == "errored":
                        result["error"] = _error_body(400, "scripted request error")
                    lines.append(json.dumps({"custom_id": request["custom_id"], "result": result}, ensure_ascii=False))
                return 200, "\n".join(lines) + "\n"
            batch.polls_left -= 1
            return 200, self._batch_object(batch)

    def generation_requests(self) -> list[RecordedRequest]:
        """The requests for articles (not the JSON claim checks), oldest first."""
        with self._lock:
            return [r for r in self.requests if not structured(r.body)]

    def _next_reply(self, request: RecordedRequest) -> FakeReply:
        with self._lock:
            self.requests.append(request)
            if structured(request.body):
                queue = self._structured_replies
                return queue.popleft() if queue else FakeReply(chunks=[DEFAULT_CLAIMS])
            return self._replies.popleft() if self._replies else FakeReply()

    def start(self) -> FakeAnthropic:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: Any) -> None:  # keep test output quiet
                return

            def do_POST(self) -> None:
                # A client that gave up (a timeout test) leaves nothing to answer.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    if self.path.startswith("/v1/messages/batches"):
                        self._batches("POST")
                    else:
                        self._answer()

            def do_GET(self) -> None:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    if self.path.startswith("/v1/messages/batches"):
                        self._batches("GET")
                    else:
                        self._json(404, _error_body(404, f"no route {self.path}"))

            def _batches(self, method: str) -> None:
                creating = method == "POST" and self.path.rstrip("/").endswith("/v1/messages/batches")
                if creating and fake.batch_delay_unread_s:
                    time.sleep(fake.batch_delay_unread_s)
                length = int(self.headers.get("content-length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}") if length else {}
                with fake._lock:
                    fake.requests.append(RecordedRequest(self.path, dict(self.headers.items()), body))
                if creating and fake.batch_delay_before_create_s:
                    time.sleep(fake.batch_delay_before_create_s)
                status, payload = fake._batch_route(method, self.path, body)
                if creating and fake.batch_delay_after_create_s:
                    time.sleep(fake.batch_delay_after_create_s)
                if isinstance(payload, str):
                    data = payload.encode()
                    self.send_response(status)
                    self.send_header("content-type", "application/binary")
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                else:
                    self._json(status, payload)

            def _answer(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b"{}"
                body = json.loads(raw or b"{}")
                recorded = RecordedRequest(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                if not self.path.startswith("/v1/messages"):
                    self._json(404, _error_body(404, f"no route {self.path}"))
                    return
                reply = fake._next_reply(recorded)
                if reply.delay_before_s:
                    time.sleep(reply.delay_before_s)
                problem = request_problem(body)
                if problem is not None:
                    self._json(problem[0], _error_body(*problem))
                    return
                if reply.status != 200:
                    self._json(reply.status, _error_body(reply.status, reply.error_message), reply.headers)
                    return
                if fake.prompt_cache is not None:
                    counted = fake.prompt_cache.usage(body)
                    reply = replace(
                        reply,
                        input_tokens=counted.input_tokens,
                        cache_creation_input_tokens=counted.cache_creation_input_tokens,
                        cache_read_input_tokens=counted.cache_read_input_tokens,
                    )
                if body.get("stream"):
                    self._stream(body, reply)
                else:
                    self._json(200, _message_body(body, reply), reply.headers)

            def _json(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.send_header("request-id", "req_fake")
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def _event(self, name: str, payload: dict[str, Any]) -> None:
                data = f"event: {name}\ndata: {json.dumps(payload, ensure_ascii=False)}\n\n".encode()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                self.wfile.flush()

            def _block(self, index: int, start: dict[str, Any], deltas: list[dict[str, Any]]) -> None:
                self._event(
                    "content_block_start", {"type": "content_block_start", "index": index, "content_block": start}
                )
                for delta in deltas:
                    self._event("content_block_delta", {"type": "content_block_delta", "index": index, "delta": delta})
                self._event("content_block_stop", {"type": "content_block_stop", "index": index})

            def _stream(self, body: dict[str, Any], reply: FakeReply) -> None:
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("transfer-encoding", "chunked")
                self.send_header("request-id", "req_fake")
                self.end_headers()
                message = _message_body(body, reply)
                message["content"] = []
                message["stop_reason"] = None
                message["usage"]["output_tokens"] = 1
                self._event("message_start", {"type": "message_start", "message": message})
                index = 0
                if reply.thinking:
                    deltas = [{"type": "thinking_delta", "thinking": part} for part in reply.thinking]
                    deltas.append({"type": "signature_delta", "signature": "sig_fake"})
                    self._block(index, {"type": "thinking", "thinking": "", "signature": ""}, deltas)
                    index += 1
                if reply.redacted_thinking:
                    self._block(index, {"type": "redacted_thinking", "data": "ZmFrZS1yZWRhY3RlZA=="}, [])
                    index += 1
                self._event("ping", {"type": "ping"})
                if reply.chunks:
                    start = {
                        "type": "content_block_start",
                        "index": index,
                        "content_block": {"type": "text", "text": ""},
                    }
                    self._event("content_block_start", start)
                for number, chunk in enumerate(reply.chunks):
                    if reply.drop_after_chunks is not None and number >= reply.drop_after_chunks:
                        self.close_connection = True
                        self.wfile.flush()
                        self.connection.shutdown(2)  # abrupt: no terminating chunk
                        return
                    if reply.error_event_after_chunks is not None and number >= reply.error_event_after_chunks:
                        error = {
                            "type": "error",
                            "error": {"type": reply.error_event_type, "message": reply.error_message},
                        }
                        self._event("error", error)
                        self.wfile.write(b"0\r\n\r\n")
                        return
                    if reply.chunk_delay_s:
                        time.sleep(reply.chunk_delay_s)
                    delta = {"type": "text_delta", "text": chunk}
                    self._event("content_block_delta", {"type": "content_block_delta", "index": index, "delta": delta})
                if reply.chunks:
                    self._event("content_block_stop", {"type": "content_block_stop", "index": index})
                delta_event: dict[str, Any] = {
                    "type": "message_delta",
                    "delta": {"stop_reason": reply.stop_reason, "stop_sequence": None},
                    "usage": {"output_tokens": _output_tokens(reply)},
                }
                if reply.stop_reason == "refusal":
                    delta_event["delta"]["stop_details"] = {
                        "type": "refusal",
                        "category": None,
                        "explanation": "scripted refusal",
                    }
                self._event("message_delta", delta_event)
                self._event("message_stop", {"type": "message_stop"})
                self.wfile.write(b"0\r\n\r\n")

        self._server = _Server(self._address, Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def _output_tokens(reply: FakeReply) -> int:
    thinking = sum(len(part) for part in reply.thinking)
    return reply.output_tokens if reply.output_tokens is not None else max(1, (len(reply.text) + thinking) // 2)


def _message_body(body: dict[str, Any], reply: FakeReply) -> dict[str, Any]:
    content: list[dict[str, Any]] = []
    if reply.thinking:
        content.append({"type": "thinking", "thinking": "".join(reply.thinking), "signature": "sig_fake"})
    if reply.redacted_thinking:
        content.append({"type": "redacted_thinking", "data": "ZmFrZS1yZWRhY3RlZA=="})
    if reply.chunks:
        content.append({"type": "text", "text": reply.text})
    return {
        "id": "msg_fake_0001",
        "type": "message",
        "role": "assistant",
        "model": reply.response_model or body.get("model", "claude-fake"),
        "content": content,
        "stop_reason": reply.stop_reason,
        "stop_sequence": None,
        "usage": {
            "input_tokens": reply.input_tokens,
            "output_tokens": _output_tokens(reply),
            "cache_creation_input_tokens": reply.cache_creation_input_tokens,
            "cache_read_input_tokens": reply.cache_read_input_tokens,
        },
    }


def _error_body(status: int, message: str) -> dict[str, Any]:
    return {
        "type": "error",
        "error": {"type": ERROR_TYPES.get(status, "api_error"), "message": message},
        "request_id": "req_fake",
    }


DEMO_ARTICLE = [
    "# 【ローカル確認用】テスト記事\n\n",
    "これはローカルの偽 Messages API が返した記事です。",
    "実際の Claude には接続していません。\n\n",
    "在庫・価格はカタログのデータをご確認ください。",
]


def main(argv: list[str] | None = None) -> None:
    """Serve the fake until Ctrl-C; every request gets a short demo article, streamed slowly."""
    parser = argparse.ArgumentParser(description="Local fake of the Anthropic Messages API")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8787)
    args = parser.parse_args(argv)

    class DemoFake(FakeAnthropic):
        def _next_reply(self, request: RecordedRequest) -> FakeReply:
            with self._lock:
                if structured(request.body):
                    return FakeReply(chunks=[DEFAULT_CLAIMS])
                if self._replies:
                    return self._replies.popleft()
            return FakeReply(chunks=DEMO_ARTICLE, thinking=["(hidden thinking)"], chunk_delay_s=0.2)

    fake = DemoFake(args.host, args.port).start()
    print(f"fake Anthropic Messages API on {fake.url} (Ctrl-C to stop)", flush=True)
    print(f"try: ANTHROPIC_API_KEY=sk-ant-local ANTHROPIC_BASE_URL={fake.url} make run", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
