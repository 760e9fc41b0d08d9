"""Delivery of a built mail-out: batches claimed by tasks, paced globally, each message sent exactly once.

The contract (docs/mail-outs.md, "Delivery", "Delivery guarantees"):

- ``mailout_deliveries_start`` turns a built mail-out to SENDING and queues ``MAILOUT_CHAINS`` chains of
  ``mailouts.tasks.mailout_batch_send``; each run of that task calls ``mailout_batch_send_now`` once and
  queues the next run of its chain while work remains.
- A batch claims up to ``MAILOUT_BATCH_SIZE`` recipients (PENDING, RETRYING that are due, or SENDING whose
  claim is older than ``MAILOUT_CLAIM_TIMEOUT_SECONDS``: a worker that died) by a conditional UPDATE that
  writes a fresh ``claim_token``; on PostgreSQL the candidate rows are also locked with ``SKIP LOCKED``
  so two claimers never wait on each other. Every later write to a claimed row is guarded by that token.
- The pace (``Mailout.rate_per_second``) is global across workers: a batch reserves its time slot by
  advancing ``Mailout.next_slot_at`` with a compare-and-set UPDATE, waits for it, and spaces its messages
  evenly inside it.
- Over SMTP (``mailouts.services.smtp_lanes``) each message is transferred by ``mailouts.smtp.TwoPhaseSMTP``: the row becomes SENT (autocommit,
  guarded by the claim) after the body and before the final dot. A worker killed before that commit leaves
  the row claimed and the server discards the unterminated message; the row is claimed again after the
  timeout and sent once; a worker killed after the commit and before the dot is covered by the final-dot
  guardian (``mailouts.guardian``), which sends that dot. Other Django backends (locmem in tests, console in development) send message by
  message and record SENT afterwards.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F, Min, Q, QuerySet
from django.utils import timezone

from ..models import Mailout, Recipient, Suppression
from ..outgoing import django_message
from ..rendering import MailoutRenderer
from ..smtp import smtp_backend_in_use
from .outcome import BatchOutcome, Pacer
from .recording import recipient_guarded, recipient_mark_retry, recipient_mark_sent
from .smtp_lanes import send_smtp

ACTIVE = (Recipient.Status.PENDING, Recipient.Status.SENDING, Recipient.Status.RETRYING)
# A batch never spans more than this many seconds of its mail-out's pace, so claims are not held long
# (they must stay well under MAILOUT_CLAIM_TIMEOUT_SECONDS while the chains wait for their slots).
BATCH_MAX_SECONDS = 30


def mailout_deliveries_start(mailout_id: int) -> int:
    """Turn a built mail-out (BUILDING or SCHEDULED) to SENDING and queue its batch chains after commit.

    Returns how many chains were queued: 0 when the mail-out was meanwhile paused, cancelled or already
    sending (a repeated call queues nothing). A system step with no actor.
    """
    now = timezone.now()
    with transaction.atomic():
        started = Mailout.objects.filter(
            pk=mailout_id, status__in=[Mailout.Status.BUILDING, Mailout.Status.SCHEDULED]
        ).update(status=Mailout.Status.SENDING, started_at=now, next_slot_at=now)
        if not started:
            return 0
        return chains_enqueue(mailout_id, settings.MAILOUT_CHAINS)


def chains_enqueue(mailout_id: int, count: int) -> int:
    """Queue ``count`` batch chains of the mail-out once the current transaction commits."""
    from ..tasks import mailout_batch_send  # tasks.py imports this module

    for _ in range(count):
        transaction.on_commit(lambda: mailout_batch_send.enqueue(mailout_id))
    return count


def _claimable(mailout_id: int, now: dt.datetime) -> list[QuerySet[Recipient]]:
    """The three kinds of claimable rows, each one index range of (mailout, status, id)."""
    stale = now - dt.timedelta(seconds=settings.MAILOUT_CLAIM_TIMEOUT_SECONDS)
    rows = Recipient.objects.filter(mailout_id=mailout_id)
    return [
        rows.filter(status=Recipient.Status.PENDING),
        rows.filter(status=Recipient.Status.RETRYING, next_attempt_at__lte=now),
        rows.filter(status=Recipient.Status.SENDING, claimed_at__lt=stale),
    ]


def recipients_claim(mailout_id: int, *, limit: int, now: dt.datetime) -> tuple[str, list[Recipient]]:
    """Claim up to ``limit`` recipients for this worker; return the claim token and the claimed rows.

    Exclusive on every backend: the UPDATE repeats the claimable condition, so a row another worker
    claimed in between no longer matches it. On PostgreSQL the rows are locked with SKIP LOCKED first.
    """
    token = uuid.uuid4().hex
    locking = connection.features.has_select_for_update_skip_locked
    with transaction.atomic() if locking else _no_transaction():
        ids: list[int] = []
        for kind in _claimable(mailout_id, now):
            if len(ids) >= limit:
                break
            candidates = kind.order_by("id")
            if locking:
                candidates = candidates.select_for_update(skip_locked=True)
            ids += list(candidates.values_list("id", flat=True)[: limit - len(ids)])
        if not ids:
            return token, []
        Recipient.objects.filter(pk__in=ids).filter(
            Q(status=Recipient.Status.PENDING)
            | Q(status=Recipient.Status.RETRYING, next_attempt_at__lte=now)
            | Q(
                status=Recipient.Status.SENDING,
                claimed_at__lt=now - dt.timedelta(seconds=settings.MAILOUT_CLAIM_TIMEOUT_SECONDS),
            )
        ).update(
            status=Recipient.Status.SENDING, claim_token=token, claimed_at=now, attempts=F("attempts") + 1
        )
    claimed = list(
        Recipient.objects.filter(claim_token=token, status=Recipient.Status.SENDING).order_by("id")
    )
    return token, claimed


class _no_transaction:
    """SQLite: claim in autocommit; a deferred transaction upgrading to a write lock would fail at once."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def slot_reserve(mailout_id: int, *, count: int, rate: int, now: dt.datetime) -> dt.datetime:
    """Reserve ``count / rate`` seconds of the mail-out's send time; return when the reserved slot starts.

    Compare-and-set on ``next_slot_at``: concurrent batches get consecutive, non-overlapping slots.
    """
    span = dt.timedelta(seconds=count / max(rate, 1))
    while True:
        current = Mailout.objects.filter(pk=mailout_id).values_list("next_slot_at", flat=True).first()
        start = max(current, now) if current is not None else now
        same = Q(next_slot_at=current) if current is not None else Q(next_slot_at__isnull=True)
        if Mailout.objects.filter(same, pk=mailout_id).update(next_slot_at=start + span):
            return start


def _suppressed_cancel(recipients: list[Recipient], token: str) -> list[Recipient]:
    """Cancel the claimed rows whose address is on the suppression list now; return the others."""
    listed = dict(
        Suppression.objects.filter(email__in={r.email.lower() for r in recipients}).values_list(
            "email", "reason"
        )
    )
    keep = []
    for recipient in recipients:
        reason = listed.get(recipient.email.lower())
        if reason is None:
            keep.append(recipient)
        else:
            recipient_guarded(recipient, token, Recipient.Status.SENDING).update(
                status=Recipient.Status.CANCELLED, last_error=f"suppressed ({reason}) before sending"
            )
    return keep


def mailout_batch_send_now(mailout_id: int, *, pacer: Pacer | None = None) -> BatchOutcome:
    """One batch of a mail-out: claim, pace, send, record; decide when this chain runs next.

    Stops (``again_at`` None) when the mail-out is not SENDING (paused, cancelled, done). When no
    recipient is left in PENDING / SENDING / RETRYING the mail-out becomes DONE with ``finished_at``.
    """
    pacer = pacer or Pacer()
    outcome = BatchOutcome()
    mailout = Mailout.objects.filter(pk=mailout_id).first()
    if mailout is None or mailout.status != Mailout.Status.SENDING:
        return outcome
    rate = max(mailout.rate_per_second, 1)
    limit = max(1, min(settings.MAILOUT_BATCH_SIZE, rate * BATCH_MAX_SECONDS))
    token, claimed = recipients_claim(mailout_id, limit=limit, now=pacer.now())
    outcome.claimed = len(claimed)
    recipients = _suppressed_cancel(claimed, token) if claimed else []
    outcome.cancelled = len(claimed) - len(recipients)
    if recipients:
        start = slot_reserve(mailout_id, count=len(recipients), rate=rate, now=pacer.now())
        send = send_smtp if smtp_backend_in_use() else _send_django
        send(mailout, recipients, token, start, rate, pacer, outcome)
    outcome.again_at = _next_run(mailout, pacer.now(), outcome)
    return outcome


def _next_run(mailout: Mailout, now: dt.datetime, outcome: BatchOutcome) -> dt.datetime | None:
    if outcome.claimed:
        return now
    due = Recipient.objects.filter(mailout=mailout, status__in=ACTIVE).aggregate(
        pending=Min("id", filter=Q(status=Recipient.Status.PENDING)),
        retry=Min("next_attempt_at", filter=Q(status=Recipient.Status.RETRYING)),
        claimed=Min("claimed_at", filter=Q(status=Recipient.Status.SENDING)),
    )
    if due["pending"] is not None:
        return now
    moments = [due["retry"]] if due["retry"] is not None else []
    if due["claimed"] is not None:
        moments.append(due["claimed"] + dt.timedelta(seconds=settings.MAILOUT_CLAIM_TIMEOUT_SECONDS + 1))
    if moments:
        return max(now, min(moments))
    finished = Mailout.objects.filter(pk=mailout.pk, status=Mailout.Status.SENDING).update(
        status=Mailout.Status.DONE, finished_at=now
    )
    outcome.done = bool(finished)
    return None


def _send_django(
    mailout: Mailout,
    recipients: Sequence[Recipient],
    token: str,
    start: dt.datetime,
    rate: int,
    pacer: Pacer,
    outcome: BatchOutcome,
) -> None:
    """Any other Django backend (locmem, console, file): one message at a time, SENT recorded after it."""
    renderer = MailoutRenderer(mailout)
    with get_connection() as backend:
        for i, recipient in enumerate(recipients):
            pacer.wait_until(start + dt.timedelta(seconds=i / rate))
            message = django_message(renderer, recipient)
            message.connection = backend
            try:
                message.send()
            except Exception as exc:
                status = recipient_mark_retry(
                    recipient, token, str(exc), pacer.now(), Recipient.Status.SENDING
                )
                outcome.retrying += status == Recipient.Status.RETRYING
                outcome.failed += status == Recipient.Status.FAILED
                continue
            outcome.sent += recipient_mark_sent(recipient, token, pacer.now)
