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
from sqlmodel import Session, col, select

from horologen import config, db
from horologen.errors import report_exception
from horologen.models import Article, MasterProduct, utcnow
from horologen.services import quota
from horologen.services.access import ADMIN, STAFF, AccessDenied, Actor, require_role
from horologen.services.grounding import ungrounded_terms
from horologen.services.prompting import (
    GenerationOptions,
    Prompt,
    build_prompt,
    parse_article,
    product_snapshot,
)

log = logging.getLogger("horologen.generation")

NO_KEY_MESSAGE = (
    "記事生成の設定（ANTHROPIC_API_KEY）がされていないため、記事を作成できません。"
    "検索など他の機能は使えます。管理者に連絡してください。"
)
ERROR_MESSAGES: list[tuple[type[Exception], str]] = [
    (anthropic.AuthenticationError, "Claude の API キーが無効です。管理者に連絡してください。"),
    (anthropic.PermissionDeniedError, "Claude の API キーにこの操作の権限がありません。管理者に連絡してください。"),
    (anthropic.RateLimitError, "Claude の利用が一時的に集中しています。1 分ほど待ってから再度お試しください。"),
    (anthropic.APITimeoutError, "Claude の応答が時間内に返りませんでした。少し待ってから再度お試しください。"),
    (anthropic.APIConnectionError, "Claude との接続が途切れました。通信状況を確認して再度お試しください。"),
    (
        anthropic.InternalServerError,
        "Claude が混み合っているか、一時的に応答できません。少し待ってから再度お試しください。",
    ),
]
GENERIC_ERROR = "記事を作成できませんでした。時間をおいて再度お試しください。"


class GenerationRefused(RuntimeError):
    """Generation cannot start (no key, quota, bad product); the message is shown as is."""


@dataclass(frozen=True)
class GenerationJob:
    article_id: int
    tenant_id: int
    month: str
    model: str
    prompt: Prompt
    options: GenerationOptions


@dataclass
class GenerationOutcome:
    article_id: int
    status: str  # done | failed | cancelled
    title: str = ""
    body: str = ""
    body_en: str = ""
    text: str = ""
    ungrounded: list[str] = field(default_factory=list)
    message: str = ""
    error_id: str = ""
    input_tokens: int = 0
    output_tokens: int = 0


def make_client() -> anthropic.AsyncAnthropic:
    settings = config.get_settings()
    return anthropic.AsyncAnthropic(
        api_key=settings.anthropic_api_key.get(),
        base_url=settings.anthropic_base_url,
        max_retries=config.ANTHROPIC_MAX_RETRIES,
        timeout=anthropic.Timeout(config.ANTHROPIC_TIMEOUT_S, connect=config.ANTHROPIC_CONNECT_TIMEOUT_S),
    )


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


def prepare(
    *,
    session: Session,
    actor: Actor,
    product_id: int,
    options: GenerationOptions,
    now: datetime | None = None,
) -> GenerationJob:
    """Check role, tenant, key and quota; reserve a slot and record the article as streaming."""
    require_role(actor, STAFF, ADMIN)
    product = session.get(MasterProduct, product_id)
    if product is None or product.tenant_id != actor.tenant_id:
        raise AccessDenied("商品が見つかりません。")
    settings = config.get_settings()
    if not settings.anthropic_api_key:
        raise GenerationRefused(NO_KEY_MESSAGE)
    release_stale(session=session, now=now)
    month = quota.reserve(session=session, tenant_id=product.tenant_id, now=now)
    snapshot = product_snapshot(product.brand, product.reference, product.name, product.price_jpy, product.specs)
    prompt = build_prompt(snapshot, options)
    article = Article(
        tenant_id=product.tenant_id,
        user_id=int(actor.user_id or 0),
        product_id=product.id,
        input_snapshot=snapshot,
        options=options.as_json(),
        model=settings.model,
        prompt_version=prompt.version,
        status="streaming",
        quota_month=month,
    )
    try:
        session.add(article)
        session.commit()
    except Exception:
        session.rollback()
        quota.settle(session=session, tenant_id=product.tenant_id, month=month, consumed=False)
        raise
    return GenerationJob(int(article.id or 0), product.tenant_id, month, settings.model, prompt, options)


def _is_transport_error(exc: Exception) -> bool:
    """A connection lost mid-stream surfaces as the HTTP library's own error, not the SDK's."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    return bool(names & {"TransportError", "NetworkError", "RemoteProtocolError", "ReadError"})


def _message_for(exc: Exception) -> str:
    if isinstance(exc, anthropic.APIStatusError) and "overloaded" in str(exc).lower():
        return ERROR_MESSAGES[-1][1]
    if _is_transport_error(exc):
        return dict(ERROR_MESSAGES)[anthropic.APIConnectionError]
    for kind, message in ERROR_MESSAGES:
        if isinstance(exc, kind):
            return message
    return GENERIC_ERROR


def _finish(job: GenerationJob, outcome: GenerationOutcome, started: float, stop_reason: str = "") -> None:
    """Store the result and settle the slot: only a finished article consumes quota."""
    with db.session() as session:
        article = session.get(Article, job.article_id)
        if article is not None:
            article.status = outcome.status
            article.title = outcome.title
            article.body = outcome.body if outcome.status == "done" else ""
            article.body_en = outcome.body_en if outcome.status == "done" else ""
            article.ungrounded_terms = outcome.ungrounded
            article.input_tokens = outcome.input_tokens
            article.output_tokens = outcome.output_tokens
            article.stop_reason = stop_reason
            article.error_id = outcome.error_id
            article.error_message = outcome.message if outcome.status != "done" else ""
            article.duration_ms = int((time.monotonic() - started) * 1000)
            article.updated_at = article.finished_at = utcnow()
            session.add(article)
            session.commit()
        quota.settle(session=session, tenant_id=job.tenant_id, month=job.month, consumed=outcome.status == "done")


async def run(
    job: GenerationJob,
    *,
    on_text: Callable[[str], Awaitable[None]],
    should_stop: Callable[[], Awaitable[bool]] | None = None,
    client: anthropic.AsyncAnthropic | None = None,
) -> GenerationOutcome:
    """Stream the article to `on_text`; every exit stores a status and settles the quota."""
    started = time.monotonic()
    outcome = GenerationOutcome(article_id=job.article_id, status="failed")
    stop_reason = ""
    pieces: list[str] = []
    try:
        client = client or make_client()
        system: list[dict[str, Any]] = [
            {"type": "text", "text": job.prompt.system, "cache_control": {"type": "ephemeral"}}
        ]
        async with client.messages.stream(
            model=job.model,
            max_tokens=job.prompt.max_tokens,
            system=system,  # type: ignore[arg-type]
            messages=[{"role": "user", "content": job.prompt.user}],
        ) as stream:
            async for text in stream.text_stream:
                pieces.append(text)
                await on_text(text)
                if should_stop is not None and await should_stop():
                    outcome.status = "cancelled"
                    outcome.message = "生成を中止しました。"
                    break
            if outcome.status != "cancelled":
                final = await stream.get_final_message()
                stop_reason = final.stop_reason or ""
                outcome.input_tokens = final.usage.input_tokens
                outcome.output_tokens = final.usage.output_tokens
                outcome.status = "done"
    except Exception as exc:
        outcome.status = "failed"
        outcome.message = _message_for(exc)
        outcome.error_id = report_exception(exc, where="generation", article_id=job.article_id)
    outcome.text = "".join(pieces)
    if outcome.status == "done":
        parsed = parse_article(outcome.text)
        outcome.title, outcome.body, outcome.body_en = parsed.title, parsed.body, parsed.body_en
        outcome.ungrounded = ungrounded_terms(outcome.text, job.prompt.snapshot, job.options.notes)
        if stop_reason == "max_tokens":
            outcome.message = "指定の長さで打ち切られました。必要なら「長め」で再生成してください。"
    _finish(job, outcome, started, stop_reason)
    log.info(
        "generation article_id=%s tenant_id=%s status=%s tokens_in=%s tokens_out=%s",
        job.article_id,
        job.tenant_id,
        outcome.status,
        outcome.input_tokens,
        outcome.output_tokens,
    )
    return outcome


@dataclass(frozen=True)
class ArticleView:
    id: int
    product_id: int | None
    reference: str
    brand: str
    title: str
    body: str
    body_en: str
    status: str
    created_at: datetime
    user_id: int
    ungrounded: list[str]
    options: dict[str, Any]


def _article_view(article: Article) -> ArticleView:
    snapshot = article.input_snapshot or {}
    return ArticleView(
        id=int(article.id or 0),
        product_id=article.product_id,
        reference=str(snapshot.get("reference", "")),
        brand=str(snapshot.get("brand", "")),
        title=article.title,
        body=article.body,
        body_en=article.body_en,
        status=article.status,
        created_at=article.created_at,
        user_id=article.user_id,
        ungrounded=list(article.ungrounded_terms or []),
        options=dict(article.options or {}),
    )


def list_articles(
    *, session: Session, actor: Actor, product_id: int | None = None, limit: int = 20, all_users: bool = False
) -> list[ArticleView]:
    """Own articles (staff), or the whole tenant's when an admin asks for all_users."""
    require_role(actor, STAFF, ADMIN)
    statement = select(Article).where(Article.tenant_id == actor.tenant_id, Article.status == "done")
    if not (all_users and actor.role == ADMIN):
        statement = statement.where(Article.user_id == actor.user_id)
    if product_id is not None:
        statement = statement.where(Article.product_id == product_id)
    rows = session.exec(statement.order_by(col(Article.created_at).desc(), col(Article.id).desc()).limit(limit)).all()
    return [_article_view(a) for a in rows]


def get_article(*, session: Session, actor: Actor, article_id: int) -> ArticleView:
    require_role(actor, STAFF, ADMIN)
    article = session.get(Article, article_id)
    if (
        article is None
        or article.tenant_id != actor.tenant_id
        or (actor.role != ADMIN and article.user_id != actor.user_id)
    ):
        raise AccessDenied("記事が見つかりません。")
    return _article_view(article)


def save_edit(*, session: Session, actor: Actor, article_id: int, title: str, body: str) -> ArticleView:
    """Staff edit their own article (admins any in the tenant); the grounding check runs again."""
    get_article(session=session, actor=actor, article_id=article_id)
    article = session.get(Article, article_id)
    assert article is not None
    if article.status != "done":
        raise AccessDenied("完了していない記事は編集できません。")
    article.title = title.strip()[:300]
    article.body = body.strip()[:20000]
    article.ungrounded_terms = ungrounded_terms(
        article.title + "\n" + article.body, article.input_snapshot, str((article.options or {}).get("notes", ""))
    )
    article.updated_at = utcnow()
    session.add(article)
    session.commit()
    return _article_view(article)
