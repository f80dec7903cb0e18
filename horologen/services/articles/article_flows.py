"""The article workspace's actions, each one call from the page that ends in what the page shows
next (article_screen.ArticleScreen): save, tick a flag, submit, approve, reject, keep a stopped
draft, shorten, the claim check, and starting and writing a generation.

Save first, then act: approval and 確認済み are for the text on screen, so the editor's text is
saved before them (a new version when the article was already approved)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from horologen.services.accounts.access import AccessDenied, Actor
from horologen.services.articles import claim_check, generation, library, lifecycle, review, rewrite
from horologen.services.articles.article_screen import (
    ArticleScreen,
    ClaimsPanel,
    Edits,
    article_screen,
    claims_panel,
    edited_content,
)
from horologen.services.articles.prompting import GenerationOptions


def _save(session: Session, actor: Actor, article_id: int, edits: Edits) -> library.ArticleView:
    return library.save_edit(session=session, actor=actor, article_id=article_id, title=edits.title, body=edits.body,
                             catch_copy=edits.catch_copy)  # fmt: skip


def save(*, session: Session, actor: Actor, product_id: int, article_id: int, edits: Edits) -> ArticleScreen:
    """The editor's text saved (an approved article keeps its text: the edit becomes a new version,
    a draft); the screen of the saved article, in its own channel."""
    view = _save(session, actor, article_id, edits)
    return article_screen(session=session, actor=actor, product_id=product_id, article_id=view.id)


def acknowledge(
    *, session: Session, actor: Actor, product_id: int, article_id: int, edits: Edits, channel: str, term: str,
    client_address: str,
) -> ArticleScreen:  # fmt: skip
    """Tick one flag 確認済み for the text on screen (saved first); audited. The screen keeps the
    editor's text and channel. FlagGone when the term is no longer a flag of the saved text."""
    view = _save(session, actor, article_id, edits)
    review.acknowledge(session=session, actor=actor, article_id=view.id, term=term, client_address=client_address)
    return article_screen(session=session, actor=actor, product_id=product_id, article_id=view.id, edits=edits,
                          channel=channel)  # fmt: skip


def submit(*, session: Session, actor: Actor, product_id: int, article_id: int, edits: Edits) -> ArticleScreen:
    """承認を依頼 for the text on screen (saved first). ReviewPending while a flag is open."""
    view = _save(session, actor, article_id, edits)
    lifecycle.submit(session=session, actor=actor, article_id=view.id)
    return article_screen(session=session, actor=actor, product_id=product_id, article_id=view.id)


def approve(*, session: Session, actor: Actor, product_id: int, article_id: int, edits: Edits) -> ArticleScreen:
    """承認する for the text on screen (saved first): the shop admin, or staff their own when the
    shop allows it. ReviewPending while a flag is open."""
    view = _save(session, actor, article_id, edits)
    lifecycle.approve(session=session, actor=actor, article_ids=[view.id])
    return article_screen(session=session, actor=actor, product_id=product_id, article_id=view.id)


def reject(*, session: Session, actor: Actor, product_id: int, article_id: int, comment: str) -> ArticleScreen:
    """差し戻す with the reviewer's comment (shop admins). What was submitted is what goes back: the
    editor is not saved first."""
    lifecycle.reject(session=session, actor=actor, article_id=article_id, comment=comment)
    return article_screen(session=session, actor=actor, product_id=product_id, article_id=article_id)


def keep_cancelled(*, session: Session, actor: Actor, product_id: int, article_id: int) -> ArticleScreen:
    """「下書きとして残す」 after 中止: the text that had arrived as an editable draft (no slot used)."""
    view = library.keep_cancelled(session=session, actor=actor, article_id=article_id)
    return article_screen(session=session, actor=actor, product_id=product_id, article_id=view.id)


def start_generation(
    *, session: Session, actor: Actor, product_id: int, form: dict[str, Any]
) -> generation.GenerationJob:
    """The options form's choices (unknown values fall back to defaults), a reserved quota slot and
    the article row that will hold the text. GenerationRefused, QuotaExceeded, AccessDenied."""
    options = GenerationOptions.from_form(form)
    return generation.prepare(session=session, actor=actor, product_id=product_id, options=options)


async def write_article(
    *,
    session: Session,
    actor: Actor,
    job: generation.GenerationJob,
    on_text: Callable[[str], Awaitable[None]],
    should_stop: Callable[[], Awaitable[bool]],
) -> generation.GenerationOutcome:
    """The prepared article written (generation.run): its text streamed to `on_text`, stopped when
    `should_stop` says so; the outcome is stored and the quota slot settled. AccessDenied for a job
    of another shop."""
    del session  # generation.run stores the outcome in its own short session; none waits on the model
    if job.tenant_id != actor.tenant_id:
        raise AccessDenied("記事が見つかりません。")
    return await generation.run(job, on_text=on_text, should_stop=should_stop)


@dataclass(frozen=True)
class Shortened:
    """「短くする」's text on screen (not saved) and what the page says about how it was made."""

    screen: ArticleScreen
    message: str


async def shorten(
    *, session: Session, actor: Actor, product_id: int, article_id: int, edits: Edits, channel: str
) -> Shortened:
    """The editor's text within `channel`'s limits: the model's rewrite, or the cut when that does
    not fit (rewrite.shorten). Nothing is saved; the screen shows the shorter text."""
    edited = edited_content(session=session, actor=actor, article_id=article_id, edits=edits)
    session.close()  # no pooled connection waits on the model (issue 23); the session opens again below
    outcome = await rewrite.shorten(actor=actor, article_id=article_id, edited=edited, channel=channel)
    short = Edits(title=outcome.content.title, catch_copy=outcome.content.catch_copy, body=outcome.content.body)
    screen = article_screen(session=session, actor=actor, product_id=product_id, article_id=article_id, edits=short,
                            channel=channel)  # fmt: skip
    return Shortened(screen, outcome.message)


async def check_claims(*, session: Session, actor: Actor, article_id: int) -> ClaimsPanel:
    """The second model's claim check on the saved text, stored on the article (no slot used)."""
    del session  # claim_check opens its own short sessions around the model call
    outcome = await claim_check.check_article(actor=actor, article_id=article_id)
    return claims_panel(outcome.status, outcome.claims, outcome.risks)
