"""Reads of the public registry. Everything here reads ``RegistryEntry`` only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Count, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncMonth
from django.utils import timezone

from secaction.declarations.ids import DeclarationIdError, declaration_id_normalize
from secaction.organizations.choices import INDUSTRY_CHOICES, PREFECTURE_CHOICES, PREFECTURE_NAMES_JA

from .models import PublicLevel, PublicStatus, RegistryEntry
from .normalize import search_normalize

COUNT_CAP = 1000


@dataclass(frozen=True)
class RegistryQuery:
    """Already-validated search criteria; empty strings mean "any"."""

    name: str = ""
    declaration_id: str = ""
    corporate_number: str = ""
    prefecture: str = ""
    industry: str = ""
    level: str = ""

    def is_empty(self) -> bool:
        return not any(
            (
                search_normalize(self.name),
                self.declaration_id,
                self.corporate_number,
                self.prefecture,
                self.industry,
                self.level,
            )
        )


@dataclass
class RegistryPage:
    entries: list[RegistryEntry]
    number: int
    per_page: int
    has_next: bool
    total: int
    total_capped: bool  # True when there are more than COUNT_CAP matches

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def first_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.entries else 0

    @property
    def last_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.entries)


def _filtered(query: RegistryQuery) -> QuerySet[RegistryEntry]:
    qs = RegistryEntry.objects.filter(status=PublicStatus.ACTIVE)
    name = search_normalize(query.name)
    if name:
        qs = qs.filter(search_text__contains=name)
        if len(name) < 3 and connection.vendor == "postgresql":
            # Trigrams cannot narrow a one- or two-character query; the index of
            # characters (registry_search_chars) can, and LIKE then checks the order.
            qs = qs.filter(
                RawSQL(
                    "regexp_split_to_array(search_text, '') @> %s::text[]",
                    (sorted(set(name)),),
                    output_field=BooleanField(),
                )
            )
    if query.declaration_id:
        qs = qs.filter(declaration_code=query.declaration_id)
    if query.corporate_number:
        qs = qs.filter(corporate_number=query.corporate_number)
    if query.prefecture:
        qs = qs.filter(prefecture=query.prefecture)
    if query.industry:
        qs = qs.filter(industry=query.industry)
    if query.level:
        qs = qs.filter(level=query.level)
    return qs


def registry_search(query: RegistryQuery, page: int = 1, per_page: int = 20) -> RegistryPage:
    """Active declarers matching every given criterion, in kana order (五十音順).

    Designed for a million rows. First, up to COUNT_CAP + 1 matching keys are
    collected in whatever order is cheapest: through the trigram or character
    index, the database stops as soon as it has enough, so a common name costs
    no more than a rare one. The page is then sorted by kana from those keys.
    With at most COUNT_CAP matches that is the exact, complete list. With more,
    the count says "more than COUNT_CAP" and the list holds COUNT_CAP of them in
    kana order, with a request to narrow the search: nobody pages through a
    thousand companies, and sorting every match of a common word would cost
    time proportional to the whole match set.
    """
    qs = _filtered(query)
    keys = list(qs.order_by().values_list("pk", flat=True)[: COUNT_CAP + 1])
    capped = len(keys) > COUNT_CAP
    keys = keys[:COUNT_CAP]
    max_page = max(1, -(-len(keys) // per_page))
    page = min(max(1, page), max_page)
    offset = (page - 1) * per_page
    rows = list(
        RegistryEntry.objects.filter(pk__in=keys).order_by("name_kana", "declaration_code")[
            offset : offset + per_page + 1
        ]
    )
    return RegistryPage(
        entries=rows[:per_page],
        number=page,
        per_page=per_page,
        has_next=len(rows) > per_page,
        total=len(keys),
        total_capped=capped,
    )


def registry_entry_get(declaration_id: str) -> RegistryEntry | None:
    """The entry for a normalised declaration ID, whatever its status."""
    return RegistryEntry.objects.filter(declaration_code=declaration_id).first()


_PREFECTURE_NAMES = PREFECTURE_NAMES_JA  # the public record is data: Japanese names in every language

# The columns of the public record, in the order ``declaration_public_build`` takes them.
_PUBLIC_COLUMNS = (
    "declaration_code",
    "level",
    "status",
    "name",
    "corporate_number",
    "prefecture",
    "declared_at",
    "updated_at",
)
_PUBLIC_BY_CODE_SQL = (
    f"SELECT {', '.join(_PUBLIC_COLUMNS)} FROM {RegistryEntry._meta.db_table} "  # noqa: S608
    "WHERE declaration_code = %s"
)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    # A plain cursor skips Django's converters: SQLite gives naive UTC datetimes, PostgreSQL aware ones.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def declaration_public_build(
    declaration_code: str,
    level: str,
    status: str,
    name: str,
    corporate_number: str,
    prefecture: str,
    declared_at: dt.datetime | None,
    updated_at: dt.datetime,
) -> dict[str, Any]:
    """What anyone may know about a declaration: the API's ``DeclarationOut`` shape.

    The single definition of the public record, used by the lookup and by batch
    verification alike.
    """
    return {
        "declaration_id": declaration_code,
        "level": level,
        "status": status,
        "organization": {
            "name": name,
            "corporate_number": corporate_number or None,
            "prefecture": prefecture,
            "prefecture_name": _PREFECTURE_NAMES.get(prefecture, ""),
        },
        "declared_at": _aware(declared_at),
        "updated_at": _aware(updated_at),
    }


def declaration_public_from_entry(entry: RegistryEntry) -> dict[str, Any]:
    """The public record of a loaded entry (see ``declaration_public_build``)."""
    return declaration_public_build(*(getattr(entry, column) for column in _PUBLIC_COLUMNS))


def declaration_public_get(declaration_id: str) -> dict[str, Any] | None:
    """The public record for a normalised declaration ID, whatever its status; None if unknown.

    The hottest read of the public API, so it runs one constant SQL statement on
    a plain cursor: building a model through the ORM cost more CPU than the
    whole rest of the request (docs/performance.md).
    """
    with connection.cursor() as cursor:
        cursor.execute(_PUBLIC_BY_CODE_SQL, [declaration_id])
        row = cursor.fetchone()
    return declaration_public_build(*row) if row else None


@dataclass
class VerifyResult:
    """The outcome for one ID given to a batch verification, in the order given."""

    input: str
    result: str  # found | not_found | invalid
    declaration_id: str | None = None
    entry: RegistryEntry | None = None
    error_code: str | None = None
    message: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def declarations_verify(ids: list[str]) -> list[VerifyResult]:
    """Check many IDs with one query; malformed ones are reported with the reason."""
    results: list[VerifyResult] = []
    for raw in ids:
        try:
            results.append(
                VerifyResult(input=raw, result="found", declaration_id=declaration_id_normalize(raw))
            )
        except DeclarationIdError as exc:
            results.append(VerifyResult(input=raw, result="invalid", error_code=exc.code, message=str(exc)))
    wanted = {r.declaration_id for r in results if r.declaration_id}
    found = {e.declaration_code: e for e in RegistryEntry.objects.filter(declaration_code__in=wanted)}
    for r in results:
        if r.result == "found":
            r.entry = found.get(r.declaration_id or "")
            if r.entry is None:
                r.result = "not_found"
    return results


# --- Statistics -----------------------------------------------------------------------------------

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
    stats = registry_statistics_compute()
    cache.set(STATISTICS_CACHE_KEY, stats, STATISTICS_CACHE_SECONDS)
    return stats
