"""The day a keyed API request is counted on: Japan time, whatever the server's zone (the programme's days
are Japanese, and an institution reading "today" on its portal means today in Japan)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

USAGE_ZONE = ZoneInfo("Asia/Tokyo")


def usage_day(now: dt.datetime | None = None) -> dt.date:
    """The day (Japan time) a use at ``now`` (default: now) is counted on."""
    return timezone.localtime(now or timezone.now(), USAGE_ZONE).date()
