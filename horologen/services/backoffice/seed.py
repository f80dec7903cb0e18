"""The runbook's seeds (2.2 tenants + users, 2.3 the staging product), idempotent."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from horologen.models import Tenant, User, utcnow
from horologen.services.accounts.access import ADMIN, PLATFORM_ADMIN, STAFF, Actor
from horologen.services.accounts.passwords import hash_password, random_password
from horologen.services.accounts.signin import normalise_email
from horologen.services.catalogue.files import CatalogueRow
from horologen.services.catalogue.import_writer import ImportResult, write_import

PLATFORM_TENANT = "Platform"
SEED_TENANTS: tuple[tuple[str, bool], ...] = (
    (PLATFORM_TENANT, True),  # id 1 on a fresh database
    ("Tenant A", False),  # id 2: staff-a
    ("Tenant B", False),  # id 3: staff-b
)
SEED_USERS: tuple[tuple[str, str, str, str], ...] = (
    ("platform-admin@example.com", "プラットフォーム管理者", PLATFORM_ADMIN, PLATFORM_TENANT),
    ("admin-a@example.com", "店舗A 管理者", ADMIN, "Tenant A"),
    ("staff-a@example.com", "店舗A スタッフ", STAFF, "Tenant A"),
    ("admin-b@example.com", "店舗B 管理者", ADMIN, "Tenant B"),
    ("staff-b@example.com", "店舗B スタッフ", STAFF, "Tenant B"),
)
STAGING_PRODUCT = CatalogueRow(
    line=0,
    brand="TESTBRAND",
    reference="REF001",
    name="ステージング確認用商品",
    price_jpy=123456,
    specs={},
)


@dataclass(frozen=True)
class SeededUser:
    email: str
    tenant: str
    role: str
    created: bool
    password: str | None  # set only when it was generated now and must be shown once


@dataclass(frozen=True)
class SeedReport:
    tenants: dict[str, int]
    tenants_created: int
    users: list[SeededUser]


def ensure_tenant(*, session: Session, name: str, is_platform: bool = False) -> tuple[Tenant, bool]:
    tenant = session.exec(select(Tenant).where(Tenant.name == name)).first()
    if tenant is not None:
        return tenant, False
    tenant = Tenant(name=name, is_platform=is_platform)
    session.add(tenant)
    session.flush()
    return tenant, True


def seed_dev(*, session: Session, password: str | None, reset_passwords: bool = False) -> SeedReport:
    """Create the demo tenants and users that are missing (with `password`, else a random one).

    Existing users keep their tenant and role as the runbook has them, and their password unless
    `reset_passwords` (an operator's explicit `--reset-passwords`, with `password` set): then the
    seed password is theirs again, unlocked and not to be changed at sign-in."""
    tenants: dict[str, int] = {}
    created_tenants = 0
    for name, is_platform in SEED_TENANTS:
        tenant, created = ensure_tenant(session=session, name=name, is_platform=is_platform)
        tenants[name] = int(tenant.id or 0)
        created_tenants += created
    users: list[SeededUser] = []
    now = utcnow()
    for email, display_name, role, tenant_name in SEED_USERS:
        email = normalise_email(email)
        user = session.exec(select(User).where(User.email == email)).first()
        generated: str | None = None
        created = user is None
        if user is None:
            generated = None if password else random_password()
            user = User(
                email=email,
                tenant_id=tenants[tenant_name],
                display_name=display_name,
                role=role,
                password_hash=hash_password(password or generated or ""),
                must_change_password=password is None,
                password_changed_at=now,
            )
        else:
            # An existing user keeps the password an operator may have changed: `make run` seeds on
            # every start, so re-applying the seed password would silently reset it.
            user.tenant_id = tenants[tenant_name]
            user.role = role
            user.display_name = user.display_name or display_name
            user.is_active = True
            user.updated_at = now
            if reset_passwords and password:
                user.password_hash = hash_password(password)
                user.must_change_password = False
                user.failed_login_count = 0
                user.locked_until = None
                user.password_changed_at = now
        session.add(user)
        users.append(SeededUser(email, tenant_name, role, created, generated))
    session.commit()
    return SeedReport(tenants=tenants, tenants_created=created_tenants, users=users)


def seed_staging_min(*, session: Session) -> ImportResult:
    """`Tenant A` gets TESTBRAND / REF001 / price_jpy=123456 (runbook 2.3); skipped when present."""
    tenant, _ = ensure_tenant(session=session, name="Tenant A")
    session.commit()
    return write_import(session=session, actor=Actor.system(), tenant_id=int(tenant.id or 0), rows=[STAGING_PRODUCT])
