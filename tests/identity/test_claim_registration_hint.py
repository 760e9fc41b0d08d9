"""Registering the 法人番号 of an imported, unclaimed declaration points to taking it over, not to an invitation."""

from __future__ import annotations

from typing import Any

import pytest

from secaction.core.errors import ServiceError
from secaction.organizations.models import Membership, Organization
from secaction.organizations.services import organization_register
from tests.identity.claim_data import IMPORTED_NUMBER, imported_declaration
from tests.organizations.conftest import make_user, org_data

pytestmark = pytest.mark.django_db


def test_an_unclaimed_imported_number_is_refused_with_the_way_to_take_it_over(django_user_model: Any) -> None:
    imported_declaration()
    user = make_user(django_user_model, "newcomer@example.jp")
    with pytest.raises(ServiceError) as refused:
        organization_register(user, org_data(corporate_number=IMPORTED_NUMBER))
    message = str(refused.value.message_dict["corporate_number"])
    assert "以前の申込みシステムから移行されています" in message
    assert "招待" not in message
    assert Organization.objects.filter(corporate_number=IMPORTED_NUMBER).count() == 1


def test_once_taken_over_the_number_is_refused_as_a_duplicate_with_the_invitation_hint(
    django_user_model: Any,
) -> None:
    declaration = imported_declaration()
    owner = make_user(django_user_model, "owner@example.jp")
    Membership.objects.create(organization=declaration.organization, user=owner, role=Membership.Role.OWNER)
    user = make_user(django_user_model, "colleague@example.jp")
    with pytest.raises(ServiceError) as refused:
        organization_register(user, org_data(corporate_number=IMPORTED_NUMBER))
    assert "招待" in str(refused.value.message_dict["corporate_number"])
