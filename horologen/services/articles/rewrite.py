"""「短くする」 by rewriting (issue 27 item 4): the model writes the same article within the chosen
channel's limits — the same facts, the same rules, the same cached system prompt — and the review
flags and limits are checked again. When the rewrite still does not fit, or the call fails, the
current cut (channels.shorten: whole sentences from the end, never the facts block) is the
fallback, and the outcome says which happened. It uses no monthly slot; its tokens are stored on
the article (`rewrite_input_tokens` / `rewrite_output_tokens`) and counted in usage. No database
connection is held while the model writes (issue 23): read, call, write in a short transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import anthropic
from sqlmodel import Session

from horologen import config, db
from horologen.errors import report_exception
from horologen.models import Article, utcnow
from horologen.services.accounts.access import Actor
from horologen.services.articles import channels, claude, library
from horologen.services.articles.channels import ArticleContent
from horologen.services.articles.prompting import CHANNELS, GenerationOptions, build_prompt, parse_article

REWRITE_TEXT_TOKENS = 3000
UNIT_WORDS = {channels.BYTES: "バイト（全角は 2 バイト）", channels.ZENKAKU: "文字（全角換算）", channels.CHARS: "文字"}


@dataclass(frozen=True)
class ShortenOutcome:
    """The shortened text and how it was made: "rewrite" (the model's, fits), "cut" (the fallback)."""

    content: ArticleContent
    how: str
    message: str
    input_tokens: int = 0
    output_tokens: int = 0
    error_id: str = ""


@dataclass(frozen=True)
class RewriteRequest:
    article_id: int
    model: str
    effort: str
    system: str
    user: str


def _limits(content: ArticleContent, channel: str) -> str:
    fields = [f for f in channels.render(content, channel).fields if f.limit]
    return "\n".join(
        f"- {f.label}: {f.limit:,} {UNIT_WORDS.get(f.unit, f.unit)}以内（今は {f.length_label}）" for f in fields
    )


def prepare(*, session: Session, actor: Actor, article_id: int, edited: ArticleContent, channel: str) -> RewriteRequest:
    """The rewrite request for one of the actor's articles as it stands in the editor (`edited`):
    the generation's own system prompt (cached) and the product data, with the current text and the
    channel's limits. AccessDenied for another tenant's or staff member's article."""
    view = library.get_article(session=session, actor=actor, article_id=article_id)
    content = library.content_of(session=session, view=view)
    options = GenerationOptions.from_form({**view.options, "channel": channel})
    prompt = build_prompt(content.snapshot, options, content.profile)
    current = "\n".join(
        p for p in (f"# {edited.title}", f"> {edited.catch_copy}" if edited.catch_copy else "", edited.body) if p
    )
    user = (
        f"{prompt.user}\n\n"
        "<rewrite>\n次の記事を、同じ事実・同じ決まりのまま、短く書き直してください。データにない事実を足したり、"
        "事実を削って意味を変えたりしないでください。形式（# タイトル、> キャッチコピー、本文）はそのままです。\n"
        f"<channel>{CHANNELS[channel]}</channel>\n<limits>\n{_limits(edited, channel)}\n</limits>\n"
        f"<current_article>\n{current}\n</current_article>\n</rewrite>"
    )
    settings = config.get_settings()
    return RewriteRequest(article_id, settings.model, settings.effort, prompt.system, user)


async def ask(request: RewriteRequest, *, client: anthropic.AsyncAnthropic | None = None) -> tuple[str, int, int]:
    """The model's rewritten article text and its (input, output) tokens. Raises the SDK's errors."""
    client = client or claude.make_client()
    params = claude.request_params(model=request.model, effort=request.effort, system=request.system,
                                   user=request.user, text_tokens=REWRITE_TEXT_TOKENS)  # fmt: skip
    message = await client.messages.create(**params)
    text = "".join(block.text for block in message.content if getattr(block, "type", "") == "text")
    if message.stop_reason not in ("end_turn", "stop_sequence") or not text.strip():
        raise ValueError(f"rewrite ended with {message.stop_reason}")
    return text, int(message.usage.input_tokens or 0), int(message.usage.output_tokens or 0)


def store_tokens(*, session: Session, article_id: int, input_tokens: int, output_tokens: int) -> None:
    """Add a rewrite's tokens to the article (no slot is used)."""
    article = session.get(Article, article_id)
    if article is None or not (input_tokens or output_tokens):
        return
    article.rewrite_input_tokens += input_tokens
    article.rewrite_output_tokens += output_tokens
    article.updated_at = utcnow()
    session.add(article)
    session.commit()


def _fits(content: ArticleContent, channel: str) -> bool:
    return not any(f.over for f in channels.render(content, channel).fields)


async def shorten(
    *, actor: Actor, article_id: int, edited: ArticleContent, channel: str,
    client: anthropic.AsyncAnthropic | None = None,
) -> ShortenOutcome:  # fmt: skip
    """The article in `channel`'s limits: the model's rewrite when it fits, otherwise the cut. The
    text is returned for the editor (not saved). AccessDenied as `prepare`."""
    cut = channels.shorten(edited, channel)
    if not config.get_settings().anthropic_api_key:
        return ShortenOutcome(cut, "cut", "記事生成の設定がないため、文末から短くしました。")
    with db.session() as session:
        request = prepare(session=session, actor=actor, article_id=article_id, edited=edited, channel=channel)
    try:
        text, tokens_in, tokens_out = await ask(request, client=client)
    except Exception as exc:
        error_id = report_exception(exc, where="rewrite", article_id=article_id, error_type=claude.error_type(exc))
        message = f"書き直しができなかったため、文末から短くしました（エラーID: {error_id}）。"
        return ShortenOutcome(cut, "cut", message, error_id=error_id)
    with db.session() as session:
        store_tokens(session=session, article_id=article_id, input_tokens=tokens_in, output_tokens=tokens_out)
    parsed = parse_article(text)
    rewritten = replace(edited, title=parsed.title or edited.title, catch_copy=parsed.catch_copy, body=parsed.body)
    if _fits(rewritten, channel):
        message = "上限に収まるよう書き直しました。内容と要確認を確認してから保存してください。"
        return ShortenOutcome(rewritten, "rewrite", message, tokens_in, tokens_out)
    return ShortenOutcome(
        channels.shorten(rewritten, channel), "cut",
        "書き直しても上限を超えたため、書き直した文を文末から短くしました。内容を確認してから保存してください。",
        tokens_in, tokens_out,
    )  # fmt: skip
