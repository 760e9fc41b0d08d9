"""The programme office's services on organisations and invitations (called by the back office)."""

from __future__ import annotations

import pytest

from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.models import AuditEvent
from secaction.organizations import selectors
from secaction.organizations.services import (
    invitation_accept,
    invitation_create,
    invitation_revoke_by_staff,
    organization_deactivate,
    organization_reactivate,
    organization_register,
    organization_update,
)

from .conftest import make_user, org_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(django_user_model):
    return django_user_model.objects.create_user(email="office@example.jp", is_staff=True)


def test_deactivation_needs_a_reason_and_ends_the_members_access(organization, owner, office):
    with pytest.raises(ServiceError) as exc:
        organization_deactivate(office, organization, reason="  ")
    assert "reason" in exc.value.message_dict
    organization_deactivate(office, organization, reason="重複登録")
    organization_deactivate(office, organization, reason="二度目")  # harmless, not audited again
    assert selectors.membership_for_user(owner) is None
    with pytest.raises(AccessDenied):
        organization_update(owner, organization, org_data(name="変更"))
    events = AuditEvent.objects.filter(action="organization.deactivate")
    assert [(e.actor, e.message, e.before, e.after) for e in events] == [
        (office, "重複登録", {"is_active": True}, {"is_active": False})
    ]


def test_reactivation_is_refused_while_the_number_is_taken_again(organization, office, django_user_model):
    organization_deactivate(office, organization, reason="廃業")
    other = make_user(django_user_model, "other@example.jp")
    taken = organization_register(other, org_data(contact_email="other@example.jp"))
    with pytest.raises(ServiceError) as exc:
        organization_reactivate(office, organization, reason="誤り")
    assert "corporate_number" in exc.value.message_dict
    organization_deactivate(office, taken, reason="重複")
    organization_reactivate(office, organization, reason="誤り")
    organization.refresh_from_db()
    assert organization.is_active


def test_staff_revoke_an_open_invitation_but_not_an_accepted_one(
    organization, owner, office, django_user_model
):
    open_one = invitation_create(owner, organization, "a@example.jp")
    invitation_revoke_by_staff(office, open_one, reason="宛先の誤り")
    open_one.refresh_from_db()
    assert open_one.revoked_at is not None
    assert AuditEvent.objects.get(action="invitation.revoke", actor=office).message == "宛先の誤り"
    accepted = invitation_create(owner, organization, "b@example.jp")
    invitation_accept(make_user(django_user_model, "b@example.jp"), accepted)
    with pytest.raises(ServiceError, match="承諾"):
        invitation_revoke_by_staff(office, accepted)


def test_a_member_or_owner_is_not_staff(organization, owner):
    with pytest.raises(AccessDenied):
        organization_deactivate(owner, organization, reason="自分で")
    organization.refresh_from_db()
    assert organization.is_active
