from unittest import mock

import pytest
from django.core import mail
from django.db import transaction

from secaction.core.models import OutgoingMail
from secaction.core.services import mail_queue, mail_retry_delay

pytestmark = pytest.mark.django_db


def _queue(to: str = "a@example.jp") -> OutgoingMail:
    return mail_queue(to=to, subject="件名", body_text="本文", language="ja", template="test")


def test_mail_is_sent_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row = _queue()
    assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT
    assert row.attempts == 1
    assert mail.outbox[0].to == ["a@example.jp"]
    assert mail.outbox[0].subject.endswith("件名")


def test_nothing_is_sent_or_stored_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            _queue()
            raise RuntimeError("boom")
    assert mail.outbox == []
    assert not OutgoingMail.objects.exists()


def test_failed_delivery_is_retried_then_marked_failed(settings, django_capture_on_commit_callbacks):
    settings.MAIL_MAX_ATTEMPTS = 3
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("smtp down")):
        with django_capture_on_commit_callbacks(execute=True):
            row = _queue()
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.FAILED
    assert row.attempts == 3
    assert "smtp down" in row.last_error


def test_transient_failure_recovers_on_retry(django_capture_on_commit_callbacks):
    real_send = mail.EmailMultiAlternatives.send
    calls = {"n": 0}

    def flaky(self, *a, **kw):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("temporary")
        return real_send(self, *a, **kw)

    with mock.patch("django.core.mail.EmailMultiAlternatives.send", flaky):
        with django_capture_on_commit_callbacks(execute=True):
            row = _queue()
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT
    assert row.attempts == 2
    assert len(mail.outbox) == 1


def test_retry_delay_grows_and_is_capped():
    delays = [mail_retry_delay(n).total_seconds() for n in range(1, 9)]
    assert delays[:4] == [60, 120, 240, 480]
    assert max(delays) == 3600
