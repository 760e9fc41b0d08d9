"""The back office has no write path around the services.

For each model staff can open: a POST to its change, add and delete pages changes
nothing; the staff actions go through the services and each writes an audit event.
"""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.test import override_settings
from django.urls import reverse

from secaction.core.models import AuditEvent
from secaction.institutions.models import ApiKey
from secaction.institutions.services import api_key_issue
from secaction.organizations.models import Invitation, Membership, Organization
from secaction.organizations.services import invitation_create, organization_register
from tests.organizations.conftest import make_user, org_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_no_mfa")]


@pytest.fixture
def _no_mfa():
    with override_settings(BACKOFFICE_REQUIRE_MFA=False):
        yield


@pytest.fixture
def office(django_user_model):
    return django_user_model.objects.create_superuser(email="office@example.jp", password="pw-123456789")


@pytest.fixture
def staff(client, office):
    client.force_login(office)
    return client


@pytest.fixture
def owner(django_user_model):
    return make_user(django_user_model, "owner@example.jp")


@pytest.fixture
def organization(owner):
    return organization_register(owner, org_data())


@pytest.fixture
def invitation(owner, organization):
    return invitation_create(owner, organization, "new@example.jp")


def _url(obj: Any, view: str) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk] if view != "add" else [])


def _snapshot(obj: Any) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


@pytest.fixture
def records(owner, organization, invitation, office):
    key, _plain = api_key_issue(institution="県の補助金窓口", contact="hojo@example.jp", actor=office)
    return [
        organization,
        Membership.objects.get(user=owner),
        invitation,
        owner,
        key,
        EmailAddress.objects.get(user=owner),
    ]


HOSTILE = {
    "name": "乗っ取り株式会社",
    "corporate_number": "8000012050002",  # a wrong check digit the site would refuse
    "is_active": "",
    "role": "owner",
    "email": "attacker@example.jp",
    "is_staff": "on",
    "is_superuser": "on",
    "revoked_at": "",
    "institution": "改ざん",
    "verified": "on",
    "_save": "保存",
}


def test_posting_to_change_pages_changes_nothing(staff, records):
    for obj in records:
        before = _snapshot(obj)
        assert staff.get(_url(obj, "change")).status_code == 200, obj
        response = staff.post(_url(obj, "change"), HOSTILE)
        assert response.status_code in (302, 403), obj
        obj.refresh_from_db()
        assert _snapshot(obj) == before, obj


def test_add_and_delete_pages_are_refused(staff, records):
    for obj in records:
        assert staff.post(_url(obj, "delete"), {"post": "yes"}).status_code == 403, obj
        obj.refresh_from_db()  # still there
        if not isinstance(obj, ApiKey):  # a key is issued through the add form (tested below)
            assert staff.post(_url(obj, "add"), HOSTILE).status_code == 403, obj
    assert Organization.objects.count() == 1 and Invitation.objects.count() == 1


def test_the_password_page_and_groups_are_gone(staff, owner):
    assert staff.get(f"/backoffice/accounts/user/{owner.pk}/password/").status_code in (302, 404)
    assert staff.get("/backoffice/auth/group/").status_code == 404
    assert owner.check_password("pw-12345678!")


def test_bulk_delete_action_is_not_offered(staff, records):
    organization = records[0]
    response = staff.post(
        reverse("admin:organizations_organization_changelist"),
        {"action": "delete_selected", "_selected_action": [organization.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert Organization.objects.filter(pk=organization.pk).exists()


def test_deactivate_and_reactivate_an_organisation_are_audited(staff, organization, office):
    url = reverse("admin:organizations_organization_deactivate", args=[organization.pk])
    assert staff.post(url, {"reason": ""}).status_code == 200  # the reason is required
    organization.refresh_from_db()
    assert organization.is_active
    response = staff.post(url, {"reason": "重複登録(問合せ番号 123)"})
    assert response.status_code == 302
    organization.refresh_from_db()
    assert not organization.is_active
    event = AuditEvent.objects.get(action="organization.deactivate")
    assert event.actor == office and event.message == "重複登録(問合せ番号 123)"
    url = reverse("admin:organizations_organization_reactivate", args=[organization.pk])
    assert staff.post(url, {"reason": "誤って無効にしたため"}).status_code == 302
    organization.refresh_from_db()
    assert organization.is_active
    assert AuditEvent.objects.filter(action="organization.reactivate", actor=office).exists()
    assert not LogEntry.objects.exists()


def test_reactivation_keeps_one_active_organisation_per_corporate_number(
    staff, organization, office, django_user_model
):
    from secaction.organizations.services import organization_deactivate

    organization_deactivate(office, organization, reason="廃業")
    newcomer = make_user(django_user_model, "second@example.jp")
    organization_register(newcomer, org_data(contact_email="second@example.jp"))
    url = reverse("admin:organizations_organization_reactivate", args=[organization.pk])
    response = staff.post(url, {"reason": "戻す"})
    assert response.status_code == 200
    assert "既に登録されています" in response.text
    organization.refresh_from_db()
    assert not organization.is_active
    assert not AuditEvent.objects.filter(action="organization.reactivate").exists()


def test_revoke_invitations_action_is_audited(staff, invitation, office):
    response = staff.post(
        reverse("admin:organizations_invitation_changelist"),
        {"action": "revoke_selected", "_selected_action": [invitation.pk]},
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert AuditEvent.objects.filter(action="invitation.revoke", actor=office).exists()


def test_email_change_form_is_audited_and_the_old_address_stops(staff, owner, office):
    url = reverse("admin:accounts_user_email_change", args=[owner.pk])
    assert staff.get(url).status_code == 200
    response = staff.post(url, {"email": "New.Owner@example.jp", "reason": "電話で本人確認"})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.email == "new.owner@example.jp"
    addresses = list(EmailAddress.objects.filter(user=owner).values_list("email", "verified", "primary"))
    assert addresses == [("new.owner@example.jp", False, True)]
    event = AuditEvent.objects.get(action="account.email_change", actor=office)
    assert event.before == {"email": "owner@example.jp"} and event.after == {"email": "new.owner@example.jp"}


def test_email_change_refuses_an_address_in_use(staff, owner, django_user_model):
    make_user(django_user_model, "taken@example.jp")
    url = reverse("admin:accounts_user_email_change", args=[owner.pk])
    response = staff.post(url, {"email": "TAKEN@example.jp", "reason": "本人の依頼"})
    assert response.status_code == 200
    assert "別のアカウント" in response.text
    owner.refresh_from_db()
    assert owner.email == "owner@example.jp"


def test_staff_flag_actions_are_audited(staff, owner, office):
    changelist = reverse("admin:accounts_user_changelist")
    staff.post(changelist, {"action": "staff_grant", "_selected_action": [owner.pk]})
    owner.refresh_from_db()
    assert owner.is_staff
    staff.post(changelist, {"action": "staff_revoke", "_selected_action": [owner.pk, office.pk]})
    owner.refresh_from_db()
    office.refresh_from_db()
    assert not owner.is_staff
    assert office.is_staff  # nobody takes their own role away
    events = AuditEvent.objects.filter(action="account.staff_set", object_id=str(owner.pk)).order_by("pk")
    assert [e.after["is_staff"] for e in events] == [True, False]


def test_api_key_issue_and_revoke_are_audited(staff, office):
    response = staff.post(
        reverse("admin:institutions_apikey_add"),
        {"institution": "市の窓口", "contact": "c@example.jp", "note": ""},
    )
    assert response.status_code == 302
    key = ApiKey.objects.get(institution="市の窓口")
    assert key.created_by == office
    staff.post(
        reverse("admin:institutions_apikey_changelist"), {"action": "revoke", "_selected_action": [key.pk]}
    )
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert AuditEvent.objects.filter(action="api_key.issue", actor=office).exists()
    assert AuditEvent.objects.filter(action="api_key.revoke", actor=office).exists()


def test_the_index_points_to_the_audit_log_not_recent_actions(staff):
    html = staff.get(reverse("admin:index")).text
    assert reverse("admin:core_auditevent_changelist") in html
    assert 'id="recent-actions-module"' not in html


def test_a_staff_member_without_superuser_cannot_grant_the_role(client, owner, django_user_model):
    from secaction.accounts.services import user_staff_set
    from secaction.core.errors import AccessDenied

    clerk = django_user_model.objects.create_user(email="clerk@example.jp", is_staff=True)
    with pytest.raises(AccessDenied):
        user_staff_set(clerk, owner, is_staff=True)
    owner.refresh_from_db()
    assert not owner.is_staff
