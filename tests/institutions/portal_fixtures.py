"""Fixtures of the portal, admin and usage tests (imported by name; no conftest, so parallel parts do not clash)."""

from __future__ import annotations

import pytest

from secaction.institutions.models import Institution
from secaction.institutions.services import institution_contact_add, institution_create


@pytest.fixture
def office(django_user_model):
    return django_user_model.objects.create_user(
        email="office@example.jp", password="pw-123456789", is_staff=True, is_superuser=True
    )


@pytest.fixture
def institution(office):
    return institution_create(actor=office, name="東京都 補助金事務局", kind=Institution.Kind.SUBSIDY_OFFICE)


@pytest.fixture
def contact_user(django_user_model, office, institution):
    user = django_user_model.objects.create_user(email="tanto@hojo.example.jp", password="pw-123456789")
    institution_contact_add(actor=office, institution=institution, email=user.email)
    return user
