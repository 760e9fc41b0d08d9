"""GビズID-verified organisations: registration, verification, name sync, taking over by GビズID."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.models import AuditEvent
from secaction.organizations import services
from secaction.organizations.models import IdentityConflict, Membership, Organization
from tests.identity.verified_helpers import completion_data, gbiz_sign_in_store
from tests.organizations.conftest import OTHER_NUMBER, VALID_NUMBER, make_user, org_data

pytestmark = pytest.mark.django_db

FIXED = dt.datetime(2026, 5, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def frozen_now(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    monkeypatch.setattr(timezone, "now", lambda: FIXED)
    return FIXED


@pytest.fixture
def person(django_user_model: Any) -> Any:
    return make_user(django_user_model, "taro@test-shoji.example.jp")


def test_verified_registration_takes_number_and_name_from_gbizid_and_sets_the_date(
    person, frozen_now
) -> None:
    gbiz_sign_in_store(person)
    org = services.organization_register_verified(person, completion_data())
    assert org.corporate_number == VALID_NUMBER
    assert org.name == "株式会社テスト商事"
    assert org.entity_type == "corporation"
    assert org.identity_verified_at == frozen_now
    assert org.identity_source == "gbizid"
    assert org.is_identity_verified
    assert Membership.objects.get(organization=org, user=person).role == Membership.Role.OWNER
    assert AuditEvent.objects.filter(action="organization.register_verified", object_id=str(org.pk)).exists()


def test_tampered_form_values_for_number_name_and_type_are_ignored(person) -> None:
    gbiz_sign_in_store(person)
    tampered = completion_data(corporate_number=OTHER_NUMBER, name="株式会社ニセモノ", entity_type="other")
    org = services.organization_register_verified(person, tampered)
    assert (org.corporate_number, org.name, org.entity_type) == (
        VALID_NUMBER,
        "株式会社テスト商事",
        "corporation",
    )
    assert not Organization.objects.filter(corporate_number=OTHER_NUMBER).exists()


@pytest.mark.parametrize("account_type", ["1", "9", ""])
def test_an_entry_or_unknown_account_cannot_register_verified(person, account_type) -> None:
    gbiz_sign_in_store(person, account_type=account_type)
    with pytest.raises(AccessDenied):
        services.organization_register_verified(person, completion_data())
    assert not Organization.objects.exists()


def test_no_gbizid_sign_in_cannot_register_verified(person) -> None:
    with pytest.raises(AccessDenied):
        services.organization_register_verified(person, completion_data())


def test_the_claims_of_the_latest_sign_in_count(person) -> None:
    old = gbiz_sign_in_store(person, account_type="1")
    new = gbiz_sign_in_store(person)
    old.last_login = timezone.now() - dt.timedelta(days=1)
    old.save()
    new.last_login = timezone.now()
    new.save()
    assert services.organization_register_verified(person, completion_data()).is_identity_verified


def test_a_sole_proprietor_registers_verified_without_a_number(person) -> None:
    gbiz_sign_in_store(person, corporate_type="2", corporate_number="", name="高橋デザイン事務所")
    org = services.organization_register_verified(person, completion_data(capital="none"))
    assert (org.entity_type, org.corporate_number, org.name) == ("sole_proprietor", "", "高橋デザイン事務所")
    assert org.is_identity_verified


def test_a_corporation_without_a_number_from_gbizid_is_refused_clearly(person) -> None:
    gbiz_sign_in_store(person, corporate_type="1", corporate_number="")
    with pytest.raises(ServiceError, match="法人番号を受け取れなかった"):
        services.organization_register_verified(person, completion_data())


def test_bad_completion_values_are_refused_by_field(person) -> None:
    gbiz_sign_in_store(person)
    with pytest.raises(ServiceError) as exc:
        services.organization_register_verified(person, completion_data(contact_phone="12"))
    assert "contact_phone" in exc.value.error_dict


def test_an_unverified_holder_does_not_block_and_gets_a_conflict(person, django_user_model) -> None:
    squatter = make_user(django_user_model, "squatter@example.jp")
    held = services.organization_register(squatter, org_data(name="株式会社ニセ商事"))
    gbiz_sign_in_store(person)
    org = services.organization_register_verified(person, completion_data())
    conflict = IdentityConflict.objects.get()
    assert (conflict.unverified, conflict.verified, conflict.status) == (
        held,
        org,
        IdentityConflict.Status.OPEN,
    )
    assert conflict.corporate_number == VALID_NUMBER
    held.refresh_from_db()
    assert held.is_active  # flagged for staff, nothing changed or deleted


def test_a_second_verified_registration_of_a_number_is_refused(person, django_user_model) -> None:
    gbiz_sign_in_store(person)
    services.organization_register_verified(person, completion_data())
    colleague = make_user(django_user_model, "hanako@test-shoji.example.jp")
    gbiz_sign_in_store(colleague, account_type="3")
    with pytest.raises(ServiceError) as exc:
        services.organization_register_verified(colleague, completion_data())
    assert "既にGビズIDで確認済み" in str(exc.value.error_dict["corporate_number"])
    assert Organization.objects.count() == 1


def test_someone_who_belongs_to_an_organisation_cannot_register_another(person) -> None:
    services.organization_register(person, org_data(corporate_number=OTHER_NUMBER))
    gbiz_sign_in_store(person)
    with pytest.raises(ServiceError, match="既に事業者に所属"):
        services.organization_register_verified(person, completion_data())


# -- verifying an existing organisation ------------------------------------------------------


def test_the_owner_verifies_the_organisation_with_the_same_number(person, frozen_now) -> None:
    org = services.organization_register(person, org_data(name="株式会社テスト商事(旧)"))
    gbiz_sign_in_store(person)
    org = services.organization_identity_verify(person, org)
    org.refresh_from_db()
    assert org.identity_verified_at == frozen_now
    assert org.identity_source == "gbizid"
    assert org.name == "株式会社テスト商事"  # the legal name comes from GビズID too
    event = AuditEvent.objects.get(action="organization.identity_verify")
    assert event.after["name"] == "株式会社テスト商事"


def test_verifying_twice_keeps_the_first_date(person, monkeypatch) -> None:
    org = services.organization_register(person, org_data())
    gbiz_sign_in_store(person)
    monkeypatch.setattr(timezone, "now", lambda: FIXED)
    services.organization_identity_verify(person, org)
    monkeypatch.setattr(timezone, "now", lambda: FIXED + dt.timedelta(days=3))
    services.organization_identity_verify(person, org)
    org.refresh_from_db()
    assert org.identity_verified_at == FIXED
    assert AuditEvent.objects.filter(action="organization.identity_verify").count() == 1


def test_verifying_with_another_number_is_refused(person) -> None:
    org = services.organization_register(person, org_data(corporate_number=OTHER_NUMBER))
    gbiz_sign_in_store(person)
    with pytest.raises(ServiceError, match="一致しません"):
        services.organization_identity_verify(person, org)
    org.refresh_from_db()
    assert not org.is_identity_verified


def test_a_member_cannot_verify(person, django_user_model) -> None:
    org = services.organization_register(person, org_data())
    member = make_user(django_user_model, "member@example.jp")
    Membership.objects.create(organization=org, user=member)
    gbiz_sign_in_store(member, account_type="3")
    with pytest.raises(AccessDenied):
        services.organization_identity_verify(member, org)


def test_an_entry_account_cannot_verify(person) -> None:
    org = services.organization_register(person, org_data())
    gbiz_sign_in_store(person, account_type="1")
    with pytest.raises(AccessDenied):
        services.organization_identity_verify(person, org)


# -- the legal name from GビズID -------------------------------------------------------------


def test_a_verified_organisation_takes_gbizids_new_name_at_once(person) -> None:
    gbiz_sign_in_store(person)
    org = services.organization_register_verified(person, completion_data())
    gbiz_sign_in_store(person, name="株式会社新テスト商事")
    services.organization_identity_sync(person, org)
    org.refresh_from_db()
    assert org.name == "株式会社新テスト商事"
    event = AuditEvent.objects.get(action="organization.identity_sync")
    assert (event.before["name"], event.after["name"]) == ("株式会社テスト商事", "株式会社新テスト商事")


def test_sync_refuses_an_unverified_organisation(person) -> None:
    org = services.organization_register(person, org_data())
    gbiz_sign_in_store(person, name="株式会社新テスト商事")
    with pytest.raises(ServiceError):
        services.organization_identity_sync(person, org)
    org.refresh_from_db()
    assert org.name == "株式会社サンプル商事"


# -- taking over an ownerless (imported) organisation ---------------------------------------


def _imported(django_user_model: Any, **overrides: Any) -> Organization:
    """An organisation with no active owner, as the import leaves it."""
    former = make_user(django_user_model, "former@example.jp")
    org = services.organization_register(former, org_data(**overrides))
    Membership.objects.filter(organization=org).update(is_active=False)
    return org


def test_gbizid_with_the_same_number_takes_over_and_verifies(person, django_user_model, frozen_now) -> None:
    org = _imported(django_user_model)
    gbiz_sign_in_store(person)
    services.organization_claim_verified(person, org)
    org.refresh_from_db()
    assert org.identity_verified_at == frozen_now
    assert Membership.objects.get(organization=org, user=person, is_active=True).is_owner
    claim = AuditEvent.objects.get(action="organization.claim")
    assert claim.after == {"owner": person.pk, "method": "gbizid"}


def test_gbizid_with_another_number_cannot_take_over(person, django_user_model) -> None:
    org = _imported(django_user_model, corporate_number=OTHER_NUMBER)
    gbiz_sign_in_store(person)
    with pytest.raises(AccessDenied):
        services.organization_claim_verified(person, org)
    assert not Membership.objects.filter(user=person).exists()
