"""The shop profile: who the shop is and how it writes, versioned per tenant.

Every save adds a version; the highest is current and articles keep the version they used.
The 古物商 display is what 古物営業法 第12条 and 施行規則 第11条 require a shop selling
second-hand goods online to show: its name, the 公安委員会 that licensed it and the licence number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from horologen import config
from horologen.errors import UserFacingError
from horologen.models import Article, BulkJob, ShopProfile, Tenant, utcnow
from horologen.services.accounts.access import ADMIN, STAFF, AccessDenied, Actor, require_role, require_tenant
from horologen.services.operations import audit

# A sensible legend for the ranks most Japanese watch dealers use; each shop edits its own.
DEFAULT_RANK_LEGEND: dict[str, str] = {
    "N": "新品。未使用で、メーカー出荷時の状態です。",
    "S": "未使用品。一度も使用していない、新品同様の状態です。",
    "SA": "ほとんど使用感のない、極めて状態の良い中古品です。",
    "A": "使用感の少ない、状態の良い中古品です。細かな小傷がある場合があります。",
    "AB": "多少の使用感や小傷がある、一般的な中古品です。",
    "B": "使用感や目立つ傷がある中古品です。",
    "C": "大きな傷や汚れ、難がある中古品です。",
}
UNMARKED_TAX_CHOICES = {"included": "税込として扱う", "excluded": "税抜として扱う"}
MAX_TEXT = config.PROFILE_MAX_TEXT
MAX_EXAMPLE = config.PROFILE_MAX_EXAMPLE
MAX_EXAMPLES = config.PROFILE_MAX_EXAMPLES
MAX_WORDS = config.PROFILE_MAX_WORDS
MAX_WORD = config.PROFILE_MAX_WORD
MAX_RANKS = config.PROFILE_MAX_RANKS


class ProfileInputError(UserFacingError, ValueError):
    """The form cannot be saved as is; the message says which field and why."""


@dataclass(frozen=True)
class ProfileData:
    """A profile's content; `version` 0 is the built-in default of a shop that never saved one."""

    shop_name: str = ""
    kobutsu_name: str = ""
    kobutsu_commission: str = ""
    kobutsu_number: str = ""
    rank_legend: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_RANK_LEGEND))
    warranty: str = ""
    returns: str = ""
    contact: str = ""
    banned_words: tuple[str, ...] = ()
    required_phrases: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    unmarked_price_tax: str = "included"
    version: int = 0
    # Ranking / first / only claims the shop can back (issue 26): {"claim", "source", "surveyed"}.
    substantiated_claims: tuple[dict[str, str], ...] = ()

    @property
    def kobutsu_line(self) -> str:
        """「株式会社銀座時計　東京都公安委員会 古物商許可 第301234567890号」, or '' until the
        commission and number are filled in (the name falls back to the shop name)."""
        if not (self.kobutsu_commission and self.kobutsu_number):
            return ""
        number = f"第{_licence_digits(self.kobutsu_number)}号"
        name = self.kobutsu_name or self.shop_name
        return (f"{name}　" if name else "") + f"{self.kobutsu_commission} 古物商許可 {number}"

    def as_dict(self) -> dict[str, Any]:
        """Plain values (lists for tuples), for keeping in a page's state."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> ProfileData:
        """The inverse of as_dict; unknown keys are ignored."""
        known = {f.name for f in fields(cls)}
        cleaned: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items() if k in known}
        return cls(**cleaned)

    def rank_definition(self, rank: str) -> str:
        """The shop's definition of a 状態ランク written as in the catalogue (`中古A`, `A`, `ＳＡ`)."""
        key = unicodedata.normalize("NFKC", rank).strip().upper()
        for prefix in ("中古", "ランク", "RANK"):
            key = key.removeprefix(prefix).strip()
        key = key.removesuffix("ランク").strip()
        return self.rank_legend.get(key, "")


def _licence_digits(number: str) -> str:
    """`第３０１２３４５６７８９０号` / `301-2345-67890` → the digits only."""
    text = unicodedata.normalize("NFKC", number).strip().removeprefix("第").removesuffix("号")
    return re.sub(r"[\s\-]", "", text)


# A saved profile's columns that make its ProfileData (generation_sql reads them as plain values).
PROFILE_COLUMNS = (
    "shop_name", "kobutsu_name", "kobutsu_commission", "kobutsu_number", "rank_legend", "warranty", "returns",
    "contact", "banned_words", "required_phrases", "examples", "unmarked_price_tax", "version",
    "substantiated_claims",
)  # fmt: skip


def from_columns(row: dict[str, Any]) -> ProfileData:
    """A saved profile's PROFILE_COLUMNS values (column → value) as ProfileData."""
    return ProfileData(
        shop_name=row["shop_name"],
        kobutsu_name=row["kobutsu_name"],
        kobutsu_commission=row["kobutsu_commission"],
        kobutsu_number=row["kobutsu_number"],
        rank_legend={str(k): str(v) for k, v in (row["rank_legend"] or {}).items()},
        warranty=row["warranty"],
        returns=row["returns"],
        contact=row["contact"],
        banned_words=tuple(row["banned_words"] or ()),
        required_phrases=tuple(row["required_phrases"] or ()),
        examples=tuple(row["examples"] or ()),
        unmarked_price_tax=row["unmarked_price_tax"],
        version=row["version"],
        substantiated_claims=tuple(
            {k: str(v) for k, v in claim.items()}
            for claim in (row["substantiated_claims"] or [])
            if isinstance(claim, dict)
        ),
    )


def _from_row(row: ShopProfile) -> ProfileData:
    return from_columns({name: getattr(row, name) for name in PROFILE_COLUMNS})


def _default_for(session: Session, tenant_id: int) -> ProfileData:
    tenant = session.get(Tenant, tenant_id)
    return ProfileData(shop_name=tenant.name if tenant else "")


def profile_for_tenant(*, session: Session, tenant_id: int, version: int | None = None) -> ProfileData:
    """The tenant's current profile (or the given version); the default when none was saved.

    Internal: callers have already checked the actor against `tenant_id`."""
    statement = select(ShopProfile).where(ShopProfile.tenant_id == tenant_id)
    if version is not None:
        statement = statement.where(ShopProfile.version == version)
    row = session.exec(statement.order_by(col(ShopProfile.version).desc()).limit(1)).first()
    return _from_row(row) if row is not None else _default_for(session, tenant_id)


def get_profile(*, session: Session, actor: Actor) -> ProfileData:
    """The actor's shop's current profile (staff may read it: it shapes their articles)."""
    require_role(actor, STAFF, ADMIN)
    if actor.tenant_id is None:
        raise AccessDenied("この操作を行う権限がありません。")
    return profile_for_tenant(session=session, tenant_id=actor.tenant_id)


def _text(form: dict[str, Any], name: str, label: str, limit: int = MAX_TEXT) -> str:
    value = str(form.get(name) or "").replace("\x00", "").strip()
    if len(value) > limit:
        raise ProfileInputError(f"{label}が長すぎます（{limit:,} 文字まで）。")
    return value


def _lines(form: dict[str, Any], name: str, label: str) -> tuple[str, ...]:
    """One entry per line (、 and , also separate words); blanks and repeats dropped."""
    raw = str(form.get(name) or "").replace("\x00", "")
    items: list[str] = []
    for line in raw.replace("、", "\n").replace(",", "\n").splitlines():
        item = line.strip()
        if item and item not in items:
            if len(item) > MAX_WORD:
                raise ProfileInputError(f"{label}の「{item[:10]}…」が長すぎます（1 つ {MAX_WORD} 文字まで）。")
            items.append(item)
    if len(items) > MAX_WORDS:
        raise ProfileInputError(f"{label}が多すぎます（{MAX_WORDS} 個まで）。")
    return tuple(items)


def _legend(form: dict[str, Any]) -> dict[str, str]:
    """`rank_legend` as lines `A: 使用感の少ない…`; an empty field keeps the default legend."""
    raw = str(form.get("rank_legend") or "").replace("\x00", "").strip()
    if not raw:
        return dict(DEFAULT_RANK_LEGEND)
    legend: dict[str, str] = {}
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        normal = unicodedata.normalize("NFKC", line)
        rank, sep, text = normal.partition(":")
        if not sep or not rank.strip() or not text.strip():
            raise ProfileInputError(f"状態ランクの {number} 行目は「A: 説明」の形で書いてください。")
        if len(rank.strip()) > config.PROFILE_MAX_RANK_NAME or len(text.strip()) > config.PROFILE_MAX_RANK_TEXT:
            raise ProfileInputError(
                f"状態ランクの {number} 行目が長すぎます（ランク {config.PROFILE_MAX_RANK_NAME} 文字、"
                f"説明 {config.PROFILE_MAX_RANK_TEXT} 文字まで）。"
            )
        legend[rank.strip().upper()] = text.strip()
        if len(legend) > MAX_RANKS:
            raise ProfileInputError(f"状態ランクが多すぎます（{MAX_RANKS} 個まで）。")
    return legend


def _claims(form: dict[str, Any]) -> tuple[dict[str, str], ...]:
    """`substantiated_claims` as lines 「表示 | 調査元 | 調査日」: each claim needs its source and date
    (消費者庁 No.1表示報告書 2024: an objective survey, current, with its basis shown)."""
    raw = str(form.get("substantiated_claims") or "").replace("\x00", "")
    claims: list[dict[str, str]] = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in unicodedata.normalize("NFKC", line).split("|")]
        if len(parts) != 3 or not all(parts):
            raise ProfileInputError(f"根拠のある表示の {number} 行目は「表示 | 調査元 | 調査日」の形で書いてください。")
        if any(len(p) > 200 for p in parts):
            raise ProfileInputError(f"根拠のある表示の {number} 行目が長すぎます（各 200 文字まで）。")
        claims.append({"claim": parts[0], "source": parts[1], "surveyed": parts[2]})
    if len(claims) > config.PROFILE_MAX_CLAIMS:
        raise ProfileInputError(f"根拠のある表示が多すぎます（{config.PROFILE_MAX_CLAIMS} 件まで）。")
    return tuple(claims)


def parse_form(form: dict[str, Any]) -> ProfileData:
    """The /admin/profile form (strings) → ProfileData; ProfileInputError names the bad field."""
    examples = tuple(
        text for i in range(1, MAX_EXAMPLES + 1) if (text := _text(form, f"example_{i}", f"記事例 {i}", MAX_EXAMPLE))
    )
    tax = str(form.get("unmarked_price_tax") or "included")
    if tax not in UNMARKED_TAX_CHOICES:
        raise ProfileInputError("価格の税区分の扱いを選んでください。")
    return ProfileData(
        shop_name=_text(form, "shop_name", "店名", 200),
        kobutsu_name=_text(form, "kobutsu_name", "古物商の氏名又は名称", 200),
        kobutsu_commission=_text(form, "kobutsu_commission", "公安委員会名", 100),
        kobutsu_number=_text(form, "kobutsu_number", "古物商許可番号", 40),
        rank_legend=_legend(form),
        warranty=_text(form, "warranty", "保証の文言"),
        returns=_text(form, "returns", "返品の文言"),
        contact=_text(form, "contact", "お問い合わせ・購入の案内"),
        banned_words=_lines(form, "banned_words", "使わない言葉"),
        required_phrases=_lines(form, "required_phrases", "必ず入れる言葉"),
        examples=examples,
        unmarked_price_tax=tax,
        substantiated_claims=_claims(form),
    )


def check_bounds(data: ProfileData) -> None:
    """Every field within config's PROFILE_* limits (the form's parser says the same, but a profile
    built elsewhere — a script, a forged event — passes here too). ProfileInputError names the field."""
    texts = {"店名": (data.shop_name, 200), "古物商の氏名又は名称": (data.kobutsu_name, 200),
             "公安委員会名": (data.kobutsu_commission, 100), "古物商許可番号": (data.kobutsu_number, 40),
             "保証の文言": (data.warranty, MAX_TEXT), "返品の文言": (data.returns, MAX_TEXT),
             "お問い合わせ・購入の案内": (data.contact, MAX_TEXT)}  # fmt: skip
    for label, (value, limit) in texts.items():
        if len(value) > limit or "\x00" in value:
            raise ProfileInputError(f"{label}が長すぎるか、使えない文字を含んでいます（{limit:,} 文字まで）。")
    if len(data.rank_legend) > MAX_RANKS:
        raise ProfileInputError(f"状態ランクが多すぎます（{MAX_RANKS} 個まで）。")
    if any(
        len(str(k)) > config.PROFILE_MAX_RANK_NAME or len(str(v)) > config.PROFILE_MAX_RANK_TEXT
        for k, v in data.rank_legend.items()
    ):
        raise ProfileInputError(
            f"状態ランクが長すぎます（ランク {config.PROFILE_MAX_RANK_NAME} 文字、"
            f"説明 {config.PROFILE_MAX_RANK_TEXT} 文字まで）。"
        )
    for label, words in (("使わない言葉", data.banned_words), ("必ず入れる言葉", data.required_phrases)):
        if len(words) > MAX_WORDS or any(len(w) > MAX_WORD for w in words):
            raise ProfileInputError(f"{label}は {MAX_WORDS} 個まで、1 つ {MAX_WORD} 文字までです。")
    if len(data.substantiated_claims) > config.PROFILE_MAX_CLAIMS:
        raise ProfileInputError(f"根拠のある表示が多すぎます（{config.PROFILE_MAX_CLAIMS} 件まで）。")
    if len(data.examples) > MAX_EXAMPLES or any(len(e) > MAX_EXAMPLE for e in data.examples):
        raise ProfileInputError(f"記事例は {MAX_EXAMPLES} つまで、1 つ {MAX_EXAMPLE:,} 文字までです。")


def prune_versions(*, session: Session, tenant_id: int, keep: int = config.PROFILE_VERSIONS_KEPT) -> int:
    """Delete the tenant's profile versions older than the newest `keep` that no article and no
    unfinished bulk job uses (the caller commits). Returns how many were deleted."""
    versions = list(session.exec(select(ShopProfile.version).where(ShopProfile.tenant_id == tenant_id)))
    old = sorted(versions)[:-keep] if len(versions) > keep else []
    if not old:
        return 0
    used = set(session.exec(select(Article.profile_version).where(Article.tenant_id == tenant_id).distinct()))
    jobs = session.exec(
        select(BulkJob.options).where(
            BulkJob.tenant_id == tenant_id, col(BulkJob.status).in_(("submitting", "processing"))
        )
    )
    used |= {int((options or {}).get("profile_version", 0)) for options in jobs}
    doomed = [v for v in old if v not in used]
    for row in session.exec(
        select(ShopProfile).where(ShopProfile.tenant_id == tenant_id, col(ShopProfile.version).in_(doomed))
    ):
        session.delete(row)
    return len(doomed)


def save_profile(*, session: Session, actor: Actor, data: ProfileData, client_address: str = "") -> ProfileData:
    """Store `data` as the next version of the actor's shop profile (shop admins only); audited.

    Raises AccessDenied for staff and other tenants, ProfileInputError for an incomplete 古物商
    display (both parts or neither)."""
    require_role(actor, ADMIN)
    if actor.tenant_id is None:
        raise AccessDenied("この操作を行う権限がありません。")
    require_tenant(actor, actor.tenant_id)
    if bool(data.kobutsu_commission) != bool(data.kobutsu_number):
        raise ProfileInputError("古物商の表示には公安委員会名と許可番号の両方を入れてください。")
    if data.kobutsu_number and not re.fullmatch(r"\d{12}", _licence_digits(data.kobutsu_number)):
        raise ProfileInputError("古物商許可番号は 12 桁の数字です（例: 第301234567890号 / 301234567890）。")
    if data.kobutsu_commission and not data.kobutsu_commission.endswith("公安委員会"):
        raise ProfileInputError("許可をした公安委員会は「東京都公安委員会」のように「…公安委員会」まで入れてください。")
    check_bounds(data)
    current = profile_for_tenant(session=session, tenant_id=actor.tenant_id)
    version = current.version + 1
    row = ShopProfile(
        tenant_id=actor.tenant_id,
        version=version,
        shop_name=data.shop_name,
        kobutsu_name=data.kobutsu_name,
        kobutsu_commission=data.kobutsu_commission,
        kobutsu_number=data.kobutsu_number,
        rank_legend=dict(data.rank_legend),
        warranty=data.warranty,
        returns=data.returns,
        contact=data.contact,
        banned_words=list(data.banned_words),
        required_phrases=list(data.required_phrases),
        examples=list(data.examples),
        substantiated_claims=[dict(c) for c in data.substantiated_claims],
        unmarked_price_tax=data.unmarked_price_tax,
        created_by=actor.user_id,
        created_at=utcnow(),
    )
    session.add(row)
    audit.record(
        session=session,
        action="profile_saved",
        tenant_id=actor.tenant_id,
        user_id=actor.user_id,
        target=f"version {version}",
        client_address=client_address,
    )
    try:
        session.flush()
        prune_versions(session=session, tenant_id=actor.tenant_id)
        session.commit()
    except IntegrityError:  # two admins saved at the same moment: the other one's version won
        session.rollback()
        raise ProfileInputError("同時に別の保存がありました。画面を読み込み直してから保存してください。") from None
    return replace(data, version=version)
