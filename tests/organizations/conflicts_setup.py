"""Builders for the conflict tests: an unverified holder of a 法人番号 and a GビズID-verified company.

The verified organisation is built directly (``identity_verified_at`` + ``identity_source="gbizid"`` + an
owner membership + ``identity_conflict_detect``), as the GビズID registration service does, so these
tests do not depend on the sign-in flow.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from secaction.organizations.models import IdentityConflict, Membership, Organization
from secaction.organizations.services import identity_conflict_detect, organization_register
from secaction.organizations.validation import organization_data_clean
from tests.organizations.conftest import VALID_NUMBER, make_user, org_data


def squatter_build(django_user_model: Any, *, email: str = "squatter@example.jp") -> tuple[Any, Organization]:
    """An unverified organisation (e-mail sign-up) holding VALID_NUMBER, with its owner."""
    user = make_user(django_user_model, email)
    organization = organization_register(
        user, org_data(name="株式会社サンプル商事販売", contact_email="sq@example.jp")
    )
    return user, organization


def verified_build(
    django_user_model: Any,
    *,
    email: str = "real@example.jp",
    number: str = VALID_NUMBER,
    language: str = "ja",
) -> tuple[Any, Organization]:
    """The real company, verified through GビズID, with its owner; conflicts are detected."""
    user = make_user(django_user_model, email)
    if language != "ja":
        user.language = language
        user.save(update_fields=["language"])
    cleaned = organization_data_clean(
        org_data(name="株式会社サンプル商事", corporate_number=number, contact_email="real@example.jp")
    )
    organization = Organization.objects.create(
        **cleaned, identity_verified_at=timezone.now(), identity_source="gbizid"
    )
    Membership.objects.create(organization=organization, user=user, role=Membership.Role.OWNER)
    identity_conflict_detect(organization)
    return user, organization


def staff_build(django_user_model: Any) -> Any:
    return django_user_model.objects.create_superuser(email="office@example.jp", password="pw-123456789")


def open_conflict(unverified: Organization) -> IdentityConflict:
    return IdentityConflict.objects.get(unverified=unverified, status=IdentityConflict.Status.OPEN)
