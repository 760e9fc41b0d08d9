"""The links a declaration makes into other apps: the latest self-diagnosis, the published policy, URLs.

Declarations sit above policies and diagnosis in the dependency graph
(diagnosis < policies < declarations), so their selectors are imported
explicitly: a renamed selector or URL fails loudly at import or on the first
call, it never quietly makes a ★★ declarer "have no diagnosis".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.urls import reverse

from secaction.diagnosis.selectors import assessment_latest_for_organization
from secaction.organizations.models import Organization
from secaction.policies.selectors import policy_published_for_organization


@dataclass(frozen=True)
class DiagnosisLink:
    id: int
    total: int | None
    taken_at: datetime | None


@dataclass(frozen=True)
class PolicyLink:
    id: int
    public_url: str


def diagnosis_latest(organization: Organization) -> DiagnosisLink | None:
    """The organisation's latest self-diagnosis on this portal, or None when none is stored."""
    found = assessment_latest_for_organization(organization)
    if found is None:
        return None
    return DiagnosisLink(id=int(found.pk), total=found.total, taken_at=found.taken_at)


def policy_published(organization: Organization) -> PolicyLink | None:
    """The organisation's published information-security basic policy on this portal, or None.

    ``public_url`` is absolute (with ``SITE_URL``): declarations store it as given on the form.
    """
    found = policy_published_for_organization(organization)
    if found is None:
        return None
    return PolicyLink(id=int(found.pk), public_url=settings.SITE_URL + found.public_url)


def verify_path(declaration_id: str) -> str:
    """The public verification page of a declaration ID (a path; prefix ``SITE_URL`` for mails)."""
    return reverse("registry:verify", args=[declaration_id])


def principle_path(number: int) -> str:
    """The diagnosis app's guide to principle ``number`` of the five."""
    return reverse("diagnosis:principle", args=[number])
