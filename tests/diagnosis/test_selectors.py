import pytest
from django.utils import timezone

from secaction.diagnosis import selectors
from secaction.diagnosis.services import assessment_save

from .factories import answers_all, member_make, organization_make

pytestmark = pytest.mark.django_db


def test_latest_is_none_without_assessments():
    org = organization_make()
    assert selectors.assessment_latest_for_organization(org) is None
    assert selectors.answers_latest_for_organization(org) is None


def test_latest_and_its_answers_across_units():
    org = organization_make()
    user = member_make(org)
    now = timezone.now()
    assessment_save(
        organization=org, user=user, answers=answers_all("no"), taken_at=now - timezone.timedelta(days=2)
    )
    newest = assessment_save(
        organization=org, user=user, answers=answers_all("partial"), unit_name="工場", taken_at=now
    )
    other = organization_make("他社")
    assessment_save(organization=other, user=member_make(other), answers=answers_all("yes"))
    assert selectors.assessment_latest_for_organization(org) == newest
    answers = selectors.answers_latest_for_organization(org)
    assert answers == {n: "partial" for n in range(1, 26)}


def test_previous_is_the_same_unit_only():
    org = organization_make()
    user = member_make(org)
    now = timezone.now()
    a1 = assessment_save(
        organization=org, user=user, answers=answers_all("no"), taken_at=now - timezone.timedelta(days=3)
    )
    assessment_save(
        organization=org,
        user=user,
        answers=answers_all("no"),
        unit_name="支店",
        taken_at=now - timezone.timedelta(days=2),
    )
    a3 = assessment_save(organization=org, user=user, answers=answers_all("yes"), taken_at=now)
    assert selectors.assessment_previous(a3) == a1
    assert selectors.assessment_previous(a1) is None


def test_save_rejects_non_members():
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        assessment_save(organization=organization_make(), user=member_make(None), answers=answers_all("yes"))
