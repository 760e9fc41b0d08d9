import datetime as dt
import random
import socket
import threading
import time
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction

from secaction.core.mail import mail_next_attempt, mail_retry_delay
from secaction.core.models import OutgoingMail
from secaction.core.services import mail_deliver_now, mail_queue, mail_sweep_now

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def _queue(to: str = "a@example.jp", body: str = "本文") -> OutgoingMail:
    return mail_queue(to=to, subject="件名", body_text=body, language="ja", template="test")


def test_mail_is_sent_after_commit_with_its_own_message_id(settings, django_capture_on_commit_callbacks):
    settings.MAIL_KEEP_SENT_SECRETS = False
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row = _queue(body="https://example.jp/x")
    assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT
    assert row.attempts == 1
    assert mail.outbox[0].to == ["a@example.jp"]
    assert mail.outbox[0].subject.endswith("件名")
    assert mail.outbox[0].message()["Message-ID"] == row.message_id
    assert row.message_id.startswith("<") and row.message_id.endswith("@example.jp>")
    assert (row.send_text, row.claim_token) == ("", "")  # the sendable copy is gone once sent


def test_message_ids_are_unique_per_row():
    ids = {_queue().message_id for _ in range(20)}
    assert len(ids) == 20


def test_nothing_is_sent_or_stored_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            _queue()
            raise RuntimeError("boom")
    assert mail.outbox == []
    assert not OutgoingMail.objects.exists()


def test_a_failed_delivery_waits_on_the_schedule_and_gives_up_after_a_day(settings):
    settings.MAIL_RETRY_HOURS = 24
    clock = {"now": T0}
    with (
        mock.patch("django.utils.timezone.now", lambda: clock["now"]),
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("smtp down")),
    ):
        row = _queue()
        mail_deliver_now(row.pk)
        row.refresh_from_db()
        assert (row.status, row.attempts) == (OutgoingMail.Status.RETRYING, 1)
        assert "smtp down" in row.last_error
        assert T0 + dt.timedelta(seconds=60) <= row.next_attempt_at <= T0 + dt.timedelta(seconds=60)
        assert mail_deliver_now(row.pk) == OutgoingMail.Status.RETRYING  # not due yet: no attempt
        assert OutgoingMail.objects.get(pk=row.pk).attempts == 1
        # Keep failing, each time when due, until the day is over.
        while row.status == OutgoingMail.Status.RETRYING:
            clock["now"] = row.next_attempt_at
            mail_deliver_now(row.pk)
            row.refresh_from_db()
    assert row.status == OutgoingMail.Status.FAILED
    assert clock["now"] - T0 >= dt.timedelta(hours=24)
    assert clock["now"] - T0 < dt.timedelta(hours=30)  # one capped delay past the day at most
    assert mail.outbox == []


def test_retry_delay_is_exponential_with_full_jitter_capped_at_six_hours(settings):
    settings.MAIL_RETRY_BASE_SECONDS = 60
    settings.MAIL_RETRY_MAX_SECONDS = 6 * 3600
    rng = random.Random(10)
    for attempts in range(1, 20):
        ceiling = min(6 * 3600, 60 * 2 ** (attempts - 1))
        draws = [mail_retry_delay(attempts, rng).total_seconds() for _ in range(200)]
        assert all(60 <= d <= ceiling for d in draws)
        if ceiling > 60:  # jitter: the draws spread over the window, not one value
            assert max(draws) - min(draws) > (ceiling - 60) / 2
    # Reproducible with a seed.
    one = [mail_retry_delay(n, random.Random(7)) for n in range(1, 12)]
    assert one == [mail_retry_delay(n, random.Random(7)) for n in range(1, 12)]


def test_retry_schedule_spans_at_least_a_day(settings):
    settings.MAIL_RETRY_HOURS = 24
    rng = random.Random(42)
    now, attempts, gaps = T0, 0, []
    while True:
        attempts += 1
        nxt = mail_next_attempt(queued_at=T0, now=now, attempts=attempts, rng=rng)
        if nxt is None:
            break
        gaps.append(nxt - now)
        now = nxt
    assert now - T0 >= dt.timedelta(hours=24)  # the last attempt is a day after the first
    assert max(gaps) <= dt.timedelta(hours=6)
    assert gaps[0] <= dt.timedelta(minutes=1)
    assert 8 <= attempts <= 40


def test_a_mail_is_sent_only_by_whoever_holds_the_claim():
    row = _queue()
    assert mail_deliver_now(row.pk) == OutgoingMail.Status.SENT
    assert mail_deliver_now(row.pk) == OutgoingMail.Status.SENT  # a duplicate task sends nothing
    assert len(mail.outbox) == 1

    claimed = _queue("b@example.jp")
    mail.outbox.clear()
    OutgoingMail.objects.filter(pk=claimed.pk).update(status="queued", attempts=0)
    from django.utils import timezone

    # Another worker holds a fresh claim: left alone.
    OutgoingMail.objects.filter(pk=claimed.pk).update(
        status="sending", claimed_at=timezone.now(), claim_token="x"
    )
    assert mail_deliver_now(claimed.pk) == OutgoingMail.Status.SENDING
    assert mail.outbox == []
    # Its claim is older than the timeout (the worker died): taken back and sent once.
    OutgoingMail.objects.filter(pk=claimed.pk).update(claimed_at=timezone.now() - dt.timedelta(hours=1))
    assert mail_deliver_now(claimed.pk) == OutgoingMail.Status.SENT
    assert [m.to for m in mail.outbox] == [["b@example.jp"]]


def test_the_sweeper_delivers_a_mail_whose_retry_is_due(settings):
    settings.MAIL_SWEEP_SECONDS = 60
    clock = {"now": T0}
    with mock.patch("django.utils.timezone.now", lambda: clock["now"]):
        with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("temporary")):
            row = _queue()
            mail_deliver_now(row.pk)
        row.refresh_from_db()
        assert row.status == OutgoingMail.Status.RETRYING
        assert mail_sweep_now()["requeued_mails"] == 0  # not due yet
        clock["now"] = row.next_attempt_at + dt.timedelta(seconds=61)
        assert mail_sweep_now()["requeued_mails"] == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutgoingMail.Status.SENT, 2)
    assert len(mail.outbox) == 1


def test_the_sendable_copy_of_a_failed_mail_expires(settings):
    settings.MAIL_SECRET_KEEP_DAYS = 7
    row = _queue(body="https://example.jp/reset/abcdefghij0123456789xyz/")
    OutgoingMail.objects.filter(pk=row.pk).update(status="failed", queued_at=T0)
    with mock.patch("django.utils.timezone.now", return_value=T0 + dt.timedelta(days=6)):
        assert mail_sweep_now()["expired_secrets"] == 0
    with mock.patch("django.utils.timezone.now", return_value=T0 + dt.timedelta(days=8)):
        assert mail_sweep_now()["expired_secrets"] == 1
    row.refresh_from_db()
    assert row.send_text == ""
    assert "abcdefghij0123456789xyz" not in row.body_text


@pytest.fixture
def silent_server():
    """A TCP server that accepts connections and never says a word."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    accepted = []
    stop = threading.Event()

    def serve():
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(sock.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield sock.getsockname()[1], accepted
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    sock.close()


def test_a_server_that_never_answers_costs_one_attempt_within_the_timeout(settings, silent_server):
    port, accepted = silent_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 1
    row = _queue()
    start = time.monotonic()
    status = mail_deliver_now(row.pk)
    elapsed = time.monotonic() - start
    assert status == OutgoingMail.Status.RETRYING
    assert elapsed < 3  # bounded by EMAIL_TIMEOUT, not by the silent server
    assert len(accepted) == 1  # it really connected
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.RETRYING
    assert "timed out" in row.last_error.lower()
    assert row.next_attempt_at > row.created_at
