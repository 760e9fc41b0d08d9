"""Reads of the policies app, including the interface other apps use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from secaction.diagnosis.selectors import assessment_latest_for_organization
from secaction.organizations.models import Organization

from .models import HandbookRecipient, HandbookVersion, PolicySite, PolicyVersion


def policy_published_for_organization(organization: Organization) -> PolicyVersion | None:
    """The published basic-policy version (with ``id`` and ``public_url``), or None.

    Used by the ★★ declaration: ``public_url`` is the absolute path of the
    organisation's public policy page, stable across versions.
    """
    site = (
        PolicySite.objects.select_related("published_version")
        .filter(organization=organization, published_version__isnull=False)
        .first()
    )
    return site.published_version if site else None


def policy_site_for_organization(organization: Organization) -> PolicySite | None:
    return PolicySite.objects.filter(organization=organization).first()


def policy_site_by_slug(slug: str) -> PolicySite | None:
    return (
        PolicySite.objects.select_related("published_version", "organization")
        .filter(public_slug=slug, organization__is_active=True)
        .first()
    )


def policy_versions_for_organization(organization: Organization) -> list[PolicyVersion]:
    return list(PolicyVersion.objects.filter(organization=organization).order_by("-number"))


def policy_version_get(organization: Organization, number: int) -> PolicyVersion | None:
    return PolicyVersion.objects.filter(organization=organization, number=number).first()


def handbook_versions_for_organization(organization: Organization) -> list[HandbookVersion]:
    return list(
        HandbookVersion.objects.filter(organization=organization)
        .annotate(
            recipients_total=Count("recipients"),
            recipients_confirmed=Count("recipients", filter=Q(recipients__confirmed_at__isnull=False)),
        )
        .order_by("-number")
    )


def handbook_version_get(organization: Organization, number: int) -> HandbookVersion | None:
    return HandbookVersion.objects.filter(organization=organization, number=number).first()


def handbook_recipient_by_token(token: str) -> HandbookRecipient | None:
    return (
        HandbookRecipient.objects.select_related("version__organization")
        .filter(token=token, version__organization__is_active=True)
        .first()
    )


def handbook_recipients_for_version(version: HandbookVersion) -> list[HandbookRecipient]:
    return list(version.recipients.order_by("confirmed_at", "email"))


def handbook_progress(version: HandbookVersion | None) -> tuple[int, int]:
    """(confirmed, asked) for a handbook version."""
    if version is None:
        return 0, 0
    counts = version.recipients.aggregate(
        total=Count("id"), confirmed=Count("id", filter=Q(confirmed_at__isnull=False))
    )
    return counts["confirmed"], counts["total"]


def diagnosis_latest_for_organization(organization: Organization) -> tuple[dict[int, str] | None, int | None]:
    """(answers by item number, assessment id) of the latest self-diagnosis, or (None, None).

    The diagnosis app owns the data; this is the one place that reaches into it.
    """
    assessment = assessment_latest_for_organization(organization)
    answers = assessment.answers_by_number() if assessment is not None else None
    if not answers or assessment is None:
        return None, None
    return {int(k): str(v) for k, v in answers.items()}, assessment.pk


@dataclass(frozen=True)
class PoliciesPanel:
    """What the My Page panel shows about the policy and the handbook (see ``policies_panel_get``)."""

    site: PolicySite | None
    latest_policy_number: int | None
    latest_handbook_number: int | None
    ack_confirmed: int
    ack_total: int

    @property
    def published(self) -> PolicyVersion | None:
        return self.site.published_version if self.site else None

    @property
    def adopted_handbook(self) -> HandbookVersion | None:
        return self.site.handbook_adopted_version if self.site else None

    @property
    def handbook_sent(self) -> bool:
        """A handbook version is adopted and at least one staff member was asked to read it."""
        return self.adopted_handbook is not None and self.ack_total > 0


def policies_panel_get(organization: Organization) -> PoliciesPanel:
    """The policy and handbook status of ``organization`` for My Page, in one query.

    Every saved version creates the organisation's ``PolicySite`` first, so no
    site means no versions at all.
    """

    def _latest(model: type[PolicyVersion] | type[HandbookVersion]) -> Subquery:
        numbers = model.objects.filter(organization=OuterRef("organization")).order_by("-number")
        return Subquery(numbers.values("number")[:1])

    def _recipients(**conditions: Any) -> Coalesce:
        asked = (
            HandbookRecipient.objects.filter(version=OuterRef("handbook_adopted_version"), **conditions)
            .order_by()
            .values("version")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(asked), Value(0))

    site = (
        PolicySite.objects.filter(organization=organization)
        .select_related("published_version", "handbook_adopted_version")
        .annotate(
            latest_policy_number=_latest(PolicyVersion),
            latest_handbook_number=_latest(HandbookVersion),
            ack_total=_recipients(),
            ack_confirmed=_recipients(confirmed_at__isnull=False),
        )
        .first()
    )
    if site is None:
        return PoliciesPanel(None, None, None, 0, 0)
    return PoliciesPanel(
        site=site,
        latest_policy_number=site.latest_policy_number,  # type: ignore[attr-defined]
        latest_handbook_number=site.latest_handbook_number,  # type: ignore[attr-defined]
        ack_confirmed=site.ack_confirmed,  # type: ignore[attr-defined]
        ack_total=site.ack_total,  # type: ignore[attr-defined]
    )
