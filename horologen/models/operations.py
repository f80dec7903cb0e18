"""Tables of running the service: monthly quota per tenant and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from horologen.models.columns import created_field, json_field


class QuotaUsage(SQLModel, table=True):
    """Articles used and slots reserved by a tenant in one Asia/Tokyo month (`YYYY-MM`)."""

    __tablename__ = "quota_usage"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "month", name="uq_quota_usage_tenant_month"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenants.id")
    month: str = Field(max_length=7)
    used: int = Field(default=0)
    reserved: int = Field(default=0)
    updated_at: datetime = created_field()


class AuditLog(SQLModel, table=True):
    """Who did what, when, from where: logins, refusals, imports, admin changes."""

    __tablename__ = "audit_log"
    __table_args__ = (
        sa.Index("ix_audit_log_action_created", "action", "created_at"),
        sa.Index("ix_audit_log_address_created", "client_address", "created_at"),
        sa.Index("ix_audit_log_tenant_created", "tenant_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int | None = Field(default=None, foreign_key="tenants.id")
    user_id: int | None = Field(default=None, foreign_key="users.id")
    action: str = Field(max_length=60)
    target: str = Field(default="", max_length=200)
    detail: dict[str, Any] = json_field()
    client_address: str = Field(default="", max_length=64)
    created_at: datetime = created_field()
