"""A legal name that comes verified from GビズID bypasses the staff queue; nobody else's claims can push one."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount
from django.utils import timezone

from secaction.accounts.gbiz import gbiz_claims_parse
from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.models import AuditEvent
from secaction.organizations.models import IdentityChangeRequest, Organization
from secaction.organizations.services import organization_identity_sync, organization_update
from secaction.registry.selectors.public_record import registry_entry_get

from .conftest import OTHER_NUMBER, VALID_NUMBER, make_user, org_data
from .test_identity_changes import declare

pytestmark = pytest.mark.django_db


def _userinfo(**overrides: Any) -> dict[str, Any]:
    return {
        "sub": "gbiz-prime-1",
        "account_type": "2",
        "corporate_type": "1",
        "corporate_number": VALID_NUMBER,
        "name": "株式会社サンプル商事ホールディングス",
        "name_kana": "サンプルショウジホールディングス",
        **overrides,
    }


def _signed_in_with_gbizid(user: Any, **overrides: Any) -> Any:
    """Store the claims as allauth does after a GビズID sign-in; return them parsed."""
    info = _userinfo(**overrides)
    SocialAccount.objects.create(user=user, provider="gbizid", uid=info["sub"], extra_data={"userinfo": info})
    return gbiz_claims_parse(info)


@pytest.fixture
def declared(organization: Organization) -> Organization:
    """Declared and verified by GビズID earlier (the sync only refreshes a verified organisation)."""
    declare(organization)
    organization.identity_verified_at = timezone.now()
    organization.identity_source = "gbizid"
    organization.save()
    return organization


def test_the_owners_own_gbizid_claims_change_the_name_at_once_and_publish_it(owner, declared):
    entry_id = declared.declarations.get().declaration_id
    organization_update(owner, declared, org_data(name="株式会社手入力の名前"))  # pending, superseded below
    _signed_in_with_gbizid(owner)
    organization_identity_sync(owner, declared)
    declared.refresh_from_db()
    assert declared.name == "株式会社サンプル商事ホールディングス"
    assert declared.name_kana == "サンプルショウジホールディングス"
    assert declared.corporate_number == VALID_NUMBER
    entry = registry_entry_get(entry_id)
    assert entry is not None and entry.name == "株式会社サンプル商事ホールディングス"
    event = AuditEvent.objects.get(action="organization.identity_sync")
    assert event.actor == owner
    assert event.before["name"] == "株式会社サンプル商事"
    assert event.after["name"] == "株式会社サンプル商事ホールディングス"
    assert IdentityChangeRequest.objects.get().status == IdentityChangeRequest.Status.WITHDRAWN


def test_claims_of_another_number_are_refused(owner, declared):
    _signed_in_with_gbizid(owner, corporate_number=OTHER_NUMBER)
    with pytest.raises(ServiceError):
        organization_identity_sync(owner, declared)
    declared.refresh_from_db()
    assert declared.name == "株式会社サンプル商事"


def test_without_a_gbizid_sign_in_or_with_an_entry_account_it_is_refused(owner, declared, django_user_model):
    with pytest.raises(AccessDenied):
        organization_identity_sync(owner, declared)  # never signed in with GビズID
    _signed_in_with_gbizid(owner, account_type="1")
    with pytest.raises(AccessDenied):
        organization_identity_sync(owner, declared)


def test_someone_outside_the_organisation_with_matching_claims_is_refused(owner, declared, django_user_model):
    outsider = make_user(django_user_model, "outsider@example.jp")
    _signed_in_with_gbizid(outsider, sub="gbiz-outsider-1")
    with pytest.raises(AccessDenied):
        organization_identity_sync(outsider, declared)
    assert not AuditEvent.objects.filter(action="organization.identity_sync").exists()


def test_an_unusable_reading_keeps_the_current_one(owner, declared):
    _signed_in_with_gbizid(owner, name_kana="漢字の読み")
    organization_identity_sync(owner, declared)
    declared.refresh_from_db()
    assert declared.name == "株式会社サンプル商事ホールディングス"
    assert declared.name_kana == "サンプルショウジ"
