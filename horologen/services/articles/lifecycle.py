"""An article's way to the shop's channels: draft → submitted → approved → exported, or rejected.

Every transition is a service call checked for role and tenant, and audited. Who may approve is
the tenant's setting (`self_approve`: the shop admin only, or staff their own articles too). An
approved or exported article is frozen: editing it makes a new version (parent_id → the old one),
which starts again as a draft. 要更新 is derived, not stored: an approved or exported article is
out of date when the product row no longer says what the article was written from.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from horologen.errors import UserFacingError
from horologen.models import Article, MasterProduct, Tenant, User, utcnow
from horologen.services.accounts.access import ADMIN, STAFF, AccessDenied, Actor, require_role
from horologen.services.articles import review
from horologen.services.articles.facts import public_specs
from horologen.services.articles.prompting import snapshot_of
from horologen.services.catalogue.headers import same_fact_label
from horologen.services.catalogue.price_words import SOLD
from horologen.services.operations import audit

STATUS_LABELS = {
    "draft": "下書き",
    "submitted": "承認待ち",
    "approved": "承認済み",
    "exported": "出力済み",
    "rejected": "差し戻し",
}
FROZEN = ("approved", "exported")
MAX_COMMENT = 1000
_WITHDRAW_HINT = "（売約済みの商品は「取り下げファイル」でモールから取り下げます）。"
SOLD_SUBMIT = "この商品は売約済みのため、記事を承認依頼できません" + _WITHDRAW_HINT
SOLD_APPROVE = "この商品は売約済みのため、記事を承認できません" + _WITHDRAW_HINT


class LifecycleError(UserFacingError, ValueError):
    """The transition does not apply to the article as it is; the message says why."""


def _audit(session: Session, actor: Actor, article: Article, action: str, **detail: Any) -> None:
    audit.record(
        session=session,
        action=action,
        tenant_id=article.tenant_id,
        user_id=actor.user_id,
        target=f"article {article.id}",
        detail=detail,
    )


def may_approve(session: Session, actor: Actor, article: Article) -> bool:
    """The shop admin always; staff only their own article and only when the shop allows it."""
    if actor.role == ADMIN:
        return True
    tenant = session.get(Tenant, article.tenant_id)
    return bool(tenant and tenant.self_approve and article.user_id == actor.user_id)


def _product(session: Session, article: Article) -> MasterProduct | None:
    product = session.get(MasterProduct, article.product_id) if article.product_id else None
    return product if product is not None and product.tenant_id == article.tenant_id else None


def is_sold(session: Session, article: Article) -> bool:
    """Whether the article's product is a sold piece now (a reserved 商談中 one is not)."""
    product = _product(session, article)
    return product is not None and product.sale_state == SOLD


def article_name(session: Session, article: Article) -> str:
    """The article as staff know it: brand and reference, with the piece's 管理番号 when it has one
    (from the product row, or the article's snapshot when the product is gone)."""
    product = _product(session, article)
    snapshot = article.input_snapshot or {}
    brand = product.brand if product else str(snapshot.get("brand") or "")
    reference = product.reference if product else str(snapshot.get("reference") or "")
    stock = product.stock_number if product else snapshot.get("stock_number")
    name = " ".join(part for part in (brand, reference) if part) or "（商品なし）"
    return f"{name}（管理番号 {stock}）" if stock else name


def approver(*, session: Session, actor: Actor) -> bool:
    """Whether the actor may approve (their own) articles in their shop: admins, or staff when the
    shop allows self-approval. For showing the button; approve() checks each article again."""
    require_role(actor, STAFF, ADMIN)
    if actor.role == ADMIN:
        return True
    tenant = session.get(Tenant, actor.tenant_id)
    return bool(tenant and tenant.self_approve)


def submit(*, session: Session, actor: Actor, article_id: int) -> Article:
    """Draft or rejected → submitted (the author or an admin). ReviewPending while flags are open."""
    article = review.owned_article(session, actor, article_id)
    if article.review_status not in ("draft", "rejected"):
        raise LifecycleError(f"「{STATUS_LABELS.get(article.review_status, '')}」の記事は承認依頼できません。")
    if article.status not in ("done", "truncated"):
        raise LifecycleError("作成が完了していない記事は承認依頼できません。")
    if is_sold(session, article):
        raise LifecycleError(SOLD_SUBMIT)
    review.require_reviewed(session=session, actor=actor, article_id=article_id)
    article.review_status, article.review_comment = "submitted", ""
    article.submitted_by, article.submitted_at = actor.user_id, utcnow()
    article.updated_at = utcnow()
    session.add(article)
    _audit(session, actor, article, "article_submitted")
    session.commit()
    return article


def _approvable(session: Session, actor: Actor, article_id: int) -> Article:
    """The article when the actor may approve it now. AccessDenied (not the actor's to approve, or
    not found), else LifecycleError / ReviewPending naming the article as staff know it."""
    article = review.owned_article(session, actor, article_id)
    if not may_approve(session, actor, article):
        raise AccessDenied("この記事を承認する権限がありません（店舗の設定で、承認は店舗管理者のみです）。")
    name = article_name(session, article)
    if article.review_status not in ("draft", "submitted"):
        label = STATUS_LABELS.get(article.review_status, article.review_status)
        raise LifecycleError(f"{name} の記事は「{label}」のため承認できません。")
    if article.status not in ("done", "truncated"):
        raise LifecycleError(f"{name} の記事は作成が完了していません。")
    if is_sold(session, article):
        raise LifecycleError(f"{name}: {SOLD_APPROVE}")
    try:
        review.require_reviewed(session=session, actor=actor, article_id=article_id)
    except review.ReviewPending as exc:
        raise review.ReviewPending(f"{name}: {exc.message}") from None
    return article


def _mark_approved(session: Session, actor: Actor, articles: list[Article]) -> None:
    now = utcnow()
    for article in articles:
        article.review_status, article.approved_by, article.approved_at = "approved", actor.user_id, now
        article.updated_at = now
        session.add(article)
        _audit(session, actor, article, "article_approved")
    session.commit()


def approve(*, session: Session, actor: Actor, article_ids: Iterable[int]) -> list[Article]:
    """Draft or submitted → approved, for each id; all or nothing. AccessDenied when the actor may
    not approve one of them (staff without the shop's permission, another tenant's article),
    ReviewPending when one still has open flags, LifecycleError for a wrong status or a sold piece;
    the messages name the article by brand, reference and 管理番号."""
    require_role(actor, STAFF, ADMIN)
    approved = [_approvable(session, actor, article_id) for article_id in dict.fromkeys(article_ids)]
    _mark_approved(session, actor, approved)
    return approved


@dataclass(frozen=True)
class Approval:
    """A bulk approval's outcome: the articles approved and, for each one refused, why (its name
    first)."""

    approved: list[Article]
    refused: list[str]


def approve_selection(*, session: Session, actor: Actor, article_ids: Iterable[int]) -> Approval:
    """The bulk 承認する of /admin/articles: every article that can be approved is, the others are
    left as they are and reported by name (open flags, wrong status, sold piece). AccessDenied, with
    nothing approved, when one id is not the actor's to approve (a forged or another shop's id)."""
    require_role(actor, STAFF, ADMIN)
    approved: list[Article] = []
    refused: list[str] = []
    for article_id in dict.fromkeys(article_ids):
        try:
            approved.append(_approvable(session, actor, article_id))
        except UserFacingError as exc:
            refused.append(exc.message)
    _mark_approved(session, actor, approved)
    return Approval(approved, refused)


def reject(*, session: Session, actor: Actor, article_id: int, comment: str) -> Article:
    """Submitted → rejected with the reviewer's comment (shop admins only)."""
    require_role(actor, ADMIN)
    article = review.owned_article(session, actor, article_id)
    if article.review_status != "submitted":
        raise LifecycleError("承認待ちの記事だけを差し戻せます。")
    comment = comment.replace("\x00", "").strip()
    if not comment:
        raise LifecycleError("差し戻しの理由を書いてください。")
    article.review_status, article.review_comment = "rejected", comment[:MAX_COMMENT]
    article.updated_at = utcnow()
    session.add(article)
    _audit(session, actor, article, "article_rejected")
    session.commit()
    return article


def current_snapshot(session: Session, article: Article) -> dict[str, Any]:
    """The product row as it is now (the facts a new version is written from), or the article's
    own snapshot when the product is gone."""
    product = session.get(MasterProduct, article.product_id) if article.product_id else None
    if product is None or product.tenant_id != article.tenant_id:
        return dict(article.input_snapshot or {})
    return snapshot_of(product)


def new_version(session: Session, actor: Actor, article: Article) -> Article:
    """A draft copy of a frozen article (version + 1) that takes the edit, written from the product's
    facts as they are now (a price changed since approval is the new price); the caller commits and
    the review flags are recomputed against those facts."""
    copy = Article(
        tenant_id=article.tenant_id,
        user_id=int(actor.user_id or article.user_id),
        product_id=article.product_id,
        input_snapshot=current_snapshot(session, article),
        options=dict(article.options or {}),
        title=article.title,
        catch_copy=article.catch_copy,
        body=article.body,
        body_en=article.body_en,
        model=article.model,
        response_model=article.response_model,
        effort=article.effort,
        prompt_version=article.prompt_version,
        prompt_sha256=article.prompt_sha256,
        profile_version=article.profile_version,
        raw_text=article.raw_text,
        status=article.status,
        quota_month=article.quota_month,
        acknowledged=list(article.acknowledged or []),
        version=article.version + 1,
        parent_id=article.id,
        finished_at=article.finished_at,
    )
    session.add(copy)
    session.flush()
    _audit(session, actor, copy, "article_new_version", parent=article.id)
    return copy


@dataclass(frozen=True)
class VersionView:
    id: int
    version: int
    status: str
    author: str
    approved_by: str
    created_at: datetime
    title: str
    body: str


def versions(*, session: Session, actor: Actor, article_id: int) -> list[VersionView]:
    """The article's versions, newest first, each with who wrote and who approved it."""
    article = review.owned_article(session, actor, article_id)
    chain: list[Article] = [article]
    while chain[-1].parent_id is not None:
        parent = session.get(Article, chain[-1].parent_id)
        if parent is None or parent.tenant_id != article.tenant_id:
            break
        chain.append(parent)
    names = {
        u.id: u.display_name or u.email for u in session.exec(select(User).where(User.tenant_id == article.tenant_id))
    }
    return [
        VersionView(
            id=int(a.id or 0),
            version=a.version,
            status=STATUS_LABELS.get(a.review_status, a.review_status),
            author=names.get(a.user_id, ""),
            approved_by=names.get(a.approved_by, "") if a.approved_by else "",
            created_at=a.created_at,
            title=a.title,
            body=a.body,
        )
        for a in chain
    ]


def diff_lines(old: str, new: str) -> list[tuple[str, str]]:
    """Line diff of two texts for the versions view: [("-"|"+"|" ", line)] (difflib.ndiff)."""
    lines: list[tuple[str, str]] = []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        if line.startswith("? "):
            continue
        lines.append((line[:1], line[2:]))
    return lines


# What 要更新 compares: the snapshot's facts against the product row now.
_TRACKED = ("price_jpy", "price_tax", "name")


def stale_changes(snapshot: dict[str, Any], product: MasterProduct | None) -> list[dict[str, str]]:
    """[{field, old, new}] for each fact that changed since the article was written; [] when none
    (or when the product was deleted: nothing to compare with)."""
    if product is None:
        return []
    changes: list[dict[str, str]] = []
    labels = {"price_jpy": "価格", "price_tax": "税区分", "name": "商品名"}
    for name in _TRACKED:
        old, new = snapshot.get(name), getattr(product, name)
        if name == "price_tax" and old is None:
            continue  # written before the tax basis was stored
        if old != new:
            changes.append({"field": labels[name], "old": _shown(old, name), "new": _shown(new, name)})
    old_specs = {str(k): str(v) for k, v in (snapshot.get("specs") or {}).items()}
    new_specs = {str(k): str(v) for k, v in (product.specs or {}).items() if str(k) in old_specs or str(v).strip()}
    new_specs = public_specs(new_specs)
    for label in [k for k in old_specs if k not in new_specs]:  # 状態 then, 状態ランク now: one fact
        alias = same_fact_label(label, new_specs)
        if alias is not None and alias not in old_specs:
            old_specs[alias] = old_specs.pop(label)
    for label in sorted(set(old_specs) | set(new_specs)):
        if old_specs.get(label, "") != new_specs.get(label, ""):
            changes.append({"field": label, "old": old_specs.get(label, "—"), "new": new_specs.get(label, "—")})
    return changes


def changes_text(changes: list[dict[str, str]]) -> str:
    """stale_changes as one line: 「状態ランク A → B、付属品 箱・保証書 → 箱のみ」."""
    return "、".join(f"{c['field']} {c['old']} → {c['new']}" for c in changes)


def _shown(value: Any, field: str = "") -> str:
    if isinstance(value, int):
        return f"{value:,}円" if field == "price_jpy" else f"{value:,}"
    return "—" if value in (None, "") else str(value)


def stale_articles(*, session: Session, actor: Actor, limit: int = 500) -> list[tuple[Article, list[dict[str, str]]]]:
    """Approved and exported articles (newest versions only) whose product changed since (admins)."""
    require_role(actor, ADMIN)
    rows = session.exec(
        select(Article, MasterProduct)
        .join(MasterProduct, col(MasterProduct.id) == col(Article.product_id))
        .where(Article.tenant_id == actor.tenant_id, col(Article.review_status).in_(FROZEN))
        .order_by(col(Article.created_at).desc())
        .limit(limit)
    ).all()
    superseded = set(
        session.exec(
            select(Article.parent_id).where(Article.tenant_id == actor.tenant_id, col(Article.parent_id).is_not(None))
        ).all()
    )
    found: list[tuple[Article, list[dict[str, str]]]] = []
    for article, product in rows:
        if article.id in superseded:
            continue
        changes = stale_changes(article.input_snapshot or {}, product)
        if changes:
            found.append((article, changes))
    return found


def approver_setting(*, session: Session, actor: Actor) -> bool:
    """The shop's self-approval setting (shop admins)."""
    require_role(actor, ADMIN)
    tenant = session.get(Tenant, actor.tenant_id)
    return bool(tenant and tenant.self_approve)


def set_self_approve(*, session: Session, actor: Actor, allowed: bool) -> None:
    """The shop admin's setting: may staff approve their own articles?"""
    require_role(actor, ADMIN)
    tenant = session.get(Tenant, actor.tenant_id)
    if tenant is None:
        raise AccessDenied("この操作を行う権限がありません。")
    tenant.self_approve = bool(allowed)
    tenant.updated_at = utcnow()
    session.add(tenant)
    audit.record(
        session=session,
        action="self_approve_set",
        tenant_id=tenant.id,
        user_id=actor.user_id,
        detail={"allowed": bool(allowed)},
    )
    session.commit()
