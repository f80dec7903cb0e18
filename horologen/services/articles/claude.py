"""Talking to Claude: the client, the request we send, retries that respect a waiting user, and
what each kind of failure means to the person in front of the screen.

Request rules follow Anthropic's Sonnet 5.5 migration guide (read 2026-11-29,
https://platform.claude.com/docs/en/models/sonnet-5-5/migration-guide): no temperature/top_p/top_k,
no assistant prefill, no thinking budget and no `thinking: {"type": "disabled"}` (each answers 400);
reasoning depth is set with `output_config.effort`. Thinking is adaptive and on by default, and
`max_tokens` caps thinking and text together, so the budget below adds room for thinking per effort.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass
from typing import Any

import anthropic
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
    wait_exponential,
)

from horologen import config
from horologen.services.accounts.access import PLATFORM_ADMIN, STAFF, Actor, require_role

# Room for adaptive thinking per effort level, in tokens, on top of the text budget. Generous on
# purpose: an answer cut off by max_tokens is a draft staff must redo; unused budget costs nothing.
THINKING_TOKENS: dict[str, int] = {"low": 2_000, "medium": 6_000, "high": 12_000, "xhigh": 24_000, "max": 32_000}

GENERIC_ERROR = "記事を作成できませんでした。時間をおいて再度お試しください。"
BUSY_ERROR = "Claude が混み合っているか、一時的に応答できません。少し待ってから再度お試しください。"
# By the API's error type (https://platform.claude.com/docs/en/api/errors); SSE `error` events
# mid-stream carry the same types as the HTTP errors.
ERROR_MESSAGES: dict[str, str] = {
    "authentication_error": "Claude の API キーが無効です。管理者に連絡してください。",
    "permission_error": "Claude の API キーにこの操作の権限がありません。管理者に連絡してください。",
    "rate_limit_error": "Claude の利用が一時的に集中しています。少し待ってから再度お試しください。",
    "overloaded_error": BUSY_ERROR,
    "api_error": "Claude 側で一時的なエラーが発生しました。少し待ってから再度お試しください。",
    "request_too_large": "入力が大きすぎて記事を作成できませんでした。メモを短くして再度お試しください。",
    "invalid_request_error": GENERIC_ERROR,
}
TIMEOUT_ERROR = "Claude の応答が時間内に返りませんでした。少し待ってから再度お試しください。"
CONNECTION_ERROR = "Claude との接続が途切れました。通信状況を確認して再度お試しください。"
MODEL_NOT_FOUND_STAFF = "記事生成のモデル設定に問題があるため、記事を作成できません。管理者に連絡してください。"
MODEL_NOT_FOUND_ADMIN = (
    "設定されているモデル「{model}」は Claude API で使えません（提供終了または名前の誤り）。"
    "運営者に環境変数 HOROLOGEN_MODEL を現在のモデル（既定: {default}）へ変更するよう依頼してください。"
)
MODEL_NOT_FOUND_PLATFORM = (
    "設定されているモデル「{model}」は Claude API で使えません（提供終了または名前の誤り）。"
    "Render の Environment で HOROLOGEN_MODEL を現在のモデル（既定: {default}）に変更して再デプロイしてください。"
)
RETRY_LATER = "Claude の利用が集中しています。{wait}ほど待ってから再度お試しください。"


def make_client() -> anthropic.AsyncAnthropic:
    """The SDK client; SDK retries are off because `retrying` caps the total wait itself."""
    settings = config.get_settings()
    return anthropic.AsyncAnthropic(
        api_key=settings.anthropic_api_key.get(),
        base_url=settings.anthropic_base_url,
        max_retries=0,
        timeout=anthropic.Timeout(config.ANTHROPIC_TIMEOUT_S, connect=config.ANTHROPIC_CONNECT_TIMEOUT_S),
    )


def max_tokens_for(text_tokens: int, effort: str) -> int:
    """max_tokens for one request: the visible text's budget plus room for thinking at `effort`."""
    return text_tokens + THINKING_TOKENS.get(effort, THINKING_TOKENS["high"])


def request_params(*, model: str, effort: str, system: str, user: str, text_tokens: int) -> dict[str, Any]:
    """Keyword arguments for `messages.create/stream`: the system prompt is marked for caching."""
    return {
        "model": model,
        "max_tokens": max_tokens_for(text_tokens, effort),
        "system": [{"type": "text", "text": system, "cache_control": {"type": "ephemeral"}}],
        "messages": [{"role": "user", "content": user}],
        "output_config": {"effort": effort},
    }


def error_type(exc: BaseException) -> str:
    """The API's error type (`overloaded_error`, `not_found_error`, ...) from an SDK error, or ''."""
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            return str(error.get("type") or "")
    status = getattr(exc, "status_code", None)
    return {429: "rate_limit_error", 529: "overloaded_error", 404: "not_found_error"}.get(int(status or 0), "")


def retry_after_seconds(exc: BaseException | None) -> float | None:
    """The server's `retry-after` (seconds or an HTTP date) from an SDK status error, if any."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    raw = headers.get("retry-after-ms")
    if raw:
        try:
            return max(0.0, float(raw) / 1000)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(raw) if raw else None
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None


def _is_transport_error(exc: BaseException) -> bool:
    """A connection lost mid-stream surfaces as the HTTP library's own error, not the SDK's."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    return bool(names & {"TransportError", "NetworkError", "RemoteProtocolError", "ReadError"})


def is_transient(exc: BaseException) -> bool:
    """Worth another attempt: busy, rate-limited, a server fault or a dropped connection."""
    if isinstance(exc, anthropic.APIConnectionError) or _is_transport_error(exc):
        return True
    return error_type(exc) in ("rate_limit_error", "overloaded_error", "api_error")


def _wait(state: RetryCallState) -> float:
    exc = state.outcome.exception() if state.outcome else None
    after = retry_after_seconds(exc)
    return after if after is not None else wait_exponential(multiplier=0.5, max=4)(state)


def retrying(*, may_retry: Any) -> AsyncRetrying:
    """Retry transient failures while `may_retry()` (nothing shown yet) and the total wait fits the
    budget: a `retry-after: 120` stops at once and the user is told how long to wait instead."""
    return AsyncRetrying(
        retry=retry_if_exception(lambda exc: is_transient(exc) and bool(may_retry())),
        wait=_wait,
        stop=stop_after_attempt(config.GENERATION_MAX_ATTEMPTS) | stop_before_delay(config.GENERATION_RETRY_BUDGET_S),
        reraise=True,
    )


def _human_wait(seconds: float) -> str:
    if seconds < 60:
        return f"{max(1, round(seconds))} 秒"
    return f"{max(1, round(seconds / 60))} 分"


def message_for(exc: BaseException, *, role: str, model: str) -> str:
    """What the user reads for this failure; the model setting is named only to admins."""
    kind = error_type(exc)
    if kind == "not_found_error":
        template = {STAFF: MODEL_NOT_FOUND_STAFF, PLATFORM_ADMIN: MODEL_NOT_FOUND_PLATFORM}.get(
            role, MODEL_NOT_FOUND_ADMIN
        )
        return template.format(model=model, default=config.DEFAULT_MODEL)
    if kind in ("rate_limit_error", "overloaded_error"):
        after = retry_after_seconds(exc)
        if after is not None and after > 0:
            return RETRY_LATER.format(wait=_human_wait(after))
    if isinstance(exc, anthropic.APITimeoutError):
        return TIMEOUT_ERROR
    if isinstance(exc, anthropic.APIConnectionError) or _is_transport_error(exc):
        return CONNECTION_ERROR
    return ERROR_MESSAGES.get(kind, GENERIC_ERROR)


NOT_CONFIGURED_MESSAGE = "ANTHROPIC_API_KEY が未設定のため、記事生成は止まっています。"


@dataclass(frozen=True)
class ModelCheck:
    """Whether generation is configured and the configured model answers a minimal request."""

    configured: bool
    ok: bool
    model: str
    effort: str
    detail: str  # for operators' logs and the runbook script (English, like the other check lines)
    answered_model: str = ""
    error_type: str = ""


async def check_model(client: anthropic.AsyncAnthropic | None = None) -> ModelCheck:
    """Send the smallest request of the same shape generation sends (costs a few tokens)."""
    settings = config.get_settings()
    model, effort = settings.model, settings.effort
    if not settings.anthropic_api_key:
        return ModelCheck(False, False, model, effort, "ANTHROPIC_API_KEY not set: only generation is off")
    client = client or make_client()
    params = request_params(
        model=model, effort="low", system="Health check.", user="OK と返してください。", text_tokens=16
    )
    try:
        message = await client.messages.create(**params)
    except Exception as exc:
        kind = error_type(exc) or type(exc).__name__
        hint = " (retired or misspelt model id: set HOROLOGEN_MODEL)" if kind == "not_found_error" else ""
        return ModelCheck(True, False, model, effort, f"{kind}{hint}", error_type=kind)
    return ModelCheck(
        True,
        True,
        model,
        effort,
        f"answered as {message.model}, stop_reason={message.stop_reason}",
        answered_model=str(message.model),
    )


def configured_model(*, actor: Actor) -> ModelCheck:
    """What generation is set to use, without calling the API (platform admin only)."""
    require_role(actor, PLATFORM_ADMIN)
    settings = config.get_settings()
    detail = "" if settings.anthropic_api_key else NOT_CONFIGURED_MESSAGE
    return ModelCheck(bool(settings.anthropic_api_key), False, settings.model, settings.effort, detail)


async def check_model_for(*, actor: Actor) -> ModelCheck:
    """`check_model` for the platform page: platform admin only, as every door into it."""
    require_role(actor, PLATFORM_ADMIN)
    return await check_model()
