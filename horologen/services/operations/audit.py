"""Audit log rows: who did what, to what, from where. Never passwords or tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from horologen.models import AuditLog, utcnow


def record(
    *,
    session: Session,
    action: str,
    tenant_id: int | None = None,
    user_id: int | None = None,
    target: str = "",
    client_address: str = "",
    detail: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> None:
    """Add an audit row to the caller's transaction (the caller commits)."""
    session.add(
        AuditLog(
            tenant_id=tenant_id,
            user_id=user_id,
            action=action,
            target=target[:200],
            client_address=client_address[:64],
            detail=detail or {},
            created_at=now or utcnow(),
        )
    )
