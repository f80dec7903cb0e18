"""Who is acting: the actor every service call takes, and the role checks services apply."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlmodel import Session

from horologen.services.operations import audit

log = logging.getLogger("horologen.access")

PLATFORM_ADMIN = "platform_admin"
ADMIN = "admin"
STAFF = "staff"
SYSTEM = "system"  # ops scripts run from the Render shell


class AccessDenied(PermissionError):
    """The actor may not do this; the message is safe to show."""


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    tenant_id: int | None
    role: str
    email: str = ""

    @classmethod
    def system(cls) -> Actor:
        return cls(user_id=None, tenant_id=None, role=SYSTEM)

    @property
    def is_system(self) -> bool:
        return self.role == SYSTEM


def require_role(actor: Actor, *roles: str) -> None:
    if actor.role not in roles and not actor.is_system:
        raise AccessDenied("この操作を行う権限がありません。")


def require_tenant(actor: Actor, tenant_id: int) -> None:
    """Admins and staff act only inside their own tenant; the platform admin and ops anywhere."""
    if actor.is_system or actor.role == PLATFORM_ADMIN:
        return
    if actor.tenant_id != tenant_id:
        raise AccessDenied("この操作を行う権限がありません。")


def record_refusal(*, session: Session, actor: Actor, what: str, client_address: str = "") -> None:
    """Log and audit a refused attempt, so a probing account shows up in the logs."""
    log.warning(
        "access refused user_id=%s tenant_id=%s role=%s what=%s address=%s",
        actor.user_id,
        actor.tenant_id,
        actor.role,
        what,
        client_address or "-",
    )
    audit.record(
        session=session,
        action="access_refused",
        tenant_id=actor.tenant_id,
        user_id=actor.user_id,
        target=what,
        client_address=client_address,
        detail={"role": actor.role},
    )
    session.commit()
