"""The review gate: every flag on an article is edited away or ticked 確認済み before it leaves.

Flags come from the deterministic grounding check and the advertising-law check, over the title,
catch copy, body and English text. A tick is per flagged term, records who and when on the article
and in the audit log, and stays valid while that term is still in the text.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from sqlmodel import Session

from horologen.errors import UserFacingError
from horologen.models import Article, utcnow
from horologen.services.accounts.access import ADMIN, STAFF, AccessDenied, Actor, require_role
from horologen.services.articles import compliance, grounding
from horologen.services.articles.grounding import Flag
from horologen.services.articles.profile import ProfileData, profile_for_tenant
from horologen.services.operations import audit


class ReviewPending(UserFacingError, PermissionError):
    """The article still has open flags; the message says how many."""


class FlagGone(UserFacingError, ValueError):
    """The flag ticked is not on the article any more (edited away, or another tab); the message
    says to reload."""


def article_text(title: str, catch_copy: str, body: str, body_en: str = "") -> str:
    return "\n".join(part for part in (title, catch_copy, body, body_en) if part)


def flags_for(text: str, snapshot: dict[str, Any], notes: str, profile: ProfileData) -> list[Flag]:
    """Advertising-law and banned-word flags first, then what the data does not carry; one flag
    per term. A fact flag inside an advertising claim's words (the comparison price of a 二重価格)
    is that claim's, and fact flags a few characters apart (パワーリザーブは約46時間) are one claim."""
    legal = compliance.check(text, profile, snapshot)
    facts = [f for f in grounding.check(text, snapshot, notes, profile) if not any(f.term in a.term for a in legal)]
    flags: list[Flag] = []
    for flag in [*legal, *_joined(text, facts)]:
        if flag.term not in {f.term for f in flags}:
            flags.append(flag)
    return flags


def _joined(text: str, facts: list[Flag]) -> list[Flag]:
    """Fact flags whose words stand at most JOIN_GAP characters apart in one sentence, as one flag
    spanning them (the first flag's kind and reason)."""
    normal = unicodedata.normalize("NFKC", text)
    placed = sorted(((normal.find(f.term), f) for f in facts if f.term in normal), key=lambda item: item[0])
    out: list[Flag] = [f for f in facts if f.term not in normal]
    current: tuple[int, int, Flag] | None = None
    for start, flag in placed:
        end = start + len(flag.term)
        gap = normal[current[1] : start] if current else ""
        if current and start - current[1] <= JOIN_GAP and not any(ch in gap for ch in "。！？!?\n、,"):
            current = (current[0], max(end, current[1]), current[2])
            continue
        if current:
            out.append(_spanning(normal, current))
        current = (start, end, flag)
    if current:
        out.append(_spanning(normal, current))
    return out


JOIN_GAP = 3


def _spanning(normal: str, placed: tuple[int, int, Flag]) -> Flag:
    start, end, flag = placed
    return Flag(normal[start:end], flag.kind, flag.reason, flag.suggestion)


def open_flags(flags: list[dict[str, Any]], acknowledged: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The flags nobody has ticked 確認済み."""
    ticked = {str(a.get("term", "")) for a in acknowledged}
    return [f for f in flags if str(f.get("term", "")) not in ticked]


def owned_article(session: Session, actor: Actor, article_id: int) -> Article:
    """The article when the actor may see it: staff their own, a shop admin the shop's, the system
    actor (the bulk worker, ops scripts) any. Another tenant's id is answered like a missing one."""
    require_role(actor, STAFF, ADMIN)
    article = session.get(Article, article_id)
    if article is None:
        raise AccessDenied("記事が見つかりません。")
    if actor.is_system:
        return article
    if article.tenant_id != actor.tenant_id or (actor.role != ADMIN and article.user_id != actor.user_id):
        raise AccessDenied("記事が見つかりません。")
    return article


def recheck(session: Session, article: Article) -> None:
    """Recompute the article's flags from its stored text (the caller commits)."""
    profile = profile_for_tenant(session=session, tenant_id=article.tenant_id, version=article.profile_version)
    notes = str((article.options or {}).get("notes", ""))
    text = article_text(article.title, article.catch_copy, article.body, article.body_en)
    flags = flags_for(text, article.input_snapshot or {}, notes, profile)
    article.flags = [f.as_json() for f in flags]
    article.ungrounded_terms = [f.term for f in flags]
    present = {f.term for f in flags}
    article.acknowledged = [a for a in (article.acknowledged or []) if a.get("term") in present]


def acknowledge(
    *, session: Session, actor: Actor, article_id: int, term: str, client_address: str = ""
) -> list[dict[str, Any]]:
    """Tick one flagged term 確認済み (staff on their own articles, admins on the shop's); audited.
    Returns the article's acknowledgements. AccessDenied for another tenant's or staff member's
    article, FlagGone (a ValueError) when the term is not a current flag."""
    article = owned_article(session, actor, article_id)
    if term not in {str(f.get("term", "")) for f in article.flags or []}:
        raise FlagGone("この要確認項目は見つかりません。画面を読み込み直してください。")
    acknowledged = [a for a in (article.acknowledged or []) if a.get("term") != term]
    acknowledged.append({"term": term, "user_id": actor.user_id, "at": utcnow().isoformat()})
    article.acknowledged = acknowledged
    article.updated_at = utcnow()
    session.add(article)
    audit.record(
        session=session,
        action="flag_acknowledged",
        tenant_id=article.tenant_id,
        user_id=actor.user_id,
        target=f"article {article.id}",
        client_address=client_address,
        detail={"term": term[:100]},
    )
    session.commit()
    return list(article.acknowledged)


def require_reviewed(*, session: Session, actor: Actor, article_id: int) -> None:
    """ReviewPending while the stored article has open flags (for approval and export)."""
    article = owned_article(session, actor, article_id)
    remaining = open_flags(list(article.flags or []), list(article.acknowledged or []))
    if remaining:
        raise ReviewPending(f"要確認が {len(remaining)} 件残っています。修正するか「確認済み」にしてください。")
