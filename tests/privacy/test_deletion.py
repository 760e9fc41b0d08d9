"""Deletion: requested with the password, anonymised once the grace period has passed; stoppable, cancellable."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from secaction.core.errors import ServiceError
from secaction.core.models import AuditEvent, OutgoingMail
from secaction.organizations.models import Membership
from secaction.privacy.models import DataRequest
from secaction.privacy.services import (
    correction_answer,
    correction_request,
    deletion_cancel,
    deletion_request,
    deletion_stop,
    deletions_due_apply,
)

pytestmark = pytest.mark.django_db


def test_deletion_anonymises_the_person_after_the_grace_period_and_keeps_the_declaration(
    client, clock, org, owner, member, staff, declared, settings
):
    settings.PRIVACY_DELETION_GRACE_DAYS = 30
    SocialAccount.objects.create(user=member, provider="gbizid", uid="gbiz-123", extra_data={"name": "田中"})
    member.first_name, member.last_name = "花子", "田中"
    member.save()

    request = deletion_request(member, password="pw-Secret-123")
    assert request.status == "scheduled" and request.due_at == clock.now.replace(month=5, day=1)
    assert OutgoingMail.objects.filter(to="member@example.jp", template="privacy/mail/deletion_scheduled")
    assert OutgoingMail.objects.filter(to="staff@example.jp", template="privacy/mail/office_request")

    clock.move(days=29)
    assert deletions_due_apply() == 0
    member.refresh_from_db()
    assert member.email == "member@example.jp" and member.is_active

    clock.move(days=1, seconds=1)
    assert deletions_due_apply() == 1
    member.refresh_from_db()
    assert member.email == f"deleted-{member.pk}@invalid"
    assert (member.first_name, member.last_name) == ("", "")
    assert not member.is_active and not member.has_usable_password()
    assert not EmailAddress.objects.filter(user=member).exists()
    social = SocialAccount.objects.get(user=member)
    assert social.uid != "gbiz-123" and social.extra_data == {}
    membership = Membership.objects.get(user=member)
    assert membership.is_active is False  # ended, not deleted
    request.refresh_from_db()
    assert request.status == "done"
    assert AuditEvent.objects.filter(action="privacy.user_anonymised", object_id=str(member.pk)).exists()
    # The mail journal no longer names them, and no longer holds what was written to them.
    assert not OutgoingMail.objects.filter(to="member@example.jp").exclude(status="queued").exists()
    # The organisation and its declaration stay public.
    declared.refresh_from_db()
    assert declared.status == "active"
    page = client.get(reverse("registry:verify", args=[declared.declaration_id]))
    assert page.status_code == 200 and org.name in page.content.decode()
    assert deletions_due_apply() == 0  # done once


def test_a_wrong_password_is_refused(member):
    with pytest.raises(ServiceError):
        deletion_request(member, password="wrong")
    assert not DataRequest.objects.exists()


def test_one_scheduled_deletion_at_a_time(member):
    deletion_request(member, password="pw-Secret-123")
    with pytest.raises(ServiceError):
        deletion_request(member, password="pw-Secret-123")


def test_the_person_cancels_before_it_is_due(clock, member):
    deletion_request(member, password="pw-Secret-123")
    request = deletion_cancel(member)
    assert request.status == "stopped" and request.handled_by == member
    clock.move(days=31)
    assert deletions_due_apply() == 0
    member.refresh_from_db()
    assert member.is_active and member.email == "member@example.jp"
    with pytest.raises(ServiceError):
        deletion_cancel(member)


def test_staff_stop_a_pending_deletion_with_a_reason(clock, member, staff):
    request = deletion_request(member, password="pw-Secret-123")
    with pytest.raises(ServiceError):
        deletion_stop(staff, request, reason="")
    stopped = deletion_stop(staff, request, reason="係争中のため")
    assert stopped.status == "stopped" and stopped.note == "係争中のため" and stopped.handled_by == staff
    assert OutgoingMail.objects.filter(to=member.email, template="privacy/mail/deletion_stopped").exists()
    assert AuditEvent.objects.filter(action="privacy.deletion_stopped", actor=staff).exists()
    clock.move(days=31)
    assert deletions_due_apply() == 0
    with pytest.raises(ServiceError):
        deletion_stop(staff, stopped, reason="again")


def test_the_last_owner_of_a_declared_organisation_may_leave_and_the_office_is_told(owner, staff, declared):
    deletion_request(owner, password="pw-Secret-123")
    event = AuditEvent.objects.get(action="privacy.deletion_requested")
    assert event.after["last_owner_of_active_declaration"] is True
    office = OutgoingMail.objects.get(to=staff.email, template="privacy/mail/office_request")
    assert "ただ一人の管理者" in office.body_text


def test_a_correction_request_reaches_the_office_and_staff_answer_it(member, staff, settings):
    settings.PRIVACY_OFFICE_EMAIL = "privacy-office@example.jp"
    with pytest.raises(ServiceError):
        correction_request(member, "  ")
    request = correction_request(member, "代表者名の表記が違います")
    assert request.status == "pending" and request.organization_id is not None
    office = OutgoingMail.objects.get(to="privacy-office@example.jp")
    assert "代表者名の表記が違います" in office.body_text
    answered = correction_answer(staff, request, note="訂正しました")
    assert answered.status == "answered" and answered.handled_by == staff
    with pytest.raises(ServiceError):
        correction_answer(staff, answered, note="again")


def test_the_pages_request_and_cancel(client, member):
    client.force_login(member)
    response = client.post(reverse("privacy:deletion"), {"password": "wrong"})
    assert response.status_code == 200 and "パスワードが正しくありません" in response.content.decode()
    response = client.post(reverse("privacy:deletion"), {"password": "pw-Secret-123"})
    assert response.status_code == 302
    assert "アカウントの削除が予定されています" in client.get(reverse("mypage:index")).content.decode()
    client.post(reverse("privacy:deletion_cancel"))
    assert DataRequest.objects.get().status == "stopped"
    response = client.post(reverse("privacy:correction"), {"body": "住所が違います"})
    assert response.status_code == 302
    assert DataRequest.objects.filter(kind="correction").exists()
