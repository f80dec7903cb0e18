"""One-line builders for tenants, users, products and sessions in tests."""

from __future__ import annotations

import secrets
from functools import lru_cache
from itertools import count

from sqlmodel import Session, select

from horologen import config
from horologen.models import AuthSession, MasterProduct, Tenant, User, utcnow
from horologen.services.accounts import sessions, signin
from horologen.services.accounts.access import Actor
from horologen.services.accounts.passwords import hash_password
from horologen.services.catalogue.brands import fold_builtin
from horologen.services.catalogue.normalise import normalise_key

PASSWORD = "correct-horse-battery"
_ids = count(1)


@lru_cache(maxsize=4)
def password_hash(password: str = PASSWORD) -> str:
    """bcrypt at cost 12 is slow on purpose: hash each test password once per run."""
    return hash_password(password)


def tenant(session: Session, name: str | None = None, **fields: object) -> Tenant:
    row = Tenant(name=name or f"Shop {next(_ids)}", **fields)
    session.add(row)
    session.commit()
    return row


def user(
    session: Session,
    tenant_row: Tenant,
    role: str = "staff",
    email: str | None = None,
    password: str = PASSWORD,
    **fields: object,
) -> User:
    row = User(
        tenant_id=int(tenant_row.id or 0),
        email=(email or f"user{next(_ids)}@example.com").lower(),
        display_name=fields.pop("display_name", "テスト ユーザー"),  # type: ignore[arg-type]
        role=role,
        password_hash=password_hash(password),
        **fields,
    )
    session.add(row)
    session.commit()
    return row


def actor(row: User) -> Actor:
    return Actor(user_id=row.id, tenant_id=row.tenant_id, role=row.role, email=row.email)


def product(
    session: Session,
    tenant_row: Tenant,
    brand: str = "ROLEX",
    reference: str = "116610LN",
    price_jpy: int = 1_500_000,
    name: str = "サブマリーナー",
    specs: dict[str, str] | None = None,
    price_tax: str = "unknown",
    stock_number: str | None = None,
    sale_state: str = "available",
) -> MasterProduct:
    row = MasterProduct(
        stock_number=stock_number,
        sale_state=sale_state,
        tenant_id=int(tenant_row.id or 0),
        brand=brand,
        brand_key=fold_builtin(normalise_key(brand)),  # as imports store it
        reference=reference,
        reference_key=normalise_key(reference),
        name=name,
        price_jpy=price_jpy,
        price_tax=price_tax,
        specs=specs or {},
    )
    session.add(row)
    session.commit()
    return row


def login_token(session: Session, row: User, password: str = PASSWORD) -> str:
    result = signin.login(session=session, email=row.email, password=password)
    assert result.ok, result.message
    return result.token


def session_token(session: Session, row: User) -> str:
    """A live session for a user without a bcrypt round (login itself is tested in test_auth)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        AuthSession(
            user_id=int(row.id or 0),
            token_hash=sessions.hash_token(token),
            created_at=now,
            last_seen_at=now,
            expires_at=now + config.SESSION_ABSOLUTE,
        )
    )
    session.commit()
    return token


def licensed(session: Session, tenant_row: Tenant, shop_name: str = "銀座クロノ") -> None:
    """The shop's profile with its 古物商 display (mall exports refuse rows without it, issue 28)."""
    from horologen.models import ShopProfile

    current = max((p.version for p in session.exec(select(ShopProfile).where(ShopProfile.tenant_id == tenant_row.id))),
                  default=0)  # fmt: skip
    session.add(ShopProfile(tenant_id=int(tenant_row.id or 0), version=current + 1, shop_name=shop_name,
                            kobutsu_name=f"株式会社{shop_name}", kobutsu_commission="東京都公安委員会",
                            kobutsu_number="301234567890", rank_legend={}))  # fmt: skip
    session.commit()


def reviewed_draft(
    session: Session, tenant_row: Tenant, user_id: int | None, product_row: MasterProduct, body: str
) -> int:
    """A finished 楽天 draft of `product_row` by `user_id`, its review flags computed as generation
    stores them (review.recheck); returns its id."""
    from horologen.models import Article
    from horologen.services.articles import review
    from horologen.services.articles.prompting import snapshot_of

    row = Article(
        tenant_id=tenant_row.id, user_id=user_id, product_id=product_row.id, input_snapshot=snapshot_of(product_row),
        options={"channel": "rakuten"}, title="ロレックス サブマリーナー", catch_copy="黒", body=body,
        status="done", flags=[],
    )  # fmt: skip
    session.add(row)
    session.commit()
    review.recheck(session, row)
    session.add(row)
    session.commit()
    return int(row.id or 0)
