"""The office's controls over a running mail-out: pause, resume, cancel. Staff only, audited."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.accounts.permissions import staff_require
from secaction.core.errors import ServiceError
from secaction.core.services import audit_record

from ..models import Mailout, Recipient
from .delivery import chains_enqueue

CANCELLABLE = (
    Mailout.Status.SCHEDULED,
    Mailout.Status.BUILDING,
    Mailout.Status.SENDING,
    Mailout.Status.PAUSED,
)


def _locked(mailout: Mailout) -> Mailout:
    return Mailout.objects.select_for_update().get(pk=mailout.pk)


def mailout_pause(actor: object, mailout: Mailout) -> Mailout:
    """Stop a SENDING mail-out after the batches in flight (each ends its claimed recipients, at most
    ``BATCH_MAX_SECONDS`` of sending); nothing is lost, ``mailout_resume`` goes on where it stopped."""
    staff_require(actor)  # type: ignore[arg-type]
    with transaction.atomic():
        row = _locked(mailout)
        if row.status != Mailout.Status.SENDING:
            raise ServiceError(_("送信中の一斉メールだけを一時停止できます。"))
        row.status = Mailout.Status.PAUSED
        row.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="mailout.pause",
            target=row,
            before={"status": "sending"},
            after={"status": "paused"},
        )
    return row


def mailout_resume(actor: object, mailout: Mailout) -> Mailout:
    """Continue a PAUSED mail-out: SENDING again, its batch chains queued again after commit."""
    staff_require(actor)  # type: ignore[arg-type]
    with transaction.atomic():
        row = _locked(mailout)
        if row.status != Mailout.Status.PAUSED:
            raise ServiceError(_("一時停止中の一斉メールだけを再開できます。"))
        row.status = Mailout.Status.SENDING
        row.next_slot_at = timezone.now()
        row.save(update_fields=["status", "next_slot_at"])
        audit_record(
            actor=actor,
            action="mailout.resume",
            target=row,
            before={"status": "paused"},
            after={"status": "sending"},
        )
        chains_enqueue(row.pk, settings.MAILOUT_CHAINS)
    return row


def mailout_cancel(actor: object, mailout: Mailout, *, reason: str) -> Mailout:
    """Stop a mail-out for good: recipients not yet sent become CANCELLED; what was sent stays SENT.

    Rows claimed by a batch in flight are cancelled too: that batch's commit before the final dot then
    fails, so the message in transfer is abandoned (the server discards it) and the batch stops.
    """
    staff_require(actor)  # type: ignore[arg-type]
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("中止の理由を入力してください。"))
    with transaction.atomic():
        row = _locked(mailout)
        if row.status not in CANCELLABLE:
            raise ServiceError(_("この一斉メールは送信が終わっているか、まだ作成中のため中止できません。"))
        before = row.status
        cancelled = Recipient.objects.filter(
            mailout=row,
            status__in=[Recipient.Status.PENDING, Recipient.Status.RETRYING, Recipient.Status.SENDING],
        ).update(status=Recipient.Status.CANCELLED, last_error=f"cancelled: {reason}"[:500])
        row.status = Mailout.Status.CANCELLED
        row.finished_at = timezone.now()
        row.save(update_fields=["status", "finished_at"])
        audit_record(
            actor=actor,
            action="mailout.cancel",
            target=row,
            before={"status": before},
            after={"status": "cancelled", "recipients_cancelled": cancelled},
            message=reason[:500],
        )
    return row
