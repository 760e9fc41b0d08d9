"""Reads of the continuation reminders: who is due a reminder, who is flagged for staff, a link's reminder.

Set-based: one query for the day's due declarations (at 1,000,000 declarations about 3,000 a day), with
the suppression list and the reminders of the last ``CONTINUATION_REMIND_DAYS`` left out in SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Lower

from secaction.declarations.models import Declaration, Status
from secaction.declarations.selectors import continuation_stale_cutoff, unconfirmed_since
from secaction.mailouts.models import Suppression
from secaction.organizations.models import Membership

from .models import Reminder
from .tokens import confirm_token_read


@dataclass(frozen=True)
class DueRow:
    """One declaration due a reminder, with what its message needs."""

    declaration_id: int
    organization_id: int
    email: str
    name: str
    language: str


def remind_cutoff(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=settings.CONTINUATION_REMIND_DAYS)


def declarations_due(now: dt.datetime) -> QuerySet[Declaration]:
    """Active, not suspended declarations not confirmed for ``CONTINUATION_REMIND_DAYS`` and not reminded
    within them, whose organisation is active and has a contact address that is not suppressed."""
    cutoff = remind_cutoff(now)
    recent = Reminder.objects.filter(declaration=OuterRef("pk"), created_at__gt=cutoff)
    return (
        Declaration.objects.filter(
            unconfirmed_since(cutoff),
            status=Status.ACTIVE,
            suspended_at__isnull=True,
            organization__is_active=True,
        )
        .exclude(organization__contact_email="")
        .annotate(mail_to=Lower("organization__contact_email"))
        .exclude(Exists(Suppression.objects.filter(email=OuterRef("mail_to"))))
        .exclude(Exists(recent))
    )


def declarations_due_rows(now: dt.datetime, *, limit: int) -> Iterator[DueRow]:
    """At most ``limit`` due declarations, longest unconfirmed first, one per contact address (a second
    declaration with the same address waits for the next day, so each gets its own link)."""
    owner_language = (
        Membership.objects.filter(
            organization=OuterRef("organization_id"), role=Membership.Role.OWNER, is_active=True
        )
        .order_by("pk")
        .values("user__language")[:1]
    )
    rows = (
        declarations_due(now)
        .annotate(lang=Coalesce(Subquery(owner_language), Value("ja")))
        .order_by(Coalesce("last_confirmed_at", "declared_at").asc(nulls_first=True), "pk")
        .values_list(
            "pk", "organization_id", "organization__contact_email", "mail_to", "organization__name", "lang"
        )[:limit]
    )
    seen: set[str] = set()
    for pk, org_id, email, address, name, lang in rows:
        if address in seen:
            continue
        seen.add(address)
        yield DueRow(pk, org_id, email.strip(), name, lang if lang in ("ja", "en") else "ja")


def declarations_flagged(
    now: dt.datetime, base: QuerySet[Declaration] | None = None
) -> QuerySet[Declaration]:
    """Active declarations staff should look at, annotated with why: ``bounced`` (the organisation's contact
    address hard-bounced: on the suppression list as bounced) and ``stale`` (not confirmed for
    ``CONTINUATION_STALE_YEARS`` years). Read-only: nothing is changed because of a flag. ``base``: a
    queryset of Declaration or a proxy of it (the admin list)."""
    cutoff = continuation_stale_cutoff(now)
    qs = base if base is not None else Declaration.objects.all()
    bounced = Suppression.objects.filter(email=OuterRef("mail_to"), reason=Suppression.Reason.BOUNCED)
    return (
        qs.filter(status=Status.ACTIVE)
        .annotate(
            mail_to=Lower("organization__contact_email"),
            bounced=Exists(bounced),
            stale=ExpressionWrapper(unconfirmed_since(cutoff), output_field=BooleanField()),
        )
        .filter(Q(bounced=True) | Q(stale=True))
    )


def reminder_for_token(token: str) -> Reminder | None:
    """The reminder a signed link names, with its declaration and organisation; None for a bad link."""
    ids = confirm_token_read(token)
    if ids is None:
        return None
    mailout_id, organization_id = ids
    return (
        Reminder.objects.select_related("declaration__organization")
        .filter(mailout_id=mailout_id, organization_id=organization_id)
        .first()
    )
