"""The final-dot guardian settles the message a dead worker had in flight (``mailouts.guardian``).

The worker's death is played by closing its end of the pipe and its copy of the socket without the final
dot or a QUIT, as the kernel does for a SIGKILLed process. The guardian is a forked process with its own
database connection, so the rows must be committed where it can see them: PostgreSQL (the SQLite pass of
the suite keeps its test database in memory); ``tests/tasks/test_mailout_kill.py`` covers SQLite with real
kills.
"""

from __future__ import annotations

import os
import time

import pytest
from django.db import connection

from secaction.mailouts.guardian import DotGuardian
from secaction.mailouts.models import Recipient
from secaction.mailouts.smtp import TwoPhaseSMTP, body_bytes

from .conftest import mailout_make
from .delivery_sink import sink_running

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the forked guardian needs a database it can reach: run with DATABASE_URL=postgres://...",
    ),
]


def _die_in_flight(recipient: Recipient, *, committed: bool) -> None:
    session = TwoPhaseSMTP()
    guardian = DotGuardian([session.smtp.sock])  # type: ignore[list-item]
    guardian.arm(0, recipient.pk, "tok")
    session._envelope("noreply@example.jp", recipient.email)
    session.smtp.putcmd("data")
    assert session.smtp.getreply()[0] == 354
    session.smtp.send(body_bytes(f"Message-ID: {recipient.message_id}\r\n\r\nbody\r\n".encode()))
    if committed:
        Recipient.objects.filter(pk=recipient.pk).update(status="sent")
    os.close(guardian._write_end)  # the worker dies: no "done", no dot, no QUIT
    session.smtp.sock.close()  # type: ignore[union-attr]
    os.waitpid(guardian.pid, 0)


def test_a_committed_message_gets_its_dot_and_an_uncommitted_one_loses_its_claim(office, settings):
    mailout = mailout_make(office, recipients=2, status="sending")
    first, second = Recipient.objects.filter(mailout=mailout).order_by("id")
    Recipient.objects.filter(mailout=mailout).update(status="sending", claim_token="tok")
    with sink_running(settings) as sink:
        _die_in_flight(first, committed=True)
        _die_in_flight(second, committed=False)
        time.sleep(0.3)
    assert sink.message_ids() == [first.message_id]  # the guardian finished the committed one only
    second.refresh_from_db()
    # The worker's claim was taken, so its SENT commit could no longer land; the row is claimed again later.
    assert second.status == "sending" and second.claim_token != "tok"
