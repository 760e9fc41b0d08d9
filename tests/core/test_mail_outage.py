"""A 30-minute mail-server outage costs no mail (issue 10, finding 3).

An aiosmtpd sink on 127.0.0.1 answers every transfer with 451 (try later) for the first 30 minutes of a
fixed clock, then accepts. The clock advances a minute at a time and the sweeper runs at each step, as the
periodic ``core.tasks.mail_sweep`` does; the immediate task backend delivers what it queues. With the old
limit of five attempts (1 + 2 + 4 + 8 minutes) every mail ended FAILED after about 15 minutes.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections import Counter
from email.parser import BytesHeaderParser
from typing import Any
from unittest import mock

import pytest
from aiosmtpd.controller import Controller

from secaction.core.models import OutgoingMail
from secaction.core.selectors import health_get
from secaction.core.services import mail_queue, mail_sweep_now
from tests.tasks.portal import free_port

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
OUTAGE = dt.timedelta(minutes=30)
MAILS = 100


class FlakySink:
    def __init__(self) -> None:
        self.refusing = True
        self.received: list[str] = []
        self.refused = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        with self.lock:
            if self.refusing:
                self.refused += 1
                return "451 4.3.0 mail server in maintenance, try later"
            headers = BytesHeaderParser().parsebytes(envelope.original_content or envelope.content)
            self.received.append(str(headers["Message-ID"]))
        return "250 OK"


@pytest.fixture
def sink(settings):
    handler = FlakySink()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield handler
    controller.stop()


def test_a_thirty_minute_outage_ends_with_every_mail_delivered_once(
    settings, sink, django_capture_on_commit_callbacks
):
    settings.MAIL_SWEEP_SECONDS = 0  # the sweeper queues every mail that is due
    settings.HEALTH_MAX_FAILED_MAILS = 0
    clock = {"now": T0}
    with (
        mock.patch("django.utils.timezone.now", lambda: clock["now"]),
        mock.patch("secaction.core.mail.random", random.Random(2026)),  # the jitter, reproducible
    ):
        with django_capture_on_commit_callbacks(execute=True):
            rows = [
                mail_queue(
                    to=f"user{i}@example.jp",
                    subject="お知らせ",
                    body_text="本文",
                    language="ja",
                    template="t",
                )
                for i in range(MAILS)
            ]
        while clock["now"] < T0 + dt.timedelta(hours=6):
            clock["now"] += dt.timedelta(minutes=1)
            sink.refusing = clock["now"] < T0 + OUTAGE
            mail_sweep_now()
            if not OutgoingMail.objects.exclude(status=OutgoingMail.Status.SENT).exists():
                break
        done_at = clock["now"]
        health = health_get()

    statuses = Counter(OutgoingMail.objects.values_list("status", flat=True))
    assert statuses == {"sent": MAILS}
    received = Counter(sink.received)
    assert set(received) == {r.message_id for r in rows}
    assert set(received.values()) == {1}  # each exactly once
    assert sink.refused >= MAILS * 3  # the outage really refused them, several times each
    # Back-off with jitter: retries thin out during the outage, so the last mail arrives a while after it
    # ends, but well within the day the schedule spans.
    assert done_at - T0 < dt.timedelta(hours=3)
    assert health["mail"]["failed"] == 0 and health["mail"]["ok"] is True
    print(
        f"outage 30 min: {MAILS} queued, {len(sink.received)} received, {sink.refused} refused attempts,"
        f" all sent {int((done_at - T0).total_seconds() // 60)} min after the first attempt"
    )
