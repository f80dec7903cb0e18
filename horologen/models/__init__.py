"""SQLModel tables for the whole product, one module per domain. Times are stored in UTC.

Import from here (`from horologen.models import Article`): importing the package registers every
table on `SQLModel.metadata`, which Alembic reads. Input/output shapes live beside the services
that use them, so a form can never set `role` or `tenant_id` directly.
"""

from __future__ import annotations

from horologen.models.accounts import AuthSession, LoginLink, Tenant, User
from horologen.models.articles import Article, ArticleExport, BulkItem, BulkJob, ShopProfile
from horologen.models.catalogue import BrandAlias, CatalogueUpload, MasterProduct
from horologen.models.columns import ARTICLE_STATUSES, PLANS, ROLES, UTCDateTime, utcnow
from horologen.models.operations import AuditLog, QuotaUsage

__all__ = [
    "ARTICLE_STATUSES",
    "PLANS",
    "ROLES",
    "Article",
    "ArticleExport",
    "AuditLog",
    "AuthSession",
    "BrandAlias",
    "BulkItem",
    "BulkJob",
    "CatalogueUpload",
    "LoginLink",
    "MasterProduct",
    "QuotaUsage",
    "ShopProfile",
    "Tenant",
    "UTCDateTime",
    "User",
    "utcnow",
]
