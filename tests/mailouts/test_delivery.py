"""The delivery engine against a real SMTP peer (aiosmtpd on 127.0.0.1) and Django's locmem backend."""

from __future__ import annotations

import datetime as dt
import smtplib
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from secaction.mailouts.models import Mailout, Recipient, Suppression
from secaction.mailouts.services import (
    Pacer,
    mailout_batch_send_now,
    mailout_deliveries_start,
    suppression_add,
)
from secaction.mailouts.smtp import TwoPhaseSMTP

from .conftest import mailout_make, statuses
from .delivery_sink import Sink, sink_running

pytestmark = pytest.mark.django_db


def _sending(mailout: Mailout) -> Mailout:
    Mailout.objects.filter(pk=mailout.pk).update(status="sending", started_at=timezone.now())
    mailout.refresh_from_db()
    return mailout


def test_start_sends_everything_through_the_tasks_and_finishes(office, django_capture_on_commit_callbacks):
    mailout = mailout_make(office, recipients=5)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert mailout_deliveries_start(mailout.pk) == 4
    assert len(callbacks) == 4
    mailout.refresh_from_db()
    assert mailout.status == "done" and mailout.finished_at is not None and mailout.started_at is not None
    assert statuses(mailout) == {"sent": 5}
    assert sorted(m.to[0] for m in mail.outbox) == [f"user{i}@example.jp" for i in range(5)]
    # A second start (a repeated build task) queues nothing.
    assert mailout_deliveries_start(mailout.pk) == 0


def test_start_does_not_revive_a_cancelled_mailout(office):
    mailout = mailout_make(office, status="cancelled")
    assert mailout_deliveries_start(mailout.pk) == 0
    mailout.refresh_from_db()
    assert mailout.status == "cancelled"


def test_smtp_messages_carry_the_headers_and_one_session_serves_the_batch(office, settings):
    mailout = _sending(mailout_make(office, recipients=4))
    with sink_running(settings) as sink:
        outcome = mailout_batch_send_now(mailout.pk)
    assert (outcome.claimed, outcome.sent) == (4, 4)
    assert len(sink.sessions) == 1  # connection reuse: one SMTP session for the batch
    rows = {r.email: r for r in Recipient.objects.filter(mailout=mailout)}
    assert sorted(sink.message_ids()) == sorted(r.message_id for r in rows.values())
    first = next(m for m in sink.messages if m["To"] == "user0@example.jp")
    assert first["Message-ID"] == rows["user0@example.jp"].message_id
    assert first["Subject"].strip() == settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + "お知らせ 株式会社0"
    assert first.get_content().splitlines()[:2] == ["株式会社0 様", "本文です。"]
    assert (
        first["List-Unsubscribe"].strip().startswith("<http")
        and "/mail/unsubscribe/" in first["List-Unsubscribe"]
    )
    assert first["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert all(r.status == "sent" and r.sent_at and r.attempts == 1 for r in rows.values())
    # The next run finds nothing left and closes the mail-out.
    last = mailout_batch_send_now(mailout.pk)
    assert last.done and last.again_at is None
    mailout.refresh_from_db()
    assert mailout.status == "done"


def test_a_5xx_to_rcpt_or_to_the_final_dot_is_a_hard_bounce_and_suppresses_the_address(office, settings):
    mailout = _sending(mailout_make(office, recipients=4))
    sink = Sink(
        rcpt_replies={"user1@example.jp": "550 5.1.1 no such user"},
        data_replies={"user2@example.jp": "554 5.7.1 rejected"},
    )
    with sink_running(settings, sink):
        outcome = mailout_batch_send_now(mailout.pk)
    assert (outcome.sent, outcome.bounced) == (2, 2)
    assert statuses(mailout) == {"sent": 2, "bounced": 2}
    assert sorted(sink.message_ids()) == sorted(
        Recipient.objects.filter(mailout=mailout, status="sent").values_list("message_id", flat=True)
    )
    bounced = Suppression.objects.get(email="user1@example.jp")
    assert (bounced.reason, bounced.mailout_id) == ("bounced", mailout.pk) and "550" in bounced.detail
    assert "554" in Suppression.objects.get(email="user2@example.jp").detail
    assert "550" in Recipient.objects.get(mailout=mailout, email="user1@example.jp").last_error


def test_a_4xx_to_the_final_dot_is_retried_later_then_given_up(office, settings):
    settings.MAILOUT_MAX_ATTEMPTS = 2
    mailout = _sending(mailout_make(office, recipients=2))
    sink = Sink(data_replies={"user0@example.jp": "451 4.3.0 try later"})
    before = timezone.now()
    with sink_running(settings, sink):
        first = mailout_batch_send_now(mailout.pk)
        row = Recipient.objects.get(mailout=mailout, email="user0@example.jp")
        assert (first.sent, first.retrying, row.status, row.attempts) == (1, 1, "retrying", 1)
        assert row.next_attempt_at >= before + dt.timedelta(seconds=settings.MAIL_RETRY_BASE_SECONDS)
        assert "451" in row.last_error
        # Not due yet: the chain sleeps until the retry instead of ending or spinning.
        idle = mailout_batch_send_now(mailout.pk)
        assert idle.claimed == 0 and idle.again_at == row.next_attempt_at
        Recipient.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
        second = mailout_batch_send_now(mailout.pk)
    row.refresh_from_db()
    assert (second.claimed, row.status, row.attempts) == (1, "failed", 2)
    assert sink.message_ids() == [Recipient.objects.get(email="user1@example.jp").message_id]
    assert mailout_batch_send_now(mailout.pk).done


def test_a_server_that_is_down_leaves_the_batch_for_a_retry(office, settings):
    mailout = _sending(mailout_make(office, recipients=3))
    with sink_running(settings):
        pass  # the port is closed again: connection refused
    outcome = mailout_batch_send_now(mailout.pk)
    assert (outcome.claimed, outcome.sent, outcome.retrying) == (3, 0, 3)
    assert statuses(mailout) == {"retrying": 3}


def test_an_address_suppressed_after_the_build_gets_nothing(office, settings):
    mailout = _sending(mailout_make(office, recipients=3))
    suppression_add("USER1@example.jp", reason=Suppression.Reason.UNSUBSCRIBED)
    with sink_running(settings) as sink:
        outcome = mailout_batch_send_now(mailout.pk)
    assert (outcome.sent, outcome.cancelled) == (2, 1)
    row = Recipient.objects.get(mailout=mailout, email="user1@example.jp")
    assert row.status == "cancelled" and "unsubscribed" in row.last_error
    assert len(sink.message_ids()) == 2


def test_the_server_discards_a_message_whose_commit_fails_or_raises(settings):
    """The two-phase property itself: without the final dot the server accepts nothing."""
    message = b"From: a@example.jp\r\nTo: b@example.jp\r\nMessage-ID: <x@example.jp>\r\n\r\n.leading dot\r\n"
    with sink_running(settings) as sink:
        with TwoPhaseSMTP() as session, pytest.raises(smtplib.SMTPServerDisconnected):
            session.send("a@example.jp", "b@example.jp", message, lambda: False)

        def crash() -> bool:
            raise RuntimeError("worker died before the commit")

        with TwoPhaseSMTP() as session, pytest.raises(RuntimeError):
            session.send("a@example.jp", "b@example.jp", message, crash)
        with TwoPhaseSMTP() as session:
            reply = session.send("a@example.jp", "b@example.jp", message, lambda: True)
    assert reply.ok
    assert len(sink.messages) == 1  # only the committed one
    assert sink.messages[0].get_content().splitlines() == [
        ".leading dot"
    ]  # dot-stuffing undone by the server


def test_a_batch_of_a_paused_mailout_claims_nothing(office):
    mailout = mailout_make(office, status="paused")
    outcome = mailout_batch_send_now(mailout.pk)
    assert (outcome.claimed, outcome.again_at) == (0, None)
    assert statuses(mailout) == {"pending": 3}


class FakeClock:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def read(self) -> dt.datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += dt.timedelta(seconds=seconds)


def test_messages_inside_a_batch_are_spaced_at_the_rate(office):
    start = timezone.now()
    clock = FakeClock(start)
    mailout = _sending(mailout_make(office, recipients=5, rate_per_second=2))
    Mailout.objects.filter(pk=mailout.pk).update(next_slot_at=start)
    outcome = mailout_batch_send_now(mailout.pk, pacer=Pacer(now=clock.read, sleep=clock.sleep))
    assert outcome.sent == 5
    assert clock.sleeps == [0.5, 0.5, 0.5, 0.5]  # 2 per second: one message every half second
    sent_at = sorted(Recipient.objects.filter(mailout=mailout).values_list("sent_at", flat=True))
    assert sent_at[-1] - sent_at[0] == dt.timedelta(seconds=2)
    mailout.refresh_from_db()
    assert mailout.next_slot_at == start + dt.timedelta(seconds=2.5)  # the slot the batch reserved


def test_a_batch_waits_for_the_slot_other_workers_reserved(office, settings):
    settings.MAILOUT_BATCH_SIZE = 3
    start = timezone.now()
    clock = FakeClock(start)
    mailout = _sending(mailout_make(office, recipients=3, rate_per_second=1))
    # Another worker's batch holds the next 10 seconds of this mail-out's pace.
    Mailout.objects.filter(pk=mailout.pk).update(next_slot_at=start + dt.timedelta(seconds=10))
    mailout_batch_send_now(mailout.pk, pacer=Pacer(now=clock.read, sleep=clock.sleep))
    assert clock.sleeps == [10.0, 1.0, 1.0]
    mailout.refresh_from_db()
    assert mailout.next_slot_at == start + dt.timedelta(seconds=13)


def test_a_large_pace_limits_how_many_a_batch_claims(office, settings):
    settings.MAILOUT_BATCH_SIZE = 200
    mailout = _sending(mailout_make(office, recipients=40, rate_per_second=1))
    clock = FakeClock(timezone.now())
    outcome = mailout_batch_send_now(mailout.pk, pacer=Pacer(now=clock.read, sleep=clock.sleep))
    assert outcome.claimed == 30  # at most BATCH_MAX_SECONDS of the pace, so claims are not held long
    assert outcome.again_at is not None


def test_locmem_messages_have_the_same_headers(office):
    mailout = _sending(mailout_make(office, recipients=1, subject_en="News", body_en="Hello {name}"))
    Recipient.objects.filter(mailout=mailout).update(language="en")
    mailout_batch_send_now(mailout.pk)
    (message,) = mail.outbox
    row = Recipient.objects.get(mailout=mailout)
    assert message.extra_headers["Message-ID"] == row.message_id
    assert message.subject.endswith("News") and "Hello 株式会社0" in message.body
    assert "List-Unsubscribe" in message.extra_headers


def test_a_backend_error_means_retry(office, settings, monkeypatch: Any):
    mailout = _sending(mailout_make(office, recipients=2))

    def broken(self: Any, fail_silently: bool = False) -> int:
        raise OSError("backend down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    outcome = mailout_batch_send_now(mailout.pk)
    assert outcome.retrying == 2 and statuses(mailout) == {"retrying": 2}
