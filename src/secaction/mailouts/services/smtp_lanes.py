"""A batch over SMTP: its messages shared out over ``MAILOUT_SMTP_SESSIONS`` sessions sent side by side.

Each message is transferred by ``mailouts.smtp.TwoPhaseSMTP`` (SENT committed after the body, before the
final dot) and armed with the batch's final-dot guardian (``mailouts.guardian``) first, as
docs/mail-outs.md, "Delivery guarantees", describes. One session spends most of its time waiting: for the
server's four replies and for the database's commit. Several sessions in threads overlap those waits; the
work per message does not change, and the pace stays the batch's (message ``i`` of the batch is not sent
before ``start + i / rate``, whichever session carries it).

Several sessions need their own database connections, which see only committed rows: they are used on
PostgreSQL, outside a transaction (a task's normal state). Elsewhere (SQLite, whose writers take turns, or
inside a transaction, as in tests) the batch goes over one session in the calling thread.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from email.utils import parseaddr
from functools import partial

from django.conf import settings
from django.db import connection, connections

from ..guardian import commits_without_flush_wait, dot_guardian
from ..models import Mailout, Recipient
from ..outgoing import SentRecorder, message_builder
from ..smtp import SmtpRejected, TerminatorUnsent, TwoPhaseSMTP
from .outcome import BatchOutcome, Pacer
from .recording import recipient_mark_retry, rejection_record, reply_record

Share = list[tuple[int, Recipient]]  # (position in the batch, recipient)


@dataclass
class _Lane:
    number: int
    session: TwoPhaseSMTP
    share: Share
    outcome: BatchOutcome


def sessions_for_batch(size: int) -> int:
    """How many SMTP sessions a batch of ``size`` messages uses here (see the module's docstring)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    return max(1, min(settings.MAILOUT_SMTP_SESSIONS, size))


def send_smtp(
    mailout: Mailout,
    recipients: Sequence[Recipient],
    token: str,
    start: dt.datetime,
    rate: int,
    pacer: Pacer,
    outcome: BatchOutcome,
) -> None:
    """Send the claimed ``recipients``, recording each one's result in its row and the counts in ``outcome``.

    Message ``i`` goes over session ``i % n``. A session that cannot be opened, or that breaks, puts its
    unsent share back to retry; the other sessions go on. Database errors in a session propagate once
    every session has stopped.
    """
    count = sessions_for_batch(len(recipients))
    shares: list[Share] = [list(enumerate(recipients))[lane::count] for lane in range(count)]
    build = message_builder(mailout)
    with ExitStack() as stack:
        lanes: list[_Lane] = []
        for share in shares:
            try:
                session = stack.enter_context(TwoPhaseSMTP())
            except (smtplib.SMTPException, OSError) as broken:
                _share_retry(share, token, broken, pacer, outcome)
                continue
            lanes.append(_Lane(len(lanes), session, share, BatchOutcome()))
        if not lanes:
            return
        arm = stack.enter_context(dot_guardian([lane.session for lane in lanes]))
        send = partial(_lane_send, mailout, build, arm, token, start, rate, pacer)
        failures: list[BaseException | None] = []
        if len(lanes) == 1:
            send(lanes[0])
        else:
            with ThreadPoolExecutor(len(lanes), thread_name_prefix="mailout-smtp") as pool:
                running = [pool.submit(_in_own_connection, send, lane) for lane in lanes]
            failures = [future.exception() for future in running]
        for lane in lanes:
            outcome.add(lane.outcome)
    for failure in failures:
        if failure is not None:
            raise failure


def _in_own_connection(send: Callable[[_Lane], None], lane: _Lane) -> None:
    """Run one session's share in a pool thread; its database connection closes with it."""
    try:
        send(lane)
    finally:
        connections.close_all()  # this thread's connections only


def _lane_send(
    mailout: Mailout,
    build: Callable[[Recipient], bytes],
    arm: Callable[[int, int, str], None],
    token: str,
    start: dt.datetime,
    rate: int,
    pacer: Pacer,
    lane: _Lane,
) -> None:
    """One session's share of the batch, two-phase per message (``mailouts.smtp``)."""
    sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    outcome = lane.outcome
    recorder = SentRecorder()
    done = 0
    try:
        with commits_without_flush_wait():
            for done, (position, recipient) in enumerate(lane.share):  # noqa: B007 (read when the session breaks)
                pacer.wait_until(start + dt.timedelta(seconds=position / rate))
                data = build(recipient)
                arm(lane.number, recipient.pk, token)
                try:
                    reply = lane.session.send(
                        sender,
                        recipient.email,
                        data,
                        partial(recorder.mark_sent, recipient, token, pacer.now),
                    )
                except SmtpRejected as rejected:
                    rejection_record(mailout, recipient, token, rejected, pacer.now(), outcome)
                    continue
                except TerminatorUnsent as lost:  # SENT was recorded, the dot never left: not accepted
                    outcome.retrying += 1
                    recipient_mark_retry(recipient, token, str(lost), pacer.now(), Recipient.Status.SENT)
                    raise
                reply_record(mailout, recipient, token, reply, pacer.now(), outcome)
            done = len(lane.share)
    except (smtplib.SMTPException, OSError) as broken:
        # The session broke: the message in transfer was not recorded as sent (or was put back to retry
        # above); it and the rest of the share wait for a later attempt.
        _share_retry(lane.share[done:], token, broken, pacer, outcome)
    finally:
        recorder.close()


def _share_retry(share: Share, token: str, broken: Exception, pacer: Pacer, outcome: BatchOutcome) -> None:
    for _position, recipient in share:
        status = recipient_mark_retry(recipient, token, str(broken), pacer.now(), Recipient.Status.SENDING)
        outcome.failed += status == Recipient.Status.FAILED
        outcome.retrying += status == Recipient.Status.RETRYING
