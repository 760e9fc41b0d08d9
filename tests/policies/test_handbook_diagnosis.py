"""The handbook built from a real saved self-diagnosis."""

import pytest
from django.urls import reverse

from secaction.diagnosis import services as diagnosis_services
from secaction.policies.handbook import ITEM_NUMBERS, rules_data
from secaction.policies.models import HandbookVersion
from secaction.policies.selectors import diagnosis_latest_for_organization

from .factories import member_make, organization_make

pytestmark = pytest.mark.django_db

ANSWERS = {n: ("yes", "partial", "no", "unknown")[n % 4] for n in ITEM_NUMBERS}


def test_handbook_follows_the_latest_saved_diagnosis(client):
    org = organization_make()
    owner = member_make(org)
    diagnosis_services.assessment_save(organization=org, user=owner, answers={n: "no" for n in ITEM_NUMBERS})
    latest = diagnosis_services.assessment_save(organization=org, user=owner, answers=ANSWERS)

    answers, assessment_id = diagnosis_latest_for_organization(org)
    assert answers == ANSWERS and assessment_id == latest.pk

    client.force_login(owner)
    response = client.get(reverse("policies:handbook_edit", args=[org.pk]) + "?start=diagnosis")
    form = response.context["form"]
    data = {
        f.html_name: ("on" if f.value() is True else f.value())
        for f in form
        if f.value() not in (None, False)
    }
    assert response.status_code == 200
    client.post(reverse("policies:handbook_edit", args=[org.pk]), data)
    version = HandbookVersion.objects.get(organization=org)
    assert version.assessment_ref == latest.pk
    by = {r["number"]: r for r in version.rules}
    data_ = rules_data()
    for n, answer in ANSWERS.items():
        expected = data_[n]["keep"] if answer == "yes" else data_[n]["start"]
        assert by[n]["text"] == expected and by[n]["answer"] == answer


def test_organisation_without_diagnosis_gets_none():
    org = organization_make()
    assert diagnosis_latest_for_organization(org) == (None, None)
