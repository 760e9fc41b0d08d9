"""Staff resend mails that failed for good, through a service that checks and audits (issue 10, finding 3)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from secaction.accounts.services import mail_resend
from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.models import AuditEvent, OutgoingMail
from secaction.core.services import mail_queue
from tests.organizations.conftest import make_user

pytestmark = pytest.mark.django_db


def _failed(to: str = "lost@example.jp") -> OutgoingMail:
    row = mail_queue(to=to, subject="件名", body_text="本文", language="ja", template="t")
    OutgoingMail.objects.filter(pk=row.pk).update(
        status="failed", attempts=17, last_error="SMTPDataError: 451"
    )
    row.refresh_from_db()
    return row


@pytest.fixture
def office(django_user_model):
    return django_user_model.objects.create_superuser(email="office@example.jp", password="pw-123456789")


def test_staff_resend_a_failed_mail_and_it_is_audited(office, django_capture_on_commit_callbacks):
    row = _failed()
    with django_capture_on_commit_callbacks(execute=True):
        mail_resend(office, row)
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT
    assert [m.to for m in mail.outbox] == [["lost@example.jp"]]
    event = AuditEvent.objects.get(action="mail.resend")
    assert event.actor == office and event.object_id == str(row.pk)
    assert event.before["status"] == "failed" and event.after["status"] == "queued"


def test_only_failed_mails_with_their_sendable_copy_can_be_resent(office):
    sent = _failed()
    OutgoingMail.objects.filter(pk=sent.pk).update(status="sent")
    sent.refresh_from_db()
    with pytest.raises(ServiceError):
        mail_resend(office, sent)
    expired = _failed("old@example.jp")
    OutgoingMail.objects.filter(pk=expired.pk).update(send_text="")
    expired.refresh_from_db()
    with pytest.raises(ServiceError):
        mail_resend(office, expired)
    assert not AuditEvent.objects.filter(action="mail.resend").exists()


def test_a_declarer_cannot_resend(django_user_model):
    with pytest.raises(AccessDenied):
        mail_resend(make_user(django_user_model, "owner@example.jp"), _failed())


@override_settings(BACKOFFICE_REQUIRE_MFA=False)
def test_the_back_office_action_resends_through_the_service(
    client, office, django_capture_on_commit_callbacks
):
    failed, sent = _failed("a@example.jp"), _failed("b@example.jp")
    OutgoingMail.objects.filter(pk=sent.pk).update(status="sent")
    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:core_outgoingmail_changelist"),
            {"action": "resend", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [["a@example.jp"]]
    assert AuditEvent.objects.filter(action="mail.resend").count() == 1
    # The mail that was not failed is refused with a message, not resent.
    assert "送信に失敗したメールだけを再送できます。" in response.content.decode()
