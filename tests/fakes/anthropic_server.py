"""A local fake of the Anthropic Messages API (JSON and SSE), scripted per test.

The real anthropic SDK talks HTTP to it (`base_url=fake.url`); nothing in the SDK is patched.
Each queued `FakeReply` answers one request; with the queue empty a default article is sent.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

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

DEFAULT_TEXT = "【タイトル】テスト記事\n本文です。"


@dataclass
class FakeReply:
    """One scripted answer. `chunks` are streamed one SSE delta each."""

    chunks: list[str] = field(default_factory=lambda: [DEFAULT_TEXT])
    status: int = 200
    error_message: str = "scripted error"
    chunk_delay_s: float = 0.0
    delay_before_s: float = 0.0
    drop_after_chunks: int | None = None  # close the connection mid-stream
    error_event_after_chunks: int | None = None  # send an SSE `error` event mid-stream
    input_tokens: int = 120
    output_tokens: int | None = None
    stop_reason: str = "end_turn"
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "".join(self.chunks)


@dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


class FakeAnthropic:
    """Start with `start()`, script with `queue(...)`, inspect `requests`, `stop()` at the end."""

    def __init__(self) -> None:
        self._replies: deque[FakeReply] = deque()
        self._lock = threading.Lock()
        self.requests: list[RecordedRequest] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "fake server not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def queue(self, *replies: FakeReply) -> None:
        with self._lock:
            self._replies.extend(replies)

    def reset(self) -> None:
        with self._lock:
            self._replies.clear()
            self.requests.clear()

    def _next_reply(self, request: RecordedRequest) -> FakeReply:
        with self._lock:
            self.requests.append(request)
            return self._replies.popleft() if self._replies else FakeReply()

    def start(self) -> FakeAnthropic:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: Any) -> None:  # keep test output quiet
                return

            def do_POST(self) -> None:
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
                if reply.status != 200:
                    self._json(reply.status, _error_body(reply.status, reply.error_message), reply.headers)
                    return
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
                self._event(
                    "content_block_start",
                    {
                        "type": "content_block_start",
                        "index": 0,
                        "content_block": {"type": "text", "text": ""},
                    },
                )
                self._event("ping", {"type": "ping"})
                for index, chunk in enumerate(reply.chunks):
                    if reply.drop_after_chunks is not None and index >= reply.drop_after_chunks:
                        self.close_connection = True
                        self.wfile.flush()
                        self.connection.shutdown(2)  # abrupt: no terminating chunk
                        return
                    if reply.error_event_after_chunks is not None and index >= reply.error_event_after_chunks:
                        self._event("error", _error_body(529, reply.error_message))
                        self.wfile.write(b"0\r\n\r\n")
                        return
                    if reply.chunk_delay_s:
                        time.sleep(reply.chunk_delay_s)
                    self._event(
                        "content_block_delta",
                        {
                            "type": "content_block_delta",
                            "index": 0,
                            "delta": {"type": "text_delta", "text": chunk},
                        },
                    )
                self._event("content_block_stop", {"type": "content_block_stop", "index": 0})
                self._event(
                    "message_delta",
                    {
                        "type": "message_delta",
                        "delta": {"stop_reason": reply.stop_reason, "stop_sequence": None},
                        "usage": {"output_tokens": _output_tokens(reply)},
                    },
                )
                self._event("message_stop", {"type": "message_stop"})
                self.wfile.write(b"0\r\n\r\n")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
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
    return reply.output_tokens if reply.output_tokens is not None else max(1, len(reply.text) // 2)


def _message_body(body: dict[str, Any], reply: FakeReply) -> dict[str, Any]:
    return {
        "id": "msg_fake_0001",
        "type": "message",
        "role": "assistant",
        "model": body.get("model", "claude-fake"),
        "content": [{"type": "text", "text": reply.text}],
        "stop_reason": reply.stop_reason,
        "stop_sequence": None,
        "usage": {
            "input_tokens": reply.input_tokens,
            "output_tokens": _output_tokens(reply),
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
        },
    }


def _error_body(status: int, message: str) -> dict[str, Any]:
    return {"type": "error", "error": {"type": ERROR_TYPES.get(status, "api_error"), "message": message}}
