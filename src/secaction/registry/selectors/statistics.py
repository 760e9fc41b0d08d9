"""Public statistics of active declarations by level, prefecture, industry and month, cached.

Reads ``RegistryEntry`` only; the cache and its lock are described in ``registry_statistics_get``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from secaction.organizations.choices import INDUSTRY_CHOICES, PREFECTURE_CHOICES

from ..models import PublicLevel, PublicStatus, RegistryEntry

STATISTICS_CACHE_KEY = "registry:statistics:v1"
STATISTICS_CACHE_SECONDS = 600  # how long computed numbers count as fresh
# A stale copy is kept this long, to be served while one request computes the next one.
STATISTICS_KEEP_SECONDS = 7 * 86400
STATISTICS_LOCK_KEY = "registry:statistics:computing"
STATISTICS_LOCK_SECONDS = 300  # longer than a computation can take; frees itself if that request dies
STATISTICS_MONTHS = 24
# Months are the calendar months people in Japan see on their declaration, whatever the server's zone.
JAPAN = ZoneInfo("Asia/Tokyo")


@dataclass(frozen=True)
class LevelCounts:
    """Active declarations split by level."""

    one_star: int = 0
    two_star: int = 0

    @property
    def total(self) -> int:
        return self.one_star + self.two_star


@dataclass(frozen=True)
class StatisticsRow:
    """One prefecture (JIS code) or industry (letter) and its active declarations.

    The label is looked up when read, so one cached result serves every language.
    """

    code: str
    counts: LevelCounts
    kind: str  # "prefecture" | "industry"

    @property
    def label(self) -> str:
        choices = PREFECTURE_CHOICES if self.kind == "prefecture" else INDUSTRY_CHOICES
        return str(dict(choices).get(self.code, self.code))


@dataclass(frozen=True)
class MonthRow:
    """Active declarations whose declaration date falls in ``month`` (its first day, Japan time)."""

    month: dt.date
    counts: LevelCounts

    @property
    def label(self) -> str:
        return f"{self.month:%Y-%m}"


@dataclass(frozen=True)
class RegistryStatistics:
    """Counts of ACTIVE declarations only, as of ``computed_at``."""

    computed_at: dt.datetime
    totals: LevelCounts
    by_prefecture: tuple[StatisticsRow, ...]  # all 47, in JIS order, zeros included
    by_industry: tuple[StatisticsRow, ...]  # every industry in INDUSTRY_CHOICES order, zeros included
    by_month: tuple[MonthRow, ...]  # the last STATISTICS_MONTHS months, oldest first, this month last


def months_back(today: dt.date, count: int) -> list[dt.date]:
    """The first days of the ``count`` calendar months ending with ``today``'s month, oldest first."""
    index = today.year * 12 + today.month - 1
    return [dt.date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def _level_counts(rows: Any, key: str) -> dict[Any, LevelCounts]:
    """``{key value: LevelCounts}`` summed over groups ``{key, "level", "n", …}`` the database aggregated."""
    found: dict[Any, dict[str, int]] = {}
    for row in rows:
        levels = found.setdefault(row[key], {})
        levels[row["level"]] = levels.get(row["level"], 0) + row["n"]
    return {
        k: LevelCounts(one_star=v.get(PublicLevel.ONE_STAR, 0), two_star=v.get(PublicLevel.TWO_STAR, 0))
        for k, v in found.items()
    }


def registry_statistics_compute(now: dt.datetime | None = None) -> RegistryStatistics:
    """Count active declarations by level, prefecture, industry and month in two GROUP BY queries.

    Reads the database every time; pages use ``registry_statistics_get``, which caches the result.
    """
    now = now or timezone.now()
    active = RegistryEntry.objects.filter(status=PublicStatus.ACTIVE)

    # One scan for both breakdowns: at most 47 × 20 × 2 groups come back, summed per prefecture and per
    # industry below; a second scan of a million rows would cost more than that.
    groups = list(active.values("prefecture", "industry", "level").annotate(n=Count("pk")).order_by())
    by_pref = _level_counts(groups, "prefecture")
    by_industry = _level_counts(groups, "industry")
    months = months_back(now.astimezone(JAPAN).date(), STATISTICS_MONTHS)
    since = dt.datetime.combine(months[0], dt.time(), tzinfo=JAPAN)
    by_month_raw = _level_counts(
        active.filter(declared_at__gte=since, declared_at__lte=now)
        .annotate(month=TruncMonth("declared_at", tzinfo=JAPAN))
        .values("month", "level")
        .annotate(n=Count("pk"))
        .order_by(),
        "month",
    )
    # TruncMonth gives an aware datetime on PostgreSQL and SQLite alike; key the months by date.
    by_month = {m.astimezone(JAPAN).date(): c for m, c in by_month_raw.items()}
    # Every declaration has exactly one prefecture, so the prefecture groups add up to the totals.
    totals = LevelCounts(
        one_star=sum(c.one_star for c in by_pref.values()),
        two_star=sum(c.two_star for c in by_pref.values()),
    )
    return RegistryStatistics(
        computed_at=now,
        totals=totals,
        by_prefecture=tuple(
            StatisticsRow(code, by_pref.get(code, LevelCounts()), "prefecture")
            for code, _ in PREFECTURE_CHOICES
        ),
        by_industry=tuple(
            StatisticsRow(code, by_industry.get(code, LevelCounts()), "industry")
            for code, _ in INDUSTRY_CHOICES
        ),
        by_month=tuple(MonthRow(m, by_month.get(m, LevelCounts())) for m in months),
    )


def registry_statistics_get(now: dt.datetime | None = None) -> RegistryStatistics:
    """The statistics, at most STATISTICS_CACHE_SECONDS old, except while they are being recomputed.

    At a million declarations the two queries take one to two seconds (docs/performance.md), so they
    must not run per page view, nor in every request that arrives while fresh numbers are computed:
    once the cached numbers are stale, one request (holding a lock in the cache) computes new ones
    and the others keep getting the stale copy meanwhile. Only with no copy at all (a cold or
    flushed cache) does every request compute. The page shows ``computed_at``.
    """
    now = now or timezone.now()
    stats = cache.get(STATISTICS_CACHE_KEY)
    if not isinstance(stats, RegistryStatistics):
        stats = None
    if stats is not None and (now - stats.computed_at).total_seconds() < STATISTICS_CACHE_SECONDS:
        return stats
    if stats is not None and not cache.add(STATISTICS_LOCK_KEY, 1, STATISTICS_LOCK_SECONDS):
        return stats  # another request is computing
    try:
        stats = registry_statistics_compute(now)
        cache.set(STATISTICS_CACHE_KEY, stats, STATISTICS_KEEP_SECONDS)
    finally:
        cache.delete(STATISTICS_LOCK_KEY)
    return stats
