"""Reads of the policies app, including the interface other apps use."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

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
    try:
        from secaction.diagnosis.selectors import (
            answers_latest_for_organization,
            assessment_latest_for_organization,
        )
    except ImportError:  # the diagnosis app has not provided its selectors (yet)
        return None, None
    answers = answers_latest_for_organization(organization)
    if not answers:
        return None, None
    assessment = assessment_latest_for_organization(organization)
    return {int(k): str(v) for k, v in answers.items()}, getattr(assessment, "pk", None)


def policies_panel_get(organization: Organization) -> dict[str, Any]:
    """What the My Page panel shows about the policy and the handbook."""
    site = policy_site_for_organization(organization)
    latest_policy = PolicyVersion.objects.filter(organization=organization).order_by("-number").first()
    latest_handbook = HandbookVersion.objects.filter(organization=organization).order_by("-number").first()
    adopted = site.handbook_adopted_version if site else None
    confirmed, total = handbook_progress(adopted)
    return {
        "site": site,
        "published": site.published_version if site else None,
        "latest_policy": latest_policy,
        "latest_handbook": latest_handbook,
        "adopted_handbook": adopted,
        "ack_confirmed": confirmed,
        "ack_total": total,
    }
