"""The guarded writes of a claimed recipient row: SENT, RETRYING / FAILED, BOUNCED, and what an SMTP reply
makes of them. Every write repeats the claim (``claim_token``) and the expected status, so a worker that lost
its claim changes nothing (docs/mail-outs.md, "Delivery guarantees")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.db.models import QuerySet

from secaction.core.mail import mail_retry_delay

from ..models import Mailout, Recipient, Suppression
from ..smtp import SmtpRejected, SmtpReply
from .outcome import BatchOutcome
from .suppressions import suppression_add


def recipient_guarded(recipient: Recipient, token: str, *statuses: str) -> QuerySet[Recipient]:
    return Recipient.objects.filter(pk=recipient.pk, claim_token=token, status__in=statuses)


def recipient_mark_sent(recipient: Recipient, token: str, now: Callable[[], dt.datetime]) -> bool:
    """Record the message as sent while this worker still holds its claim (the commit point)."""
    return bool(
        recipient_guarded(recipient, token, Recipient.Status.SENDING).update(
            status=Recipient.Status.SENT, sent_at=now(), last_error=""
        )
    )


def recipient_mark_retry(
    recipient: Recipient, token: str, error: str, now: dt.datetime, *statuses: str
) -> str:
    """RETRYING with back-off, or FAILED after ``MAILOUT_MAX_ATTEMPTS``; returns the new status."""
    if recipient.attempts >= settings.MAILOUT_MAX_ATTEMPTS:
        status, retry_at = Recipient.Status.FAILED, None
    else:
        status, retry_at = Recipient.Status.RETRYING, now + mail_retry_delay(recipient.attempts)
    recipient_guarded(recipient, token, *statuses).update(
        status=status, next_attempt_at=retry_at, last_error=error[:500]
    )
    return status


def recipient_mark_bounced(
    mailout: Mailout, recipient: Recipient, token: str, reply: SmtpReply, *statuses: str
) -> None:
    if recipient_guarded(recipient, token, *statuses).update(
        status=Recipient.Status.BOUNCED, last_error=str(reply)
    ):
        suppression_add(
            recipient.email, reason=Suppression.Reason.BOUNCED, detail=str(reply), mailout=mailout
        )


def rejection_record(
    mailout: Mailout,
    recipient: Recipient,
    token: str,
    rejected: SmtpRejected,
    now: dt.datetime,
    outcome: BatchOutcome,
) -> None:
    """A refused envelope: 5xx to RCPT is a hard bounce; other 5xx fail the message; 4xx retry later."""
    reply = rejected.reply
    if reply.permanent and rejected.stage == "rcpt":
        outcome.bounced += 1
        recipient_mark_bounced(mailout, recipient, token, reply, Recipient.Status.SENDING)
    elif reply.permanent:
        outcome.failed += 1
        recipient_guarded(recipient, token, Recipient.Status.SENDING).update(
            status=Recipient.Status.FAILED, last_error=str(reply)
        )
    else:
        status = recipient_mark_retry(recipient, token, str(reply), now, Recipient.Status.SENDING)
        outcome.retrying += status == Recipient.Status.RETRYING
        outcome.failed += status == Recipient.Status.FAILED


def reply_record(
    mailout: Mailout,
    recipient: Recipient,
    token: str,
    reply: SmtpReply,
    now: dt.datetime,
    outcome: BatchOutcome,
) -> None:
    """The reply to the final dot, the row already SENT: 5xx bounces it, 4xx puts it back to retry."""
    if reply.ok or reply.code == 0:  # 0: no reply after the dot; the server may have it, never send twice
        outcome.sent += 1
        if reply.code == 0:
            recipient_guarded(recipient, token, Recipient.Status.SENT).update(last_error=str(reply))
    elif reply.permanent:
        outcome.bounced += 1
        recipient_mark_bounced(mailout, recipient, token, reply, Recipient.Status.SENT)
    else:
        status = recipient_mark_retry(recipient, token, str(reply), now, Recipient.Status.SENT)
        outcome.retrying += status == Recipient.Status.RETRYING
        outcome.failed += status == Recipient.Status.FAILED
