"""Who a mail-out reaches: the exact count shown before sending and the rows the build inserts.

One address per recipient. An organisation is mailed at its ``Organization.contact_email`` (the
担当者 the declarer named for the programme's mail), not at its members' log-in addresses: the contact
is who the declaration names, and owners change their log-in address for reasons of their own. When
several organisations share a contact address it gets one message (addressed with the lowest
organisation id's name). Addresses on the suppression list (unsubscribed, hard-bounced) are left out.
The language is the first active owner's mail language (``User.language``), Japanese without one.

An organisation qualifies when it is active and any of its registry entries meets the declaration
conditions (level, status, declared date); its level snapshot is that of its newest qualifying entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Lower

from secaction.organizations.models import Membership, Organization
from secaction.registry.models import RegistryEntry
from secaction.supporters.models import Supporter, SupporterStatus
from secaction.surveys.models import Invitation

from ..filters import RecipientFilter
from ..models import Mailout, Suppression


@dataclass(frozen=True)
class AudienceRow:
    """One recipient the build inserts, with the attributes a survey invitation keeps."""

    organization_id: int | None
    email: str
    name: str
    language: str
    level: str = ""
    prefecture: str = ""
    industry: str = ""
    size: str = ""


def _entries(flt: RecipientFilter) -> QuerySet[RegistryEntry]:
    entries = RegistryEntry.objects.all()
    if flt.levels:
        entries = entries.filter(level__in=flt.levels)
    if flt.statuses:
        entries = entries.filter(status__in=flt.statuses)
    if flt.declared_from:
        entries = entries.filter(declared_at__date__gte=flt.declared_from)
    if flt.declared_to:
        entries = entries.filter(declared_at__date__lte=flt.declared_to)
    return entries


def _organizations(flt: RecipientFilter, not_invited_to: int | None = None) -> QuerySet[Organization]:
    """Active organisations meeting ``flt`` (and not yet invited to survey ``not_invited_to``), annotated with ``mail_to`` (the lower-cased contact address) and ``lang``."""
    entries = _entries(flt)
    owner_language = (
        Membership.objects.filter(organization=OuterRef("pk"), role=Membership.Role.OWNER, is_active=True)
        .order_by("pk")
        .values("user__language")[:1]
    )
    orgs = (
        Organization.objects.filter(is_active=True)
        .exclude(contact_email="")
        .filter(Exists(entries.filter(organization_id=OuterRef("pk"))))
        .annotate(mail_to=Lower("contact_email"), lang=Coalesce(Subquery(owner_language), Value("ja")))
        .exclude(Exists(Suppression.objects.filter(email=OuterRef("mail_to"))))
    )
    if flt.prefectures:
        orgs = orgs.filter(prefecture__in=flt.prefectures)
    if flt.industries:
        orgs = orgs.filter(industry__in=flt.industries)
    if flt.sizes:
        orgs = orgs.filter(employees__in=flt.sizes)
    if flt.identity_verified != "any":
        orgs = orgs.filter(identity_verified_at__isnull=flt.identity_verified == "no")
    if flt.supporter != "any":
        approved = Exists(
            Supporter.objects.filter(organization_id=OuterRef("pk"), status=SupporterStatus.APPROVED)
        )
        orgs = orgs.filter(approved) if flt.supporter == "yes" else orgs.exclude(approved)
    if flt.language != "all":
        orgs = orgs.filter(lang=flt.language)
    if not_invited_to is not None:
        # A second invitation mail-out for the same survey reaches only those not invited yet (the
        # others get reminders): by address, as the invitation's token is derived from the address.
        invited = Invitation.objects.filter(survey_id=not_invited_to).annotate(mail_to=Lower("email"))
        orgs = orgs.exclude(Exists(invited.filter(mail_to=OuterRef("mail_to"))))
    return orgs


def mailout_audience_count(flt: RecipientFilter, *, not_invited_to: int | None = None) -> int:
    """The exact number of addresses a notice or invitation with ``flt`` would be sent to now."""
    return int(
        _organizations(flt, not_invited_to).aggregate(n=Count(Lower("contact_email"), distinct=True))["n"]
    )


def mailout_audience_rows(
    flt: RecipientFilter,
    *,
    chunk_size: int = 5000,
    with_level: bool = True,
    not_invited_to: int | None = None,
) -> Iterator[AudienceRow]:
    """The recipients of ``flt``, one per address, streamed in address order (server-side cursor).

    ``with_level=False`` leaves ``level`` empty and saves a correlated subquery per organisation (most of
    the query's time): only a survey invitation keeps the level.
    """
    level_expr: Subquery | Value = Value("")
    if with_level:
        newest = _entries(flt).filter(organization_id=OuterRef("pk")).order_by("-declared_at", "-pk")
        level_expr = Subquery(newest.values("level")[:1])
    rows = (
        _organizations(flt, not_invited_to)
        .annotate(entry_level=level_expr)
        .order_by("mail_to", "pk")
        .values_list(
            "pk",
            "contact_email",
            "mail_to",
            "name",
            "lang",
            "entry_level",
            "prefecture",
            "industry",
            "employees",
        )
        .iterator(chunk_size=chunk_size)
    )
    previous = None
    for pk, email, address, name, lang, level, prefecture, industry, size in rows:
        if address == previous:
            continue  # a second organisation with the same contact address: one message is enough
        previous = address
        yield AudienceRow(pk, email.strip(), name, lang, level or "", prefecture, industry, size)


def _unanswered(survey_id: int) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(
            survey_id=survey_id, status__in=[Invitation.Status.INVITED, Invitation.Status.STARTED]
        )
        .annotate(mail_to=Lower("email"))
        .exclude(Exists(Suppression.objects.filter(email=OuterRef("mail_to"))))
    )


def mailout_reminder_count(survey_id: int) -> int:
    """How many invitees of the survey have not answered and can still be mailed (a reminder's count)."""
    return int(_unanswered(survey_id).aggregate(n=Count(Lower("email"), distinct=True))["n"])


def mailout_reminder_rows(survey_id: int, *, chunk_size: int = 5000) -> Iterator[AudienceRow]:
    """The unanswered invitees of a survey, one per address, with their organisation's current name."""
    name = Organization.objects.filter(pk=OuterRef("organization_id")).values("name")[:1]
    rows = (
        _unanswered(survey_id)
        .annotate(org_name=Coalesce(Subquery(name), Value("")))
        .order_by("mail_to", "pk")
        .values_list("organization_id", "email", "mail_to", "org_name", "language")
        .iterator(chunk_size=chunk_size)
    )
    previous = None
    for org_id, email, address, org_name, language in rows:
        if address == previous:
            continue
        previous = address
        yield AudienceRow(org_id, email, org_name, language or "ja")


def mailout_recipients_count(mailout: Mailout) -> int:
    """How many addresses the mail-out would reach if built now (reminders: the unanswered invitees)."""
    if mailout.kind == Mailout.Kind.SURVEY_REMINDER:
        return mailout_reminder_count(mailout.survey_id) if mailout.survey_id else 0
    survey = mailout.survey_id if mailout.kind == Mailout.Kind.SURVEY_INVITATION else None
    return mailout_audience_count(RecipientFilter.from_dict(mailout.filters), not_invited_to=survey)
