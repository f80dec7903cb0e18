"""Asia/Tokyo: the shops' clock, for display and for the quota month. Storage stays UTC."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from horologen.config import QUOTA_TIMEZONE

TOKYO = ZoneInfo(QUOTA_TIMEZONE)


def to_tokyo(moment: datetime) -> datetime:
    return moment.astimezone(TOKYO)


def quota_month(moment: datetime) -> str:
    """`YYYY-MM` of the calendar month in Asia/Tokyo (2026-11-30T15:30Z → 2026-12)."""
    return to_tokyo(moment).strftime("%Y-%m")
