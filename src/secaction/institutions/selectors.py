"""Reads about institutions: their keys, daily usage, recent uploads and webhook deliveries.

Used by the contacts' portal (``views``) and the back office (``admin``); nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils import timezone

from .models import ApiKey, ApiUsageDay, BulkUpload, Institution, InstitutionContact, WebhookDelivery
from .usage import usage_day

USAGE_PERIODS = (30, 90)
RECENT = 10


@dataclass(frozen=True)
class UsageDay:
    """One day's use: of one key (``key_prefix`` set) or of all the institution's keys (``key_prefix`` "")."""

    day: dt.date
    requests: int
    rows: int
    key_prefix: str = ""


@dataclass(frozen=True)
class Usage:
    """Use over the last ``days`` days (Japan time): per key and day, per day in total, and the sums."""

    days: int
    since: dt.date
    per_key: list[UsageDay]
    per_day: list[UsageDay]
    requests: int
    rows: int


@dataclass(frozen=True)
class PortalData:
    """What an institution's contacts see on the portal's home page."""

    institution: Institution
    keys: list[ApiKey]
    usage: Usage
    uploads: list[BulkUpload]
    deliveries: list[WebhookDelivery]
    delivery_counts: dict[str, int] = field(default_factory=dict)


def usage_period_parse(value: str | None) -> int:
    """The usage period asked for in a query string: 30 or 90 days, 30 for anything else."""
    try:
        days = int(value or "")
    except ValueError:
        return USAGE_PERIODS[0]
    return days if days in USAGE_PERIODS else USAGE_PERIODS[0]


def api_usage_get(
    *, institution: Institution | None = None, api_key: ApiKey | None = None, days: int = 30
) -> Usage:
    """Use of one institution's keys, or of one key, over the last ``days`` days including today (Japan time)."""
    since = usage_day() - dt.timedelta(days=days - 1)
    rows = ApiUsageDay.objects.filter(day__gte=since).select_related("api_key")
    if institution is not None:
        rows = rows.filter(api_key__holder=institution)
    if api_key is not None:
        rows = rows.filter(api_key=api_key)
    per_key = [
        UsageDay(day=r.day, requests=r.requests, rows=r.rows, key_prefix=r.api_key.key_prefix)
        for r in rows.order_by("-day", "api_key__key_prefix")
    ]
    totals = rows.order_by().values("day").annotate(req=Sum("requests"), n=Sum("rows")).order_by("-day")
    per_day = [UsageDay(day=t["day"], requests=t["req"] or 0, rows=t["n"] or 0) for t in totals]
    return Usage(
        days=days,
        since=since,
        per_key=per_key,
        per_day=per_day,
        requests=sum(d.requests for d in per_day),
        rows=sum(d.rows for d in per_day),
    )


def institution_keys_list(institution: Institution) -> list[ApiKey]:
    """The institution's keys, newest first, revoked ones included (they stay on record)."""
    return list(institution.api_keys.order_by("-created_at", "-id"))


def institution_contacts_list(institution: Institution) -> list[InstitutionContact]:
    """The institution's contacts, active ones first."""
    return list(institution.contacts.select_related("user").order_by("-is_active", "user__email"))


def institution_portal_get(institution: Institution, *, days: int = 30) -> PortalData:
    """The portal home's data: keys, usage over ``days`` days, the latest uploads and webhook deliveries."""
    deliveries = WebhookDelivery.objects.filter(webhook__api_key__holder=institution)
    week_ago = timezone.now() - dt.timedelta(days=7)
    counts = Counter(deliveries.filter(created_at__gte=week_ago).values_list("status", flat=True).order_by())
    return PortalData(
        institution=institution,
        keys=institution_keys_list(institution),
        usage=api_usage_get(institution=institution, days=days),
        uploads=list(BulkUpload.objects.filter(institution=institution).defer("source", "result")[:RECENT]),
        deliveries=list(deliveries.select_related("webhook")[:RECENT]),
        delivery_counts={status: counts.get(status, 0) for status in WebhookDelivery.Status.values},
    )
