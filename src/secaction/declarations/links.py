"""The two links a ★★ declaration makes into other apps: the latest self-diagnosis and the published policy.

The diagnosis and policies apps are built separately; until their selectors
exist (or when they fail to import) these functions return None and the
declarer states instead that both exist, which the issue allows.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class DiagnosisLink:
    id: int
    total: int | None
    taken_at: datetime | None


@dataclass(frozen=True)
class PolicyLink:
    id: int
    public_url: str


def _selector(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def diagnosis_latest(organization: Any) -> DiagnosisLink | None:
    """The organisation's latest self-diagnosis on this portal, or None (none stored / app not there)."""
    fn = _selector("secaction.diagnosis.selectors", "assessment_latest_for_organization")
    if fn is None or organization is None:
        return None
    found = fn(organization)
    if found is None:
        return None
    return DiagnosisLink(
        id=int(found.id), total=getattr(found, "total", None), taken_at=getattr(found, "taken_at", None)
    )


def policy_published(organization: Any) -> PolicyLink | None:
    """The organisation's published information-security basic policy on this portal, or None."""
    fn = _selector("secaction.policies.selectors", "policy_published_for_organization")
    if fn is None or organization is None:
        return None
    found = fn(organization)
    if found is None:
        return None
    url = str(getattr(found, "public_url", "") or "")
    if url.startswith("/"):  # the policies app gives an absolute path; declarations store full URLs
        url = settings.SITE_URL + url
    return PolicyLink(id=int(found.id), public_url=url)


def url_or_path(name: str, path: str, *args: Any) -> str:
    """``reverse(name, args)`` once another app defines the URL, else the path it will serve."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return path


def verify_path(declaration_id: str) -> str:
    return url_or_path("registry:verify", f"/registry/verify/{declaration_id}/", declaration_id)


def principle_path(number: int) -> str:
    return url_or_path("diagnosis:principle", f"/diagnosis/principles/{number}/", number)
