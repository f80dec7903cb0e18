"""Stored articles as staff see them: listing, opening, editing, and the channel outputs.

Every function checks the actor: staff see their own articles, a shop admin the shop's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from horologen.models import Article, MasterProduct, User, utcnow
from horologen.services.accounts.access import ADMIN, STAFF, AccessDenied, Actor, require_role
from horologen.services.articles import lifecycle, review, withdrawals
from horologen.services.articles.channels import ArticleContent
from horologen.services.articles.profile import profile_for_tenant
from horologen.services.articles.prompting import LEGACY_CHANNELS, parse_article
from horologen.services.operations import costs, inputs

# Statuses a readable article can be in (generation.FINISHED).
FINISHED = ("done", "truncated")


@dataclass(frozen=True)
class ArticleView:
    id: int
    tenant_id: int
    product_id: int | None
    reference: str
    brand: str
    title: str
    catch_copy: str
    body: str
    body_en: str
    status: str
    created_at: datetime
    user_id: int
    ungrounded: list[str]
    options: dict[str, Any]
    snapshot: dict[str, Any]
    profile_version: int
    flags: list[dict[str, Any]] = field(default_factory=list)
    acknowledged: list[dict[str, Any]] = field(default_factory=list)
    claim_status: str = ""
    claims: list[dict[str, Any]] = field(default_factory=list)
    claim_risks: list[dict[str, Any]] = field(default_factory=list)
    cost_label: str = ""  # the article's model cost in yen (generation, claim check, rewrites)
    review_status: str = "draft"
    review_comment: str = ""
    version: int = 1

    @property
    def notes(self) -> str:
        return str(self.options.get("notes", ""))

    @property
    def channel(self) -> str:
        channel = str(self.options.get("channel") or "own_site")
        return LEGACY_CHANNELS.get(channel, channel)


def _article_view(article: Article) -> ArticleView:
    snapshot = article.input_snapshot or {}
    return ArticleView(
        id=int(article.id or 0),
        tenant_id=article.tenant_id,
        product_id=article.product_id,
        reference=str(snapshot.get("reference", "")),
        brand=str(snapshot.get("brand", "")),
        title=article.title,
        catch_copy=article.catch_copy,
        body=article.body,
        body_en=article.body_en,
        status=article.status,
        created_at=article.created_at,
        user_id=article.user_id,
        ungrounded=list(article.ungrounded_terms or []),
        options=dict(article.options or {}),
        snapshot=dict(snapshot),
        profile_version=article.profile_version,
        flags=list(article.flags or []),
        acknowledged=list(article.acknowledged or []),
        claim_status=article.claim_status,
        claims=list(article.claims or []),
        claim_risks=list(article.claim_risks or []),
        cost_label=costs.yen_label(costs.article_yen(article)),
        review_status=article.review_status,
        review_comment=article.review_comment,
        version=article.version,
    )


def list_articles(
    *, session: Session, actor: Actor, product_id: int | None = None, limit: int = 20, all_users: bool = False
) -> list[ArticleView]:
    """Own articles (staff), or the whole tenant's when an admin asks for all_users."""
    require_role(actor, STAFF, ADMIN)
    statement = select(Article).where(Article.tenant_id == actor.tenant_id, col(Article.status).in_(FINISHED))
    if not (all_users and actor.role == ADMIN):
        statement = statement.where(Article.user_id == actor.user_id)
    if product_id is not None:
        statement = statement.where(Article.product_id == product_id)
    rows = session.exec(statement.order_by(col(Article.created_at).desc(), col(Article.id).desc()).limit(limit)).all()
    return [_article_view(a) for a in rows]


def get_article(*, session: Session, actor: Actor, article_id: int) -> ArticleView:
    """One article the actor may see (review.owned_article's rule); AccessDenied otherwise."""
    return _article_view(review.owned_article(session, actor, article_id))


def save_edit(
    *, session: Session, actor: Actor, article_id: int, title: str, body: str, catch_copy: str | None = None
) -> ArticleView:
    """Staff edit their own article (admins any in the tenant); the review flags are recomputed
    (a tick stays while its term is still in the text).
    Title ≤ 300, catch copy ≤ 300, body ≤ 20,000 characters (longer input is cut)."""
    for value, label in ((title, "タイトル"), (body, "本文"), (catch_copy or "", "キャッチコピー")):
        inputs.text(value, limit=1_000_000, label=label)  # NUL and non-text refused; length is cut below
    article = review.owned_article(session, actor, article_id)
    if article.status not in FINISHED:
        raise AccessDenied("完了していない記事は編集できません。")
    if article.review_status in lifecycle.FROZEN:  # approved text never changes: edit a new version
        article = lifecycle.new_version(session, actor, article)
    elif article.review_status == "submitted":  # what was submitted is not what is there any more
        article.review_status = "draft"
    article.title = title.strip()[:300]
    if catch_copy is not None:
        article.catch_copy = catch_copy.strip()[:300]
    article.body = body.strip()[:20000]
    review.recheck(session, article)
    article.updated_at = utcnow()
    session.add(article)
    session.commit()
    return _article_view(article)


def content_of(*, session: Session, view: ArticleView) -> ArticleContent:
    """The article with the shop's CURRENT profile, ready for channels.render: the prose is the
    article's (frozen once approved), the shop block (古物商, warranty, returns, contact, the rank's
    definition) is the shop's as it stands today — an article written before the profile was saved
    still carries the 古物商 display (古物営業法 第12条, issue 28). `view` comes from get_article,
    which checked the actor; `view.profile_version` still records what the prompt was given."""
    profile = profile_for_tenant(session=session, tenant_id=view.tenant_id)
    return ArticleContent(
        title=view.title,
        catch_copy=view.catch_copy,
        body=view.body,
        body_en=view.body_en,
        snapshot=view.snapshot,
        profile=profile,
        channel=view.channel,
    )


@dataclass(frozen=True)
class ReviewRow:
    """One line of /admin/articles."""

    view: ArticleView
    author: str
    open_flags: int
    stale: list[dict[str, str]]
    superseded: bool
    withdraw: bool = False  # 取り下げ要: the product is sold and the article still on the malls
    sale_state: str = ""  # the product's: available | reserved | sold ("" when it is gone)


def list_for_review(
    *,
    session: Session,
    actor: Actor,
    status: str = "",
    brand: str = "",
    user_id: int | None = None,
    since: datetime | None = None,
    stale_only: bool = False,
    flags_only: bool = False,
    withdraw_only: bool = False,
    limit: int = 200,
) -> list[ReviewRow]:
    """The shop's finished articles for the admin's review list, newest first, filtered by review
    status, brand (contained, case-insensitive), author, creation time (UTC), 要更新, open flags and
    取り下げ要 (a sold product's approved or exported article, withdrawals.needs_withdrawal).
    Shop admins only; versions replaced by a newer one are marked `superseded`."""
    require_role(actor, ADMIN)
    statement = select(Article).where(Article.tenant_id == actor.tenant_id, col(Article.status).in_(FINISHED))
    if status:
        statement = statement.where(Article.review_status == status)
    if user_id:
        statement = statement.where(Article.user_id == user_id)
    if since is not None:
        statement = statement.where(Article.created_at >= since)
    articles = session.exec(statement.order_by(col(Article.created_at).desc()).limit(2000)).all()
    names = {
        u.id: u.display_name or u.email for u in session.exec(select(User).where(User.tenant_id == actor.tenant_id))
    }
    parents = {a.parent_id for a in articles if a.parent_id}
    product_ids = {a.product_id for a in articles if a.product_id}
    products = {
        p.id: p for p in session.exec(select(MasterProduct).where(col(MasterProduct.id).in_(product_ids or {0})))
    }
    rows: list[ReviewRow] = []
    needle = brand.strip().lower()
    for article in articles:
        view = _article_view(article)
        if needle and needle not in view.brand.lower():
            continue
        open_count = len(review.open_flags(list(article.flags or []), list(article.acknowledged or [])))
        product = products.get(article.product_id)
        stale = lifecycle.stale_changes(article.input_snapshot or {}, product)
        withdraw = withdrawals.needs_withdrawal(article, product)
        if (stale_only and not stale) or (flags_only and not open_count) or (withdraw_only and not withdraw):
            continue
        superseded = article.id in parents
        sale = product.sale_state if product is not None else ""
        rows.append(ReviewRow(view, names.get(article.user_id, ""), open_count, stale, superseded, withdraw, sale))
        if len(rows) >= limit:
            break
    return rows


def sale_state_of(*, session: Session, view: ArticleView) -> str:
    """The article's product's sale state now (available | reserved | sold), '' when the product is
    gone. `view` comes from get_article, which checked the actor."""
    product = _product_of(session, view)
    return "" if product is None else product.sale_state


def changes_since(*, session: Session, view: ArticleView) -> list[dict[str, str]]:
    """The product's facts that changed since the article was written ([{field, old, new}],
    lifecycle.stale_changes: what makes an approved article 要更新); [] when none or the product is
    gone. `view` comes from get_article, which checked the actor."""
    return lifecycle.stale_changes(view.snapshot, _product_of(session, view))


def stale_note(*, session: Session, view: ArticleView) -> str:
    """要更新 on the article's own page: what changed in the product since it was approved, and that
    its text (with the old facts) may not be copied until a new version is approved — an ad that
    states a past condition or price is a 優良誤認 / 有利誤認 risk (景品表示法 第5条). '' when
    nothing changed."""
    changes = changes_since(session=session, view=view)
    if not changes:
        return ""
    return STALE_NOTE.format(changes=lifecycle.changes_text(changes))


STALE_NOTE = (
    "要更新: この記事の承認後に商品データが変わりました（{changes}）。記事は古い内容のままのため、"
    "コピーできません。本文を今のデータに合わせて直して保存すると新しい版（下書き）になり、承認後にコピーできます。"
)


def _product_of(session: Session, view: ArticleView) -> MasterProduct | None:
    product = session.get(MasterProduct, view.product_id) if view.product_id else None
    return product if product is not None and product.tenant_id == view.tenant_id else None


def previous_version(*, session: Session, view: ArticleView) -> str | None:
    """The title and body of the version `view` was edited from (same shop), or None for a first
    version. `view` comes from get_article, which checked the actor."""
    article = session.get(Article, view.id)
    if article is None or article.parent_id is None:
        return None
    parent = session.get(Article, article.parent_id)
    if parent is None or parent.tenant_id != article.tenant_id:
        return None
    return f"{parent.title}\n{parent.body}"


def keep_cancelled(*, session: Session, actor: Actor, article_id: int) -> ArticleView:
    """「下書きとして残す」 after 中止: the text that had arrived becomes an editable draft (status
    `truncated`, which never uses a quota slot), with its review flags. LifecycleError when the
    article was not stopped or nothing had arrived."""
    article = review.owned_article(session, actor, article_id)
    if article.status != "cancelled" or not article.raw_text.strip():
        raise lifecycle.LifecycleError("残せる途中の文章がありません。")
    parsed = parse_article(article.raw_text)
    article.title, article.catch_copy = parsed.title[:300], parsed.catch_copy[:300]
    article.body, article.body_en = parsed.body[:20000], parsed.body_en
    article.status = "truncated"
    review.recheck(session, article)
    article.updated_at = utcnow()
    session.add(article)
    session.commit()
    return _article_view(article)
