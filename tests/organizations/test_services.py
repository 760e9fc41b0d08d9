import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from secaction.core.models import AuditEvent, OutgoingMail
from secaction.organizations import selectors
from secaction.organizations.models import Invitation, Membership, Organization
from secaction.organizations.permissions import organization_role
from secaction.organizations.services import (
    invitation_accept,
    invitation_create,
    invitation_revoke,
    membership_deactivate,
    organization_register,
    organization_update,
)
from secaction.organizations.validation import organization_data_clean

from .conftest import OTHER_NUMBER, VALID_NUMBER, make_user, org_data

pytestmark = pytest.mark.django_db


def test_register_normalises_creates_owner_and_audits(owner):
    org = organization_register(owner, org_data())
    assert org.corporate_number == VALID_NUMBER
    assert org.name_kana == "サンプルショウジ"
    assert org.postal_code == "100-0013"
    membership = Membership.objects.get(organization=org)
    assert membership.user == owner and membership.role == Membership.Role.OWNER
    assert selectors.organization_for_user(owner) == org
    assert organization_role(owner, org) == Membership.Role.OWNER
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"organization.register", "membership.create"} <= actions
    event = AuditEvent.objects.get(action="organization.register")
    assert event.after["corporate_number"] == VALID_NUMBER
    assert event.actor == owner


def test_second_active_registration_with_same_number_is_refused(owner, django_user_model):
    organization_register(owner, org_data())
    other = make_user(django_user_model, "other@example.jp")
    with pytest.raises(ValidationError) as exc:
        organization_register(other, org_data(name="別の会社"))
    assert "既に登録されています" in str(exc.value.message_dict["corporate_number"])
    assert Organization.objects.count() == 1
    assert selectors.organization_for_user(other) is None


def test_number_of_a_deactivated_organisation_can_be_registered_again(owner, django_user_model):
    org = organization_register(owner, org_data())
    Organization.objects.filter(pk=org.pk).update(is_active=False)
    other = make_user(django_user_model, "other@example.jp")
    org2 = organization_register(other, org_data())
    assert org2.pk != org.pk


def test_race_on_the_unique_constraint_becomes_a_validation_error(owner, django_user_model, monkeypatch):
    """Two registrations pass the check at the same time; the database keeps one and the other gets the message."""
    organization_register(owner, org_data())
    other = make_user(django_user_model, "other@example.jp")
    calls = {"n": 0}
    real = selectors.organization_unverified_by_corporate_number

    def stale_first_time(number, **kw):
        calls["n"] += 1
        return None if calls["n"] == 1 else real(number, **kw)

    monkeypatch.setattr(selectors, "organization_unverified_by_corporate_number", stale_first_time)
    with pytest.raises(ValidationError) as exc:
        organization_register(other, org_data(name="競合"))
    assert "corporate_number" in exc.value.message_dict
    assert Organization.objects.count() == 1
    assert not Membership.objects.filter(user=other).exists()


def test_integrity_errors_for_other_reasons_are_not_disguised(owner, monkeypatch):
    def boom(*a, **kw):
        raise IntegrityError("something else")

    monkeypatch.setattr(Organization, "save", boom)
    with pytest.raises(IntegrityError):
        organization_register(owner, org_data())


def test_a_user_registers_only_one_organisation(owner):
    organization_register(owner, org_data())
    with pytest.raises(ValidationError, match="1つ"):
        organization_register(owner, org_data(corporate_number=OTHER_NUMBER))


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"corporate_number": ""}, "corporate_number", "法人番号(13桁)を入力"),
        ({"corporate_number": "700001205000"}, "corporate_number", "13桁です。入力された番号は12桁"),
        ({"corporate_number": "8000012050002"}, "corporate_number", "チェック用数字"),
        ({"entity_type": "sole_proprietor"}, "corporate_number", "個人事業主には法人番号はありません"),
        ({"postal_code": "100-001"}, "postal_code", "7桁"),
        ({"name_kana": "株式会社"}, "name_kana", "カタカナ"),
        ({"contact_phone": "12"}, "contact_phone", "電話番号"),
    ],
)
def test_clean_reports_the_wrong_field(overrides, field, text):
    with pytest.raises(ValidationError) as exc:
        organization_data_clean(org_data(**overrides))
    assert text in " ".join(exc.value.message_dict[field])


def test_sole_proprietor_without_number_and_other_body_with_optional_number():
    assert (
        organization_data_clean(org_data(entity_type="sole_proprietor", corporate_number=""))[
            "corporate_number"
        ]
        == ""
    )
    assert (
        organization_data_clean(org_data(entity_type="other", corporate_number=""))["corporate_number"] == ""
    )
    assert organization_data_clean(org_data(entity_type="other"))["corporate_number"] == VALID_NUMBER


def test_model_validation_runs_in_the_service(owner):
    with pytest.raises(ValidationError) as exc:
        organization_register(owner, org_data(prefecture="99", website="not a url"))
    assert {"prefecture", "website"} <= set(exc.value.message_dict)
    assert not Organization.objects.exists()


def test_update_by_owner_audits_before_and_after(organization, owner):
    organization_update(owner, organization, org_data(name="株式会社新社名", postal_code="5300001"))
    organization.refresh_from_db()
    assert organization.name == "株式会社新社名"
    assert organization.postal_code == "530-0001"
    event = AuditEvent.objects.get(action="organization.update")
    assert event.before == {
        "name": "株式会社サンプル商事",
        "postal_code": "100-0013",
        "updated_at": event.before["updated_at"],
    }
    assert event.after["name"] == "株式会社新社名"


def test_update_by_a_member_is_refused(organization, django_user_model):
    member = make_user(django_user_model, "member@example.jp")
    Membership.objects.create(organization=organization, user=member, role=Membership.Role.MEMBER)
    with pytest.raises(PermissionDenied):
        organization_update(member, organization, org_data(name="乗っ取り"))
    organization.refresh_from_db()
    assert organization.name == "株式会社サンプル商事"


def test_update_to_a_number_taken_by_another_organisation_is_refused(organization, django_user_model):
    other = make_user(django_user_model, "other@example.jp")
    org2 = organization_register(other, org_data(corporate_number=OTHER_NUMBER))
    with pytest.raises(ValidationError) as exc:
        organization_update(other, org2, org_data())
    assert "corporate_number" in exc.value.message_dict
    org2.refresh_from_db()
    assert org2.corporate_number == OTHER_NUMBER


def test_update_keeping_own_number_is_fine(organization, owner):
    organization_update(owner, organization, org_data(address="港区1-1"))
    organization.refresh_from_db()
    assert organization.address == "港区1-1"


# --- invitations ---------------------------------------------------------------


def test_invitation_sends_mail_through_the_mail_service(
    organization, owner, django_capture_on_commit_callbacks
):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(owner, organization, "new@example.jp")
    after = timezone.now()
    assert before + dt.timedelta(days=7) <= invitation.expires_at <= after + dt.timedelta(days=7)
    row = OutgoingMail.objects.get(template="organizations/email/invitation")
    assert row.to == "new@example.jp"
    assert invitation.token in mail.outbox[-1].body
    assert invitation.token not in row.body_text  # the stored copy staff read is redacted (issue 10)
    assert "株式会社サンプル商事" in row.subject
    assert mail.outbox[-1].to == ["new@example.jp"]
    assert AuditEvent.objects.filter(action="invitation.create", object_id=str(invitation.pk)).exists()


def test_invitation_mail_in_english_for_an_english_user(organization, owner, django_user_model):
    user = make_user(django_user_model, "en@example.jp")
    user.language = "en"
    user.save()
    invitation_create(owner, organization, "en@example.jp")
    row = OutgoingMail.objects.get(to="en@example.jp")
    assert row.language == "en"


def test_reinviting_revokes_the_older_link(organization, owner):
    first = invitation_create(owner, organization, "new@example.jp")
    second = invitation_create(owner, organization, "NEW@example.jp")
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert list(selectors.invitation_open_list(organization)) == [second]


def test_only_the_owner_invites(organization, django_user_model):
    member = make_user(django_user_model, "member@example.jp")
    Membership.objects.create(organization=organization, user=member)
    with pytest.raises(PermissionDenied):
        invitation_create(member, organization, "x@example.jp")


def test_inviting_an_existing_member_is_refused(organization, owner):
    with pytest.raises(ValidationError, match="既にメンバー"):
        invitation_create(owner, organization, "OWNER@example.jp")


def test_accept_makes_a_member(organization, owner, django_user_model):
    invitation = invitation_create(owner, organization, "new@example.jp")
    user = make_user(django_user_model, "new@example.jp")
    membership = invitation_accept(user, invitation)
    assert membership.role == Membership.Role.MEMBER and membership.is_active
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and not invitation.is_open
    assert selectors.organization_for_user(user) == organization
    assert organization_role(user, organization) != Membership.Role.OWNER
    assert AuditEvent.objects.filter(action="invitation.accept").exists()
    with pytest.raises(ValidationError, match="既に使われています"):
        invitation_accept(user, invitation)


def test_accept_needs_the_invited_verified_address(organization, owner, django_user_model):
    invitation = invitation_create(owner, organization, "new@example.jp")
    stranger = make_user(django_user_model, "stranger@example.jp")
    with pytest.raises(ValidationError, match="new@example.jp 宛て"):
        invitation_accept(stranger, invitation)
    unverified = make_user(django_user_model, "new@example.jp", verified=False)
    with pytest.raises(ValidationError):
        invitation_accept(unverified, invitation)
    assert not Membership.objects.filter(user__in=[stranger, unverified]).exists()


def test_expired_and_revoked_invitations_cannot_be_accepted(organization, owner, django_user_model):
    user = make_user(django_user_model, "new@example.jp")
    invitation = invitation_create(owner, organization, "new@example.jp")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(ValidationError, match="有効期限"):
        invitation_accept(user, invitation)
    second = invitation_create(owner, organization, "new@example.jp")
    invitation_revoke(owner, second)
    with pytest.raises(ValidationError, match="取り消されています"):
        invitation_accept(user, second)
    assert AuditEvent.objects.filter(action="invitation.revoke", object_id=str(second.pk)).exists()


def test_a_member_of_another_organisation_cannot_accept(organization, owner, django_user_model):
    other = make_user(django_user_model, "new@example.jp")
    organization_register(other, org_data(corporate_number=OTHER_NUMBER))
    invitation = invitation_create(owner, organization, "new@example.jp")
    with pytest.raises(ValidationError, match="既に"):
        invitation_accept(other, invitation)


def test_deactivate_member_keeps_the_row_and_reinvite_reactivates(organization, owner, django_user_model):
    user = make_user(django_user_model, "new@example.jp")
    membership = invitation_accept(user, invitation_create(owner, organization, "new@example.jp"))
    membership_deactivate(owner, membership)
    membership.refresh_from_db()
    assert membership.is_active is False
    assert selectors.organization_for_user(user) is None
    assert AuditEvent.objects.filter(action="membership.deactivate").exists()
    again = invitation_accept(user, invitation_create(owner, organization, "new@example.jp"))
    assert again.pk == membership.pk and again.is_active


def test_owner_cannot_be_deactivated_and_members_cannot_deactivate(organization, owner, django_user_model):
    own = Membership.objects.get(user=owner)
    with pytest.raises(ValidationError):
        membership_deactivate(owner, own)
    member = make_user(django_user_model, "m@example.jp")
    m = Membership.objects.create(organization=organization, user=member)
    with pytest.raises(PermissionDenied):
        membership_deactivate(member, own)
    with pytest.raises(PermissionDenied):
        invitation_revoke(member, invitation_create(owner, organization, "z@example.jp"))
    assert m.is_active


def test_open_invitations_for_user_match_verified_addresses_case_insensitively(
    organization, owner, django_user_model
):
    invitation_create(owner, organization, "New@Example.jp")
    user = make_user(django_user_model, "new@example.jp")
    assert [i.organization for i in selectors.invitation_open_for_user(user)] == [organization]
    stranger = make_user(django_user_model, "s@example.jp", verified=False)
    assert list(selectors.invitation_open_for_user(stranger)) == []
