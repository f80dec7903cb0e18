"""Brand folding: the one rule import, search and the brand list share.

`ロレックス`, `Rolex`, `ＲＯＬＥＸ` and `ROLEX` + U+FEFF are one brand, `ROLEX`: built-in Japanese
spellings for the brands shops carry, plus each shop's own aliases (which win). Imports store the
folded key in `master_products.brand_key`, so a katakana row matches the Latin product.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import func, or_, update
from sqlmodel import Session, col, select

from horologen.errors import UserFacingError
from horologen.models import BrandAlias, MasterProduct, utcnow
from horologen.services.accounts.access import ADMIN, STAFF, AccessDenied, Actor, require_role
from horologen.services.catalogue.normalise import clean_text, normalise_key
from horologen.services.operations import audit, inputs

# Japanese spellings staff type for the brands shops carry; shops add their own (BrandAlias).
BUILTIN_BRAND_ALIASES: dict[str, str] = {
    "ロレックス": "ROLEX",
    "オメガ": "OMEGA",
    "グランドセイコー": "GRAND SEIKO",
    "GS": "GRAND SEIKO",
    "セイコー": "SEIKO",
    "カルティエ": "CARTIER",
    "パテックフィリップ": "PATEK PHILIPPE",
    "パテック・フィリップ": "PATEK PHILIPPE",
    "パテック": "PATEK PHILIPPE",
    "オーデマピゲ": "AUDEMARS PIGUET",
    "AP": "AUDEMARS PIGUET",
    "チューダー": "TUDOR",
    "チュードル": "TUDOR",
    "タグホイヤー": "TAG HEUER",
    "パネライ": "PANERAI",
    "ブライトリング": "BREITLING",
    "ウブロ": "HUBLOT",
    "ヴァシュロンコンスタンタン": "VACHERON CONSTANTIN",
    "ジャガールクルト": "JAEGER-LECOULTRE",
    "ランゲアンドゾーネ": "A. LANGE & SÖHNE",
    "ゼニス": "ZENITH",
    "シチズン": "CITIZEN",
    "カシオ": "CASIO",
    "ブレゲ": "BREGUET",
    "ブランパン": "BLANCPAIN",
    "IWC": "IWC",
    "インターナショナルウォッチカンパニー": "IWC",
    "ロンジン": "LONGINES",
    "ティソ": "TISSOT",
    "ハミルトン": "HAMILTON",
    "フランクミュラー": "FRANCK MULLER",
    "ショパール": "CHOPARD",
    "ブルガリ": "BVLGARI",
    "BULGARI": "BVLGARI",
    "エルメス": "HERMES",
    "ピアジェ": "PIAGET",
    "ノモス": "NOMOS",
    "ユリスナルダン": "ULYSSE NARDIN",
    "ジラールペルゴ": "GIRARD-PERREGAUX",
    "リシャールミル": "RICHARD MILLE",
    "モンブラン": "MONTBLANC",
    "オリス": "ORIS",
}
_BUILTIN_KEYS = {normalise_key(alias): normalise_key(brand) for alias, brand in BUILTIN_BRAND_ALIASES.items()}
# The display name of each canonical key (`PATEKPHILIPPE` → `PATEK PHILIPPE`).
_CANONICAL_NAMES = {normalise_key(brand): brand for brand in BUILTIN_BRAND_ALIASES.values()}


class BrandInputError(UserFacingError, ValueError):
    """A bad alias or brand; the message is shown as is."""


@lru_cache(maxsize=8192)
def brand_raw_key(brand: str) -> str:
    """normalise_key() of a brand as written, memoised: a catalogue of 100,000 rows repeats a few
    dozen brand spellings, and imports fold each row's brand several times."""
    return normalise_key(brand)


def fold_builtin(key: str) -> str:
    """A normalised brand key folded by the built-in spellings only (no database)."""
    return _BUILTIN_KEYS.get(key, key)


MAX_ALIAS = 100  # brand_aliases.alias_key / brand_key are VARCHAR(100)


@dataclass(frozen=True)
class BrandFolder:
    """A tenant's folding rule, loaded once per import: its own aliases, then the built-ins."""

    aliases: dict[str, str]
    # brand as written → (key, display), filled as an import meets each spelling (a few dozen)
    _seen: dict[str, tuple[str, str]] = field(default_factory=dict, compare=False, repr=False)

    def folded(self, brand: str) -> tuple[str, str]:
        """(key, display) of a brand as written: `key` and `display` at once."""
        folded = self._seen.get(brand)
        if folded is None:
            raw = brand_raw_key(brand)
            key = self.aliases.get(raw) or fold_builtin(raw)
            shown = clean_text(brand) if raw in self.aliases else _CANONICAL_NAMES.get(key) or clean_text(brand)
            folded = self._seen[brand] = (key, shown)
        return folded

    def key(self, brand: str) -> str:
        return self.folded(brand)[0]

    def display(self, brand: str) -> str:
        """How a new product's brand is written: the canonical name when a built-in spelling
        folded it (`ロレックス` → `ROLEX`), else the brand as the file wrote it."""
        return self.folded(brand)[1]


def brand_folder(*, session: Session, tenant_id: int) -> BrandFolder:
    rows = session.exec(
        select(BrandAlias.alias_key, BrandAlias.brand_key)
        .where(or_(col(BrandAlias.tenant_id) == tenant_id, col(BrandAlias.tenant_id).is_(None)))
        .order_by(col(BrandAlias.tenant_id).is_(None).desc())  # the tenant's own last, so they win
    ).all()
    return BrandFolder({alias: brand for alias, brand in rows})


@dataclass(frozen=True)
class BrandCount:
    brand: str
    count: int


def list_brands(*, session: Session, actor: Actor) -> list[BrandCount]:
    """The tenant's brands, one line per folded key (so `ROLEX` and `ロレックス` rows count as one)."""
    require_role(actor, STAFF, ADMIN)
    if actor.tenant_id is None:
        raise AccessDenied("この操作を行う権限がありません。")
    rows = session.exec(
        select(func.min(MasterProduct.brand), func.count())
        .where(MasterProduct.tenant_id == actor.tenant_id)
        .group_by(MasterProduct.brand_key)
        .order_by(MasterProduct.brand_key)
    ).all()
    return [BrandCount(brand, int(count)) for brand, count in rows]


def add_brand_alias(*, session: Session, actor: Actor, alias: str, brand: str) -> int:
    """A shop admin teaches import and search another spelling of a brand; the shop's products
    already stored under that spelling are folded in too. Returns how many products moved."""
    require_role(actor, ADMIN)
    try:
        alias = inputs.text(alias, limit=MAX_ALIAS, label="別名")
        brand = inputs.text(brand, limit=MAX_ALIAS, label="ブランド")
    except inputs.InputRefused as exc:
        raise BrandInputError(exc.message) from None
    alias_key, brand_key = normalise_key(alias), fold_builtin(normalise_key(brand))
    if not alias_key or not brand_key:
        raise BrandInputError("別名とブランドを入力してください。")
    if alias_key == brand_key:
        raise BrandInputError("別名とブランドが同じです。")
    existing = session.exec(
        select(BrandAlias).where(BrandAlias.tenant_id == actor.tenant_id, BrandAlias.alias_key == alias_key)
    ).first()
    if existing is None:
        existing = BrandAlias(tenant_id=actor.tenant_id, alias_key=alias_key, brand_key=brand_key)
    existing.brand_key = brand_key
    session.add(existing)
    moved = session.exec(
        update(MasterProduct)
        .where(col(MasterProduct.tenant_id) == actor.tenant_id, col(MasterProduct.brand_key) == alias_key)
        .values(brand_key=brand_key, updated_at=utcnow())
    )
    audit.record(
        session=session,
        action="brand_alias_added",
        tenant_id=actor.tenant_id,
        user_id=actor.user_id,
        target=f"{alias_key}->{brand_key}",
        detail={"products_folded": int(moved.rowcount or 0)},
    )
    session.commit()
    return int(moved.rowcount or 0)


@dataclass(frozen=True)
class AliasRow:
    id: int
    alias: str
    brand: str


def list_brand_aliases(*, session: Session, actor: Actor) -> list[AliasRow]:
    """The shop's own aliases (the built-in Japanese names apply to every shop and are not listed)."""
    require_role(actor, ADMIN)
    rows = session.exec(
        select(BrandAlias).where(BrandAlias.tenant_id == actor.tenant_id).order_by(BrandAlias.alias_key)
    ).all()
    return [AliasRow(int(r.id or 0), r.alias_key, r.brand_key) for r in rows]


def remove_brand_alias(*, session: Session, actor: Actor, alias_id: int) -> None:
    """Removes the spelling for future imports and searches; products already folded stay folded."""
    require_role(actor, ADMIN)
    row = session.get(BrandAlias, alias_id)
    if row is None or row.tenant_id != actor.tenant_id:
        raise AccessDenied("別名が見つかりません。")
    session.delete(row)
    session.commit()
