"""Article generation: reserve quota, build the prompt, stream from Claude, store, settle.

No Reflex here: the page's background handler passes `on_text` to relay the stream, and
`should_stop` for the stop button. Every exit path settles the quota reservation.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import anthropic
from sqlalchemy import update
from sqlmodel import Session, col, select

from horologen import config, db
from horologen.errors import UserFacingError, report_exception, report_problem
from horologen.models import Article, MasterProduct, utcnow
from horologen.services.accounts.access import ADMIN, STAFF, AccessDenied, Actor, require_role
from horologen.services.articles import claude, review
from horologen.services.articles.generation_sql import insert_with_slot, load_for_generation, store_and_settle
from horologen.services.articles.profile import ProfileData
from horologen.services.articles.prompting import (
    GenerationOptions,
    Prompt,
    build_prompt,
    parse_article,
)
from horologen.services.operations import quota
from horologen.timezones import quota_month

log = logging.getLogger("horologen.generation")

NO_KEY_MESSAGE = (
    "記事生成の設定（ANTHROPIC_API_KEY）がされていないため、記事を作成できません。"
    "検索など他の機能は使えます。管理者に連絡してください。"
)


def unavailable_reason(*, session: Session | None = None, actor: Actor | None = None, product_id: int = 0) -> str:
    """Why an article cannot be written ("" when it can): shown before anyone presses 作成, not
    after. Without a product, only the server's reason (no ANTHROPIC_API_KEY, read through
    config.get_settings()); with the actor's product, also a sold piece (SOLD_MESSAGE), as
    prepare() refuses it."""
    if session is not None and actor is not None and product_id:
        product = session.get(MasterProduct, product_id)
        if product is not None and product.tenant_id == actor.tenant_id and product.sale_state == "sold":
            return SOLD_MESSAGE
    return "" if config.get_settings().anthropic_api_key else NO_KEY_MESSAGE


# How an answer that arrived can still not be an article (stop reasons:
# https://platform.claude.com/docs/build-with-claude/handling-stop-reasons).
REFUSED_MESSAGE = (
    "Claude がこの内容での記事作成を控えました。途中までの文章は記事として保存していません。"
    "メモの内容を見直して再度お試しください。"
)
EMPTY_MESSAGE = "Claude から本文が返ってきませんでした。もう一度お試しください。"
CONTEXT_MESSAGE = "入力が長すぎて記事を作成できませんでした。メモを短くして再度お試しください。"
UNEXPECTED_STOP_MESSAGE = "記事が最後まで作成されませんでした。もう一度お試しください。"
TRUNCATED_MESSAGE = (
    "長さの上限で途中までしか作成されませんでした（今月の作成数には数えません）。"
    "下書きとして編集するか、「長め」や英語版なしで再生成してください。"
)
CANCELLED_MESSAGE = "生成を中止しました。"
SOLD_MESSAGE = (
    "この商品は売約済みのため、記事を作成できません。販売を再開する場合は商品の「販売中に戻す」を押してください。"
)
# Statuses an article can end in; only `done` consumes a quota slot.
FINISHED = ("done", "truncated")


class GenerationRefused(UserFacingError, RuntimeError):
    """Generation cannot start (no key, quota, bad product); the message is shown as is."""


@dataclass(frozen=True)
class GenerationJob:
    article_id: int
    tenant_id: int
    month: str
    model: str
    prompt: Prompt
    options: GenerationOptions
    effort: str = config.DEFAULT_EFFORT
    role: str = STAFF
    profile: ProfileData = field(default_factory=ProfileData)


@dataclass
class GenerationOutcome:
    article_id: int
    status: str  # done | truncated | failed | cancelled
    title: str = ""
    catch_copy: str = ""
    body: str = ""
    body_en: str = ""
    text: str = ""
    ungrounded: list[str] = field(default_factory=list)
    flags: list[dict[str, str]] = field(default_factory=list)
    message: str = ""
    error_id: str = ""
    stop_reason: str = ""
    response_model: str = ""
    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0
    model_ms: float = 0.0  # time inside the SDK's stream (every attempt), relay included: the rest is ours


def make_client() -> anthropic.AsyncAnthropic:
    return claude.make_client()


def release_stale(*, session: Session, now: datetime | None = None) -> int:
    """Generations left 'streaming' by a killed process: mark failed and give their slots back."""
    now = now or utcnow()
    stale = session.exec(
        select(Article).where(
            col(Article.status).in_(("pending", "streaming")),
            Article.updated_at < now - config.STALE_GENERATION,
        )
    ).all()
    for article in stale:
        article.status = "failed"
        article.error_message = "中断されました（サーバーの再起動など）"
        article.updated_at = now
        session.add(article)
        session.commit()
        quota.settle(session=session, tenant_id=article.tenant_id, month=article.quota_month, consumed=False)
    return len(stale)


_last_stale_sweep = 0.0


def _release_stale_now_and_then(*, session: Session, now: datetime | None) -> None:
    """The stale sweep is a scan; once a minute per process is enough (and always in tests that
    pass `now`, which simulate time)."""
    global _last_stale_sweep
    if now is None and time.monotonic() - _last_stale_sweep < config.STALE_SWEEP_INTERVAL_S:
        return
    _last_stale_sweep = time.monotonic()
    release_stale(session=session, now=now)


def prepare(
    *,
    session: Session,
    actor: Actor,
    product_id: int,
    options: GenerationOptions,
    now: datetime | None = None,
) -> GenerationJob:
    """Check role, tenant, key and quota; reserve a slot and record the article as streaming.

    On PostgreSQL two statements, each complete on its own and run outside a transaction: the
    product with its shop and profile, then the slot with the article (generation_sql); the
    month's first article, a full month and SQLite go the ORM way in one transaction."""
    require_role(actor, STAFF, ADMIN)
    with db.statements_alone(session):
        loaded = load_for_generation(session, product_id)  # product, shop and profile: one query
        if loaded is None or loaded.tenant_id != actor.tenant_id:
            raise AccessDenied("商品が見つかりません。")
        if loaded.sale_state == "sold":  # issue 25 item 3: a sold piece is withdrawn, never advertised anew
            raise GenerationRefused(SOLD_MESSAGE)
        settings = config.get_settings()
        if not settings.anthropic_api_key:
            raise GenerationRefused(NO_KEY_MESSAGE)
        at = now or utcnow()
        snapshot, profile = loaded.snapshot, loaded.profile
        prompt = build_prompt(snapshot, options, profile)
        month = quota_month(at)
        values: dict[str, Any] = {  # generation_sql.CREATED_COLUMNS
            "tenant_id": loaded.tenant_id,
            "user_id": int(actor.user_id or 0),
            "product_id": loaded.product_id,
            "input_snapshot": snapshot,
            "options": options.as_json(),
            "model": settings.model,
            "effort": settings.effort,
            "prompt_version": prompt.version,
            "prompt_sha256": prompt.sha256,
            "profile_version": profile.version,
            "status": "streaming",
            "quota_month": month,
        }
        article_id = None
        if session.get_bind().dialect.name == "postgresql":  # one statement (generation_sql)
            limit = quota.plan_and_limit(loaded.plan, loaded.monthly_limit)[1]
            article_id = insert_with_slot(session, values, limit=limit, now=at)
    _release_stale_now_and_then(session=session, now=now)
    try:  # the slot and the article that holds it are one transaction
        if article_id is None:  # SQLite, or the month's first article, or the month is full
            quota.reserve(session=session, tenant_id=loaded.tenant_id, now=at, commit=False)
            article = Article(**values)
            session.add(article)
            session.flush()
            article_id = int(article.id or 0)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return GenerationJob(
        article_id,
        loaded.tenant_id,
        month,
        settings.model,
        prompt,
        options,
        effort=settings.effort,
        role=actor.role,
        profile=profile,
    )


def _finish(job: GenerationJob, outcome: GenerationOutcome, started: float) -> None:
    """Store the result and settle the slot: only a finished, complete article consumes quota."""
    kept = outcome.status in FINISHED
    now = utcnow()
    values = {
        "status": outcome.status,
        "title": outcome.title if kept else "",
        "catch_copy": outcome.catch_copy if kept else "",
        "body": outcome.body if kept else "",
        "body_en": outcome.body_en if kept else "",
        "raw_text": outcome.text,
        "ungrounded_terms": outcome.ungrounded,
        "flags": outcome.flags,
        "response_model": outcome.response_model[:100],
        "input_tokens": outcome.input_tokens,
        "output_tokens": outcome.output_tokens,
        "cache_creation_input_tokens": outcome.cache_creation_input_tokens,
        "cache_read_input_tokens": outcome.cache_read_input_tokens,
        "stop_reason": outcome.stop_reason[:40],
        "error_id": outcome.error_id,
        "error_message": outcome.message if outcome.status != "done" else "",
        "duration_ms": int((time.monotonic() - started) * 1000),
        "updated_at": now,
        "finished_at": now,
    }
    consumed = outcome.status == "done"
    if db.get_engine().dialect.name == "postgresql":  # one statement, no transaction round trips
        with db.read_session() as session:
            store_and_settle(
                session, article_id=job.article_id, values=values, tenant_id=job.tenant_id, month=job.month,
                consumed=consumed,
            )  # fmt: skip
        return
    with db.session() as session:
        # One UPDATE by id (no SELECT of the row first). An article deleted meanwhile updates nothing.
        session.execute(update(Article).where(col(Article.id) == job.article_id).values(**values))
        # One commit: the article's final status and its slot settle together.
        quota.settle(session=session, tenant_id=job.tenant_id, month=job.month, consumed=consumed, commit=False)
        session.commit()


def _judge(job: GenerationJob, outcome: GenerationOutcome, final: Any) -> None:
    """Turn a completed response into done / truncated / failed by its stop reason and text."""
    outcome.stop_reason = str(final.stop_reason or "")
    outcome.response_model = str(final.model or "")
    usage = final.usage
    outcome.input_tokens = int(usage.input_tokens or 0)
    outcome.output_tokens = int(usage.output_tokens or 0)
    outcome.cache_creation_input_tokens = int(getattr(usage, "cache_creation_input_tokens", 0) or 0)
    outcome.cache_read_input_tokens = int(getattr(usage, "cache_read_input_tokens", 0) or 0)
    context = {"article_id": job.article_id, "stop_reason": outcome.stop_reason, "model": outcome.response_model}
    if outcome.stop_reason == "refusal":
        details = getattr(final, "stop_details", None)
        category = getattr(details, "category", None) or ""
        outcome.status, outcome.message = "failed", REFUSED_MESSAGE
        outcome.error_id = report_problem("refusal", where="generation", category=category, **context)
    elif outcome.stop_reason == "model_context_window_exceeded":
        outcome.status, outcome.message = "failed", CONTEXT_MESSAGE
        outcome.error_id = report_problem("context window exceeded", where="generation", **context)
    elif not outcome.text.strip():
        outcome.status, outcome.message = "failed", EMPTY_MESSAGE
        outcome.error_id = report_problem("empty answer", where="generation", **context)
    elif outcome.stop_reason == "max_tokens":
        outcome.status, outcome.message = "truncated", TRUNCATED_MESSAGE
    elif outcome.stop_reason in ("end_turn", "stop_sequence"):
        outcome.status = "done"
    else:  # tool_use / pause_turn: we offer no tools, so this answer is not an article
        outcome.status, outcome.message = "failed", UNEXPECTED_STOP_MESSAGE
        outcome.error_id = report_problem("unexpected stop", where="generation", **context)


async def run(
    job: GenerationJob,
    *,
    on_text: Callable[[str], Awaitable[None]],
    should_stop: Callable[[], Awaitable[bool]] | None = None,
    client: anthropic.AsyncAnthropic | None = None,
) -> GenerationOutcome:
    """Stream the article's text to `on_text` (thinking never reaches it); every exit stores a
    status and settles the quota slot. Transient failures before any text are retried within
    config.GENERATION_RETRY_BUDGET_S."""
    started = time.monotonic()
    outcome = GenerationOutcome(article_id=job.article_id, status="failed")
    pieces: list[str] = []
    params = claude.request_params(
        model=job.model,
        effort=job.effort,
        system=job.prompt.system,
        user=job.prompt.user,
        text_tokens=job.prompt.text_tokens,
    )
    final: Any = None
    model_started = time.monotonic()
    try:
        client = client or make_client()
        async for attempt in claude.retrying(may_retry=lambda: not pieces):
            with attempt:
                async with client.messages.stream(**params) as stream:
                    async for event in stream:
                        if event.type != "content_block_delta" or event.delta.type != "text_delta":
                            continue  # thinking, redacted thinking, signatures, pings
                        pieces.append(event.delta.text)
                        await on_text(event.delta.text)
                        if should_stop is not None and await should_stop():
                            outcome.status, outcome.message = "cancelled", CANCELLED_MESSAGE
                            break
                    if outcome.status != "cancelled":
                        final = await stream.get_final_message()
    except Exception as exc:
        outcome.status = "failed"
        outcome.message = claude.message_for(exc, role=job.role, model=job.model)
        outcome.error_id = report_exception(
            exc, where="generation", article_id=job.article_id, error_type=claude.error_type(exc)
        )
    outcome.model_ms = (time.monotonic() - model_started) * 1000
    outcome.text = "".join(pieces)
    if final is not None:
        _judge(job, outcome, final)
    if outcome.status in FINISHED:
        parsed = parse_article(outcome.text)
        outcome.title, outcome.catch_copy = parsed.title, parsed.catch_copy
        outcome.body, outcome.body_en = parsed.body, parsed.body_en
        text = review.article_text(outcome.title, outcome.catch_copy, outcome.body, outcome.body_en)
        flags = review.flags_for(text, job.prompt.snapshot, job.options.notes, job.profile)
        outcome.flags = [f.as_json() for f in flags]
        outcome.ungrounded = [f.term for f in flags]
    _finish(job, outcome, started)
    log.info(
        "generation article_id=%s tenant_id=%s status=%s stop_reason=%s model=%s tokens_in=%s tokens_out=%s "
        "cache_read=%s cache_write=%s model_ms=%.0f",
        job.article_id,
        job.tenant_id,
        outcome.status,
        outcome.stop_reason,
        outcome.response_model,
        outcome.input_tokens,
        outcome.output_tokens,
        outcome.cache_read_input_tokens,
        outcome.cache_creation_input_tokens,
        outcome.model_ms,
    )
    return outcome
