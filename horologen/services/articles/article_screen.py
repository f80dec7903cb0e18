"""The article workspace as one typed value (issue 24): everything the panel under a product shows,
built by one call — the product's side (its articles, this month's quota, whether articles can be
written here) and the open article: its review flags with their state, each channel's fields with
lengths and problems, the texts the copy buttons copy, the diff from the version before, the claim
check, and the lifecycle actions allowed. The editor's unsaved text (`Edits`) is shown as typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlmodel import Session

from horologen.services.accounts.access import ADMIN, STAFF, Actor, require_role
from horologen.services.articles import channels, generation, library, lifecycle, review, withdrawals
from horologen.services.articles.channels import ArticleContent
from horologen.services.articles.grounding import highlight_html
from horologen.services.operations import quota
from horologen.timezones import to_tokyo

FLAG_KINDS = {
    "number": "数値",
    "price": "価格",
    "reference": "型番",
    "spec": "仕様",
    "accessory": "付属品",
    "origin": "流通経路",
    "warranty": "保証",
    "service": "整備",
    "condition": "状態",
    "ad": "広告表現",
    "banned": "使わない言葉",
}
CLAIM_LABELS = {"supported": "裏付けあり", "not_in_data": "データにない", "contradicts": "データと矛盾"}
GENERATION_LABELS = {"done": "完了", "truncated": "途中まで（下書き）", "failed": "失敗", "cancelled": "中止"}
HISTORY_LIMIT = 10
# What the 要確認 box says above its rows, by where the article stands.
FLAGS_OPEN_NOTE = (
    "要確認: データにない事実や、広告として注意が必要な表現があります。本文を直すか、"
    "内容を確かめたうえで「確認済み」にしてください。すべて済むまでコピーできません。"
)
FLAGS_DONE_NOTE = "要確認はすべて確認済みです。コピー・承認の依頼ができます。"
FLAGS_APPROVED_NOTE = "この記事は承認済みです。要確認は承認の時点ですべて確認済みでした。"
# The back link of an article's own page (/admin/articles/<id>): to the screen the role can use.
BACK_TO_ARTICLES = ("/admin/articles", "← 記事の管理に戻る")
BACK_TO_SEARCH = ("/staff/search", "← 商品検索に戻る")
BACK_TO_PRODUCT = "← 商品の画面に戻る"


@dataclass(frozen=True)
class Edits:
    """The editor's title, catch copy and body as staff typed them (not saved yet)."""

    title: str
    catch_copy: str
    body: str


@dataclass(frozen=True)
class HistoryItem:
    """One article in a list (the product's articles, the staff member's recent ones)."""

    id: int
    product_id: int
    title: str
    when: str  # MM/DD HH:MM, Tokyo
    reference: str
    tone: str
    status: str  # the generation's status when it did not simply finish ('' for done)
    review: str  # 下書き・版1 …


@dataclass(frozen=True)
class Workspace:
    """The product's side of the panel."""

    product_id: int = 0
    history: tuple[HistoryItem, ...] = ()
    quota_label: str = ""
    unavailable: str = ""  # why articles cannot be written on this server, shown before anyone tries


@dataclass(frozen=True)
class FlagRow:
    """One 要確認 on the text as it stands; `acked` once someone ticked it 確認済み."""

    term: str
    kind: str
    kind_label: str
    reason: str
    suggestion: str
    acked: bool


@dataclass(frozen=True)
class OutputRow:
    """One field of the chosen channel, measured against the platform's limit."""

    key: str
    label: str
    value: str
    kind: str  # text | html
    length_label: str  # 120 / 255 バイト
    over: bool
    problems: str


@dataclass(frozen=True)
class DiffLine:
    """One line of the diff from the version before."""

    mark: str  # + | - | " "
    line: str


@dataclass(frozen=True)
class ClaimRow:
    """One sentence the claim check judged against the product data."""

    sentence: str
    claim: str
    status: str  # supported | not_in_data | contradicts
    field: str
    label: str


@dataclass(frozen=True)
class RiskRow:
    """One sentence the claim check found risky as advertising (informs, never gates)."""

    sentence: str
    category: str
    label: str
    reason: str


@dataclass(frozen=True)
class ClaimsPanel:
    """The second model's sentence-by-sentence check (informs, never gates)."""

    status: str = ""  # "" (not run) | ok | failed | skipped
    claims: tuple[ClaimRow, ...] = ()
    risks: tuple[RiskRow, ...] = ()


@dataclass(frozen=True)
class Actions:
    """The lifecycle steps the page offers for the article as it stands."""

    submit: bool = False  # 承認を依頼: a draft or a rejected article
    approve: bool = False  # 承認する: the actor may approve, and it is a draft or submitted
    reject: bool = False  # 差し戻す: it was submitted
    pending: bool = False  # on its way to approval (draft or submitted)
    frozen: bool = False  # approved or exported: saving an edit makes a new version


@dataclass(frozen=True)
class OpenArticle:
    """The article open in the editor (id 0: none)."""

    id: int = 0
    product_label: str = ""  # brand and reference, the heading of the article's own page
    title: str = ""
    catch_copy: str = ""
    body: str = ""
    body_en: str = ""
    channel: str = "own_site"  # the channel the outputs are for
    flags: tuple[FlagRow, ...] = ()
    open_flags: int = 0
    review_html: str = ""  # the text with each open flag's words marked
    outputs: tuple[OutputRow, ...] = ()
    any_over: bool = False
    html_copy: bool = False  # the channel has an HTML field to copy
    copy_html: str = ""  # '' while a flag is open: nothing leaves before review
    copy_text: str = ""
    kobutsu_missing: bool = False
    sold_note: str = ""  # the product is sold: an approved article's copy buttons say 取り下げ要
    stale_note: str = ""  # approved, and the product's facts changed since: 要更新, nothing copied
    copy_closed: bool = False  # nothing may be copied: a flag is open, or a sold piece's draft
    review_status: str = "draft"
    review_label: str = ""
    review_comment: str = ""
    version: int = 1
    cost: str = ""  # this article's model cost (約 N 円)
    diff: tuple[DiffLine, ...] = ()  # this version against the one before it
    actions: Actions = field(default_factory=Actions)
    flags_note: str = ""  # the 要確認 box's first line, for the article as it stands
    back_url: str = "/"  # the article's own page: back to a screen the actor's role can use
    back_label: str = "← 戻る"


@dataclass(frozen=True)
class ArticleScreen:
    """Everything the article workspace shows."""

    workspace: Workspace = field(default_factory=Workspace)
    article: OpenArticle = field(default_factory=OpenArticle)
    claims: ClaimsPanel = field(default_factory=ClaimsPanel)


def history_item(view: library.ArticleView) -> HistoryItem:
    """An article as a line of a list."""
    return HistoryItem(
        id=view.id,
        product_id=int(view.product_id or 0),
        title=view.title or "（無題）",
        when=to_tokyo(view.created_at).strftime("%m/%d %H:%M"),
        reference=view.reference,
        tone=str(view.options.get("tone", "")),
        status=GENERATION_LABELS.get(view.status, view.status) if view.status != "done" else "",
        review=lifecycle.STATUS_LABELS.get(view.review_status, view.review_status) + f"・版{view.version}",
    )


def recent_articles(*, session: Session, actor: Actor) -> list[HistoryItem]:
    """The actor's own latest articles across products (those still tied to a product)."""
    views = library.list_articles(session=session, actor=actor, limit=HISTORY_LIMIT)
    return [history_item(v) for v in views if v.product_id]


def claims_panel(status: str, claims: list[dict[str, Any]], risks: list[dict[str, Any]] | None = None) -> ClaimsPanel:
    """The claim check's outcome (as stored on the article) as rows."""
    rows = tuple(
        ClaimRow(
            sentence=str(c.get("sentence", "")),
            claim=str(c.get("claim", "")),
            status=str(c.get("status", "")),
            field=str(c.get("field", "")),
            label=CLAIM_LABELS.get(str(c.get("status")), ""),
        )
        for c in claims
    )
    found = tuple(
        RiskRow(
            str(r.get("sentence", "")), str(r.get("category", "")), str(r.get("label", "")), str(r.get("reason", ""))
        )
        for r in risks or []
    )
    return ClaimsPanel(status=status, claims=rows, risks=found)


def edited_content(*, session: Session, actor: Actor, article_id: int, edits: Edits | None) -> ArticleContent:
    """The article (checked for the actor) with the shop's current profile and the editor's text
    (`edits`; None: as stored). AccessDenied for an article the actor may not see."""
    return _content(session, library.get_article(session=session, actor=actor, article_id=article_id), edits)


def _content(session: Session, view: library.ArticleView, edits: Edits | None) -> ArticleContent:
    content = library.content_of(session=session, view=view)
    if edits is None:
        return content
    return replace(content, title=edits.title, catch_copy=edits.catch_copy, body=edits.body)


def _workspace(session: Session, actor: Actor, product_id: int) -> Workspace:
    history = (
        library.list_articles(session=session, actor=actor, product_id=product_id, limit=HISTORY_LIMIT, all_users=True)
        if product_id
        else []
    )
    return Workspace(
        product_id=product_id,
        history=tuple(history_item(v) for v in history),
        quota_label=quota.status(session=session, tenant_id=int(actor.tenant_id or 0)).label,
        unavailable=generation.unavailable_reason(session=session, actor=actor, product_id=product_id),
    )


def _flags(view: library.ArticleView, content: ArticleContent) -> tuple[FlagRow, ...]:
    """The review flags of the text as it stands (recomputed as staff edit)."""
    text = review.article_text(content.title, content.catch_copy, content.body, content.body_en)
    acknowledged = {str(a.get("term", "")) for a in view.acknowledged}
    return tuple(
        FlagRow(f.term, f.kind, FLAG_KINDS.get(f.kind, f.kind), f.reason, f.suggestion, f.term in acknowledged)
        for f in review.flags_for(text, content.snapshot, view.notes, content.profile)
    )


def _actions(session: Session, actor: Actor, status: str, sold: bool) -> Actions:
    """A sold piece's article is withdrawn, never submitted or approved (lifecycle refuses it too)."""
    approver = lifecycle.approver(session=session, actor=actor)
    return Actions(
        submit=status in ("draft", "rejected") and not sold,
        approve=approver and status in ("draft", "submitted") and not sold,
        reject=status == "submitted",
        pending=status in ("draft", "submitted"),
        frozen=status not in ("draft", "submitted", "rejected"),  # approved or exported
    )


def flags_note(open_flags: int, review_status: str) -> str:
    """Open flags gate copying; once all are ticked, an approved (or exported) article is past the
    gate, so its box says they were confirmed at approval rather than asking for approval."""
    if open_flags:
        return FLAGS_OPEN_NOTE
    return FLAGS_APPROVED_NOTE if review_status in lifecycle.FROZEN else FLAGS_DONE_NOTE


def back_link(actor: Actor, view: library.ArticleView) -> tuple[str, str]:
    """A shop admin goes back to 記事の管理; staff (who cannot use it) to the article's product with
    the article open, or to the search for an article no longer tied to a product."""
    if actor.role == ADMIN:
        return BACK_TO_ARTICLES
    if view.product_id:
        return f"/staff/products/{int(view.product_id)}?article={int(view.id)}", BACK_TO_PRODUCT
    return BACK_TO_SEARCH


def _open_article(session: Session, actor: Actor, view: library.ArticleView, edits: Edits | None,
                  channel: str) -> OpenArticle:  # fmt: skip
    content = _content(session, view, edits)
    flags = _flags(view, content)
    open_terms = [f.term for f in flags if not f.acked]
    output = channels.render(content, channel or content.channel)
    sold = library.sale_state_of(session=session, view=view) == "sold"
    # A sold piece's article that was never published is no ad to withdraw: it may not leave at all.
    sold_draft = sold and view.review_status not in withdrawals.FROZEN
    published = view.review_status in lifecycle.FROZEN and not sold  # a sold piece's says 取り下げ要 instead
    stale = library.stale_note(session=session, view=view) if published else ""
    closed = bool(open_terms) or sold_draft or bool(stale)
    copy_html, copy_text = channels.copy_texts(content, output) if not closed else ("", "")
    older = library.previous_version(session=session, view=view)
    texts = (content.title, content.catch_copy, content.body, content.body_en)
    back, back_label = back_link(actor, view)
    return OpenArticle(
        id=view.id,
        product_label=f"{view.brand} {view.reference}",
        title=content.title,
        catch_copy=content.catch_copy,
        body=content.body,
        body_en=content.body_en,
        channel=output.channel,
        flags=flags,
        open_flags=len(open_terms),
        review_html=highlight_html("\n\n".join(p for p in texts if p), open_terms) if open_terms else "",
        outputs=tuple(
            OutputRow(f.key, f.label, f.value, f.kind, f.length_label, f.over, " ".join(f.problems))
            for f in output.fields
        ),
        any_over=any(f.over for f in output.fields),
        html_copy=output.channel in channels.HTML_FIELDS,
        copy_html=copy_html,
        copy_text=copy_text,
        kobutsu_missing=not content.profile.kobutsu_line,
        sold_note=(withdrawals.SOLD_DRAFT if sold_draft else withdrawals.NEEDS_WITHDRAWAL) if sold else "",
        stale_note=stale,
        copy_closed=closed,
        review_status=view.review_status,
        review_label=lifecycle.STATUS_LABELS.get(view.review_status, view.review_status),
        review_comment=view.review_comment,
        version=view.version,
        cost=view.cost_label,
        diff=tuple(DiffLine(m, line) for m, line in lifecycle.diff_lines(older, f"{view.title}\n{view.body}"))
        if older is not None
        else (),
        actions=_actions(session, actor, view.review_status, sold),
        flags_note=flags_note(len(open_terms), view.review_status),
        back_url=back,
        back_label=back_label,
    )


def article_screen(
    *, session: Session, actor: Actor, product_id: int = 0, article_id: int = 0, edits: Edits | None = None,
    channel: str = "",
) -> ArticleScreen:  # fmt: skip
    """The workspace for `product_id` (0: the open article's product) and, when `article_id` is
    given, that article with `edits` (the editor's unsaved text; None: as stored) rendered for
    `channel` ('': the article's own; unknown: the own site). Staff see their own articles, a shop
    admin the shop's; AccessDenied for any other article."""
    require_role(actor, STAFF, ADMIN)
    view = library.get_article(session=session, actor=actor, article_id=article_id) if article_id else None
    workspace = _workspace(session, actor, product_id or (int(view.product_id or 0) if view else 0))
    if view is None:
        return ArticleScreen(workspace)
    return ArticleScreen(
        workspace,
        _open_article(session, actor, view, edits, channel),
        claims_panel(view.claim_status, view.claims, view.claim_risks),
    )
