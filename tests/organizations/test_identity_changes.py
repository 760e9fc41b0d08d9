"""Changes of legal name / フリガナ / 法人番号 wait for staff while a declaration is active (services, selectors)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.models import AuditEvent, OutgoingMail
from secaction.declarations.ids import declaration_id_generate
from secaction.declarations.models import Declaration, TermsVersion
from secaction.organizations import selectors
from secaction.organizations.models import IdentityChangeRequest, Membership, Organization
from secaction.organizations.services import (
    identity_change_accept,
    identity_change_reject,
    identity_change_submit,
    identity_change_withdraw,
    organization_register,
    organization_update,
)
from secaction.registry.selectors.public_record import registry_entry_get

from .conftest import OTHER_NUMBER, VALID_NUMBER, make_user, org_data

pytestmark = pytest.mark.django_db

Status = IdentityChangeRequest.Status


def declare(organization: Organization, *, status: str = "active") -> Declaration:
    """A ★ declaration of the organisation, active by default (with an ID, so the registry lists it)."""
    owner = Membership.objects.filter(organization=organization, role="owner").first()
    active = status == "active"
    return Declaration.objects.create(
        organization=organization,
        declaration_id=declaration_id_generate() if active else None,
        level="one_star",
        status=status,
        submitted_by=owner.user if owner else None,
        submitted_at=timezone.now(),
        declared_at=timezone.now() if active else None,
        pledged_principles=[1, 2, 3, 4, 5],
        terms_version=TermsVersion.objects.get(is_current=True) if active else None,
    )


def verify(organization: Organization) -> Organization:
    """Mark the organisation as GビズID-verified (what the sign-in flow does)."""
    Organization.objects.filter(pk=organization.pk).update(
        identity_verified_at=timezone.now(), identity_source="gbizid"
    )
    organization.refresh_from_db()
    return organization


@pytest.fixture
def office(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user(email="office@example.jp", is_staff=True)


@pytest.fixture
def declared(organization: Organization) -> Organization:
    declare(organization)
    return organization


def _rename(owner: Any, organization: Organization, **changes: Any) -> Organization:
    return organization_update(owner, organization, org_data(**changes))


def test_without_an_active_declaration_everything_changes_at_once(owner, organization):
    declare(organization, status="pending")  # submitted, not declared: nothing public to protect yet
    _rename(owner, organization, name="株式会社新サンプル", corporate_number=OTHER_NUMBER, address="港区1-1")
    organization.refresh_from_db()
    assert (organization.name, organization.corporate_number, organization.address) == (
        "株式会社新サンプル",
        OTHER_NUMBER,
        "港区1-1",
    )
    assert not IdentityChangeRequest.objects.exists()


def test_with_an_active_declaration_identity_waits_and_the_rest_changes(owner, declared):
    entry_id = declared.declarations.get().declaration_id
    _rename(
        owner,
        declared,
        name="株式会社新サンプル",
        name_kana="しんさんぷる",
        corporate_number=OTHER_NUMBER,
        address="港区1-1",
        contact_phone="0312345679",
    )
    declared.refresh_from_db()
    assert declared.name == "株式会社サンプル商事"
    assert declared.name_kana == "サンプルショウジ"
    assert declared.corporate_number == VALID_NUMBER
    assert declared.address == "港区1-1"  # immediate
    assert declared.contact_phone == "0312345679"
    change = IdentityChangeRequest.objects.get()
    assert change.status == Status.PENDING
    assert change.requested_by == owner
    assert change.before == {
        "name": "株式会社サンプル商事",
        "name_kana": "サンプルショウジ",
        "corporate_number": VALID_NUMBER,
    }
    assert change.after == {
        "name": "株式会社新サンプル",
        "name_kana": "シンサンプル",
        "corporate_number": OTHER_NUMBER,
    }
    assert selectors.identity_change_pending(declared) == change
    # The public record keeps the old identity until staff accept.
    entry = registry_entry_get(entry_id)
    assert entry is not None and entry.name == "株式会社サンプル商事"
    assert entry.corporate_number == VALID_NUMBER
    assert AuditEvent.objects.filter(action="identity_change.request", object_id=str(change.pk)).exists()
    update = AuditEvent.objects.filter(action="organization.update").latest("id")
    assert set(update.after) == {"address", "contact_phone", "updated_at"}


def test_submitting_directly_gets_the_same_rules(owner, organization):
    with pytest.raises(ServiceError) as exc:
        identity_change_submit(owner, organization, {"corporate_number": "1000012050002"})
    assert "チェック" in exc.value.message_dict["corporate_number"][0]
    with pytest.raises(ServiceError):
        identity_change_submit(owner, organization, {"address": "港区"})  # not an identity field
    verify(organization)
    with pytest.raises(ServiceError) as exc:
        identity_change_submit(owner, organization, {"corporate_number": OTHER_NUMBER})
    assert "GビズIDで確認済み" in exc.value.message_dict["corporate_number"][0]
    change = identity_change_submit(owner, organization, {"name": "ＡＢＣ株式会社"})
    assert change.after == {"name": "ABC株式会社"}  # normalised like the form does
    assert not IdentityChangeRequest.objects.exclude(pk=change.pk).exists()


def test_a_change_of_other_fields_leaves_no_request(owner, declared):
    _rename(owner, declared, address="港区2-2")
    assert not IdentityChangeRequest.objects.exists()


def test_a_new_change_replaces_the_pending_one_and_the_same_change_keeps_it(owner, declared):
    _rename(owner, declared, name="株式会社一番目")
    first = IdentityChangeRequest.objects.get()
    _rename(owner, declared, name="株式会社一番目", address="港区3-3")  # same request again
    assert IdentityChangeRequest.objects.get() == first
    _rename(owner, declared, name="株式会社二番目")
    first.refresh_from_db()
    assert first.status == Status.WITHDRAWN
    assert first.decided_by == owner
    second = IdentityChangeRequest.objects.get(status=Status.PENDING)
    assert second.after == {"name": "株式会社二番目"}
    withdrawn = AuditEvent.objects.get(action="identity_change.withdraw")
    assert withdrawn.object_id == str(first.pk) and "replaced" in withdrawn.message


def test_the_owner_withdraws_a_pending_request_and_a_member_cannot(owner, declared, django_user_model):
    _rename(owner, declared, name="株式会社取り下げ")
    change = IdentityChangeRequest.objects.get()
    member = make_user(django_user_model, "member@example.jp")
    Membership.objects.create(organization=declared, user=member)
    with pytest.raises(AccessDenied):
        identity_change_withdraw(member, change)
    identity_change_withdraw(owner, change)
    change.refresh_from_db()
    assert change.status == Status.WITHDRAWN
    assert selectors.identity_change_pending(declared) is None
    with pytest.raises(ServiceError):
        identity_change_withdraw(owner, change)
    declared.refresh_from_db()
    assert declared.name == "株式会社サンプル商事"


def test_a_verified_number_cannot_be_changed_by_the_owner(owner, organization):
    verify(organization)
    with pytest.raises(ServiceError) as exc:
        _rename(owner, organization, corporate_number=OTHER_NUMBER)
    assert "GビズIDで確認済み" in exc.value.message_dict["corporate_number"][0]
    organization.refresh_from_db()
    assert organization.corporate_number == VALID_NUMBER
    assert not IdentityChangeRequest.objects.exists()


def test_a_verified_organisations_name_change_is_queued_like_any_other(owner, declared):
    verify(declared)
    _rename(owner, declared, name="株式会社確認済み新名称")
    declared.refresh_from_db()
    assert declared.name == "株式会社サンプル商事"
    assert IdentityChangeRequest.objects.get().after == {"name": "株式会社確認済み新名称"}


def test_a_verified_organisation_sharing_its_number_with_an_unverified_one_still_changes_its_address(
    owner, organization
):
    verify(organization)
    Organization.objects.create(
        **{**_cleaned(), "name": "なりすまし"}
    )  # the unverified holder, until staff act
    _rename(owner, organization, address="港区4-4")
    organization.refresh_from_db()
    assert organization.address == "港区4-4"


def _cleaned() -> dict[str, Any]:
    from secaction.organizations.validation import organization_data_clean

    return organization_data_clean(org_data())


def test_staff_accept_applies_the_change_publishes_it_and_mails_the_owners(owner, declared, office):
    entry_id = declared.declarations.get().declaration_id
    _rename(owner, declared, name="株式会社新サンプル", corporate_number=OTHER_NUMBER)
    change = IdentityChangeRequest.objects.get()
    with pytest.raises(AccessDenied):
        identity_change_accept(owner, change, "")
    identity_change_accept(office, change, "登記簿で確認しました")
    declared.refresh_from_db()
    assert (declared.name, declared.corporate_number) == ("株式会社新サンプル", OTHER_NUMBER)
    change.refresh_from_db()
    assert (change.status, change.decided_by, change.reason) == (
        Status.ACCEPTED,
        office,
        "登記簿で確認しました",
    )
    entry = registry_entry_get(entry_id)
    assert entry is not None and entry.name == "株式会社新サンプル"
    assert entry.corporate_number == OTHER_NUMBER
    update = AuditEvent.objects.filter(action="organization.update", actor=office).get()
    assert update.before["name"] == "株式会社サンプル商事" and update.after["name"] == "株式会社新サンプル"
    assert AuditEvent.objects.filter(action="identity_change.accept", actor=office).exists()
    mail = OutgoingMail.objects.get(template="organizations/mail/identity_change_accepted")
    assert mail.to == owner.email
    assert "株式会社サンプル商事 → 株式会社新サンプル" in mail.body_text
    assert "登記簿で確認しました" in mail.body_text
    with pytest.raises(ServiceError):
        identity_change_accept(office, change, "")  # decided already


def test_accept_checks_the_number_again(owner, declared, office, django_user_model):
    _rename(owner, declared, corporate_number=OTHER_NUMBER)
    change = IdentityChangeRequest.objects.get()
    other = make_user(django_user_model, "other@example.jp")
    organization_register(other, org_data(corporate_number=OTHER_NUMBER, name="株式会社先着"))
    with pytest.raises(ServiceError) as exc:
        identity_change_accept(office, change)
    assert "corporate_number" in exc.value.message_dict
    change.refresh_from_db()
    declared.refresh_from_db()
    assert change.status == Status.PENDING and declared.corporate_number == VALID_NUMBER
    assert not OutgoingMail.objects.filter(template__startswith="organizations/mail/identity").exists()


def test_accept_checks_the_check_digit_again(owner, declared, office):
    _rename(owner, declared, corporate_number=OTHER_NUMBER)
    change = IdentityChangeRequest.objects.get()
    IdentityChangeRequest.objects.filter(pk=change.pk).update(after={"corporate_number": "1000012050002"})
    with pytest.raises(ServiceError) as exc:
        identity_change_accept(office, change)
    assert "チェック" in exc.value.message_dict["corporate_number"][0]


def test_accept_is_not_blocked_by_an_old_value_elsewhere(owner, declared, office):
    _rename(owner, declared, name="株式会社新しい名前")
    # An imported or older row may hold a value today's rules refuse; it is not the request's fault.
    Organization.objects.filter(pk=declared.pk).update(contact_phone="123", employees="")
    identity_change_accept(office, IdentityChangeRequest.objects.get())
    declared.refresh_from_db()
    assert declared.name == "株式会社新しい名前" and declared.contact_phone == "123"


def test_accept_refuses_a_number_change_once_the_organisation_is_verified(owner, declared, office):
    _rename(owner, declared, corporate_number=OTHER_NUMBER)
    verify(declared)
    with pytest.raises(ServiceError) as exc:
        identity_change_accept(office, IdentityChangeRequest.objects.get())
    assert "corporate_number" in exc.value.message_dict


def test_staff_reject_needs_a_reason_keeps_the_values_and_mails_it(owner, declared, office):
    _rename(owner, declared, name="株式会社却下")
    change = IdentityChangeRequest.objects.get()
    with pytest.raises(AccessDenied):
        identity_change_reject(owner, change, "自分で")
    with pytest.raises(ServiceError) as exc:
        identity_change_reject(office, change, "  ")
    assert "reason" in exc.value.message_dict
    identity_change_reject(office, change, "法人番号公表サイトの名称と違います")
    change.refresh_from_db()
    declared.refresh_from_db()
    assert change.status == Status.REJECTED and declared.name == "株式会社サンプル商事"
    mail = OutgoingMail.objects.get(template="organizations/mail/identity_change_rejected")
    assert "法人番号公表サイトの名称と違います" in mail.body_text
    assert (
        AuditEvent.objects.get(action="identity_change.reject").message
        == "法人番号公表サイトの名称と違います"
    )


def test_the_mail_is_in_the_owners_language(owner, declared, office):
    owner.language = "en"
    owner.save(update_fields=["language"])
    _rename(owner, declared, entity_type="other", name="Sample Association")
    identity_change_reject(office, IdentityChangeRequest.objects.get(), "理由")
    mail = OutgoingMail.objects.get(template="organizations/mail/identity_change_rejected")
    assert mail.language == "en"
    assert "was not applied" in mail.subject
    assert "Corporation → Other organisation" in mail.body_text


def test_a_direct_change_after_the_declaration_ended_withdraws_the_stale_request(owner, declared):
    _rename(owner, declared, name="株式会社古い申請")
    Declaration.objects.filter(organization=declared).update(status="withdrawn")
    _rename(owner, declared, name="株式会社直接変更")
    declared.refresh_from_db()
    assert declared.name == "株式会社直接変更"
    assert IdentityChangeRequest.objects.get().status == Status.WITHDRAWN


def test_the_history_lists_every_change_newest_first(owner, declared, office):
    _rename(owner, declared, address="港区5-5")
    _rename(owner, declared, name="株式会社履歴")
    identity_change_accept(office, IdentityChangeRequest.objects.get(), "")
    rows = selectors.organization_history(declared)
    by_action = [(r.action.split(" ")[0], r.field, r.before, r.after) for r in rows]
    accepted_update = ("organization.update", "事業者名(正式名称)", "株式会社サンプル商事", "株式会社履歴")
    address = ("organization.update", "住所(市区町村以降)", "千代田区霞が関1-2-3", "港区5-5")
    request = ("identity_change.request", "事業者名(正式名称)", "株式会社サンプル商事", "株式会社履歴")
    assert accepted_update in by_action and address in by_action and request in by_action
    assert by_action.index(accepted_update) < by_action.index(request) < by_action.index(address)
    assert by_action[-1][0] == "organization.register"
    assert rows[0].at >= rows[-1].at
    assert all(r.field != "更新日時" for r in rows)
