"""links.py reads the diagnosis and policies apps through explicit imports and reverses every URL.

There is no fallback any more: a renamed selector fails at import, a renamed URL raises NoReverseMatch.
"""

import sys
import types

import pytest
from django.urls import NoReverseMatch

from secaction.declarations import links
from secaction.diagnosis import selectors as diagnosis_selectors
from secaction.policies import selectors as policies_selectors

from .conftest import make_org


def test_selectors_are_bound_explicitly():
    assert links.assessment_latest_for_organization is diagnosis_selectors.assessment_latest_for_organization
    assert links.policy_published_for_organization is policies_selectors.policy_published_for_organization
    assert "importlib" not in sys.modules["secaction.declarations.links"].__dict__


@pytest.mark.django_db
def test_nothing_stored_gives_none():
    org = make_org()
    assert links.diagnosis_latest(org) is None
    assert links.policy_published(org) is None


@pytest.mark.django_db
def test_stored_records_are_mapped(settings):
    from secaction.diagnosis.models import Assessment
    from secaction.policies.models import PolicySite
    from tests.mypage import scenarios

    from .conftest import add_member, make_user

    settings.SITE_URL = "https://portal.example.jp"
    org = make_org()
    owner = add_member(org, make_user(), role="owner")
    scenarios.diagnosis_take(org, owner)
    scenarios.policy_make_and_publish(org, owner)
    assessment = Assessment.objects.get()
    site = PolicySite.objects.get()
    assert links.diagnosis_latest(org) == links.DiagnosisLink(
        assessment.pk, assessment.total, assessment.taken_at
    )
    assert links.policy_published(org) == links.PolicyLink(
        site.published_version_id, f"https://portal.example.jp/policy/p/{site.public_slug}/"
    )


def test_paths_are_reversed():
    assert links.verify_path("50000000009") == "/registry/verify/50000000009/"
    assert links.principle_path(2) == "/diagnosis/principles/2/"


def test_a_missing_url_fails_loudly(settings, monkeypatch):
    empty = types.ModuleType("empty_urls")
    empty.urlpatterns = []  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "empty_urls", empty)
    settings.ROOT_URLCONF = "empty_urls"
    with pytest.raises(NoReverseMatch):
        links.verify_path("50000000009")
    with pytest.raises(NoReverseMatch):
        links.principle_path(2)
