"""Writes shared by every domain: audit records and outgoing mail.

These take no decision about who may act: the calling service has checked that
(``organizations.permissions``) before it records or sends. ``model_snapshot`` and
``mail_render`` / ``mail_retry_delay`` live in ``core.snapshots`` / ``core.mail`` and are imported here
because every app's services take them from this module.

Mail is delivered at most once per claim and at least once overall (docs/architecture.md, "Mail"): a worker
claims a row in its own committed transaction (status SENDING), sends it with the row's fixed ``Message-ID``,
and records the outcome only if it still holds the claim. A worker killed mid-send leaves a claim that the
sweeper (``mail_sweep_now``) takes back after ``MAIL_SENDING_TIMEOUT_SECONDS``.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .errors import ServiceError, WorkerLost
from .mail import mail_message_id, mail_next_attempt, mail_render, mail_retry_delay
from .models import AuditEvent, OutgoingMail
from .redaction import secrets_redact
from .snapshots import json_safe, model_snapshot

__all__ = [
    "audit_record",
    "mail_deliver_now",
    "mail_queue",
    "mail_render",
    "mail_requeue",
    "mail_retry_delay",
    "mail_send",
    "mail_sweep_now",
    "model_snapshot",
]

logger = logging.getLogger(__name__)


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    message: str = "",
) -> AuditEvent:
    """Append one event to the audit log.

    ``actor`` is a user, or None for the system itself. Give either ``target``
    or ``object_type``/``object_id``. Only the keys whose values differ are
    kept when both ``before`` and ``after`` are given, so a record shows the change.
    """
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
    if before is not None and after is not None:
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after.get(k) for k in sorted(changed)}
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=(getattr(user, "email", "") or str(user)) if user else "system",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=str(target)[:255] if target is not None else "",
        before=json_safe(before) if before is not None else None,
        after=json_safe(after) if after is not None else None,
        message=message,
    )


def mail_queue(
    *, to: str, subject: str, body_text: str, body_html: str = "", language: str, template: str
) -> OutgoingMail:
    """Store a rendered mail and deliver it from the worker once the transaction commits.

    The stored ``body_text`` / ``body_html`` are redacted (no working token links: staff read them); the
    sendable copy is kept apart until it is sent. If the surrounding transaction rolls back, the row
    disappears with it and nothing is sent.
    """
    now = timezone.now()
    mail = OutgoingMail.objects.create(
        to=to,
        queued_at=now,
        next_attempt_at=now,
        subject=subject,
        body_text=secrets_redact(body_text),
        body_html=secrets_redact(body_html),
        send_text=body_text,
        send_html=body_html,
        message_id=mail_message_id(),
        language=language,
        template=template,
    )
    transaction.on_commit(lambda: _mail_enqueue(mail.pk))
    return mail


def _mail_enqueue(mail_id: int, run_after: dt.datetime | None = None) -> None:
    """Queue a delivery task for one mail and remember which, so the sweeper can tell it is waiting."""
    from .tasks import mail_deliver  # tasks import this module

    task = mail_deliver.using(run_after=run_after) if run_after is not None else mail_deliver
    result = task.enqueue(mail_id)
    OutgoingMail.objects.filter(pk=mail_id).update(task_id=str(result.id))


def mail_send(
    *, to: str, template: str, context: Mapping[str, Any] | None = None, language: str | None = None
) -> OutgoingMail:
    """The one way the product sends e-mail: render in the recipient's language, store, deliver after commit."""
    lang = language or settings.LANGUAGE_CODE
    subject, text, html = mail_render(template, context or {}, lang)
    return mail_queue(
        to=to, subject=subject, body_text=text, body_html=html, language=lang, template=template
    )


def _claimable(now: dt.datetime) -> Q:
    stale = now - dt.timedelta(seconds=settings.MAIL_SENDING_TIMEOUT_SECONDS)
    # A queued mail is due at once, whatever the clock of the host that queued it said; a retry when its time
    # has come; a claim when its worker has not finished within the timeout.
    return (
        Q(status=OutgoingMail.Status.QUEUED)
        | Q(status=OutgoingMail.Status.RETRYING, next_attempt_at__lte=now)
        | Q(status=OutgoingMail.Status.SENDING, claimed_at__lt=stale)
    )


def _mail_claim(mail_id: int) -> OutgoingMail | None:
    """Take the right to send one mail, in a transaction of its own; None if it is not ours to send now.

    ``skip_locked`` (PostgreSQL) lets a worker pass over a row another one is claiming; the conditional
    UPDATE is what makes the claim exclusive on every database (SQLite has no row locks).
    """
    now = timezone.now()
    token = uuid.uuid4().hex
    with transaction.atomic():
        row = (
            OutgoingMail.objects.select_for_update(skip_locked=True)
            .filter(_claimable(now), pk=mail_id)
            .first()
        )
        if row is None:
            return None
        claimed = OutgoingMail.objects.filter(_claimable(now), pk=mail_id).update(
            status=OutgoingMail.Status.SENDING, claim_token=token, claimed_at=now, attempts=F("attempts") + 1
        )
    if not claimed:
        return None
    return OutgoingMail.objects.get(pk=mail_id, claim_token=token)


def _connection_close(connection: Any) -> None:
    try:
        connection.close()
    except Exception as exc:  # the mail is already accepted (or already failed); QUIT is a courtesy
        logger.info("closing the mail connection failed: %s", exc)


def _mail_message(mail: OutgoingMail, connection: Any) -> EmailMultiAlternatives:
    prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    message = EmailMultiAlternatives(
        subject=mail.subject if mail.subject.startswith(prefix) else prefix + mail.subject,
        body=mail.send_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        headers={"Message-ID": mail.message_id},
        connection=connection,
    )
    if mail.send_html:
        message.attach_alternative(mail.send_html, "text/html")
    return message


def mail_deliver_now(mail_id: int) -> OutgoingMail.Status:
    """Claim one mail, hand it to the mail server, record the outcome; return the mail's status afterwards.

    Nothing is sent unless this call holds the claim (a mail already sent, claimed by a live worker or not
    yet due is left alone). On failure the next attempt is scheduled (``mail_next_attempt``: back-off with
    jitter for ``MAIL_RETRY_HOURS``), or the mail is marked FAILED. The SMTP connection times out after
    ``EMAIL_TIMEOUT`` seconds, so a silent server costs one attempt, not the worker.
    """
    mail = _mail_claim(mail_id)
    if mail is None:
        return OutgoingMail.Status(OutgoingMail.objects.values_list("status", flat=True).get(pk=mail_id))
    ours = OutgoingMail.objects.filter(pk=mail_id, claim_token=mail.claim_token)
    if not mail.send_text:
        ours.update(status=OutgoingMail.Status.FAILED, claim_token="", last_error="sendable copy expired")
        return OutgoingMail.Status.FAILED
    # The connection is opened here and closed only after the outcome is recorded, so the QUIT round trip is
    # not inside the window in which a killed worker has sent a mail without recording it.
    connection = get_connection()
    try:
        connection.open()
        _mail_message(mail, connection).send()
    except Exception as exc:  # any transport error is retried on the schedule, then recorded
        _connection_close(connection)
        logger.warning("mail %s attempt %s failed: %s", mail.pk, mail.attempts, exc)
        now = timezone.now()
        retry_at = mail_next_attempt(queued_at=mail.queued_at, now=now, attempts=mail.attempts)
        status = OutgoingMail.Status.RETRYING if retry_at else OutgoingMail.Status.FAILED
        updated = ours.update(
            status=status,
            claim_token="",
            next_attempt_at=retry_at or now,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        if updated and retry_at is not None:
            _mail_retry_enqueue(mail.pk, retry_at)
        return status
    keep = {} if settings.MAIL_KEEP_SENT_SECRETS else {"send_text": "", "send_html": ""}
    if not ours.update(
        status=OutgoingMail.Status.SENT, sent_at=timezone.now(), claim_token="", last_error="", **keep
    ):
        # Our claim was taken back (we ran past MAIL_SENDING_TIMEOUT_SECONDS): the receiver sees the same
        # Message-ID twice; raise the timeout if this is logged.
        logger.error("mail %s was sent after its claim expired", mail.pk)
    _connection_close(connection)
    return OutgoingMail.Status.SENT


def _mail_retry_enqueue(mail_id: int, retry_at: dt.datetime) -> None:
    from .tasks import mail_deliver  # tasks import this module

    # The immediate backend (tests, demos) cannot defer; the sweeper picks the mail up when it is due.
    if mail_deliver.get_backend().supports_defer:
        _mail_enqueue(mail_id, run_after=retry_at)


def mail_requeue(mail: OutgoingMail) -> OutgoingMail:
    """Queue a FAILED mail again with a fresh retry window; the caller has checked that staff asked for it.

    Raises ``ServiceError`` when the mail is not failed or its sendable copy has expired
    (``MAIL_SECRET_KEEP_DAYS``): the links in it are dead, so the sender must send it anew.
    """
    if mail.status != OutgoingMail.Status.FAILED:
        raise ServiceError(_("送信に失敗したメールだけを再送できます。"))
    if not mail.send_text:
        raise ServiceError(
            _("保存期間が過ぎたため、このメールは再送できません。元の操作からもう一度送ってください。")
        )
    now = timezone.now()
    updated = OutgoingMail.objects.filter(pk=mail.pk, status=OutgoingMail.Status.FAILED).update(
        status=OutgoingMail.Status.QUEUED, queued_at=now, next_attempt_at=now, last_error=""
    )
    if updated:
        transaction.on_commit(lambda: _mail_enqueue(mail.pk))
    mail.refresh_from_db()
    return mail


def mail_sweep_now() -> dict[str, int]:
    """Recover what dead workers left behind; return the counts. Run by ``core.tasks.mail_sweep``.

    - Tasks RUNNING for longer than ``TASK_RUNNING_TIMEOUT_SECONDS`` are marked FAILED (their worker is
      gone), so ``/healthz`` does not count them as running.
    - Mails due for longer than ``MAIL_SWEEP_SECONDS`` (queued, retrying, or claimed longer ago than
      ``MAIL_SENDING_TIMEOUT_SECONDS``) that no waiting or running task will deliver are queued again.
      A duplicate enqueue is harmless: the claim lets one delivery through.
    - The sendable copy of mails finished longer than ``MAIL_SECRET_KEEP_DAYS`` ago is erased.
    """
    now = timezone.now()
    live = [TaskResultStatus.READY, TaskResultStatus.RUNNING]
    stale_tasks = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        started_at__lt=now - dt.timedelta(seconds=settings.TASK_RUNNING_TIMEOUT_SECONDS),
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
        traceback=f"No result after {settings.TASK_RUNNING_TIMEOUT_SECONDS} s: the worker was lost.",
    )

    grace = now - dt.timedelta(seconds=settings.MAIL_SWEEP_SECONDS)
    stale_claim = now - dt.timedelta(seconds=settings.MAIL_SENDING_TIMEOUT_SECONDS)
    due = (
        OutgoingMail.objects.filter(
            Q(
                status__in=[OutgoingMail.Status.QUEUED, OutgoingMail.Status.RETRYING],
                next_attempt_at__lte=grace,
            )
            | Q(status=OutgoingMail.Status.SENDING, claimed_at__lt=stale_claim)
        )
        .order_by("pk")
        .values_list("pk", "task_id")
    )
    requeued = 0
    batch: list[tuple[int, str]] = []
    for row in due.iterator(chunk_size=500):
        batch.append(row)
        if len(batch) == 500:
            requeued += _requeue_orphans(batch, live)
            batch = []
    requeued += _requeue_orphans(batch, live)

    keep = now - dt.timedelta(days=settings.MAIL_SECRET_KEEP_DAYS)
    expired = (
        OutgoingMail.objects.filter(
            status__in=[OutgoingMail.Status.SENT, OutgoingMail.Status.FAILED], queued_at__lt=keep
        )
        .exclude(send_text="", send_html="")
        .update(send_text="", send_html="")
    )
    return {"stale_tasks": stale_tasks, "requeued_mails": requeued, "expired_secrets": expired}


def _requeue_orphans(rows: list[tuple[int, str]], live: list[TaskResultStatus]) -> int:
    ids = [_uuid_or_none(task_id) for _pk, task_id in rows]
    waiting = {
        str(pk)
        for pk in DBTaskResult.objects.filter(
            pk__in=[i for i in ids if i is not None], status__in=live
        ).values_list("pk", flat=True)
    }
    orphans = [pk for (pk, _task), task_uuid in zip(rows, ids, strict=True) if str(task_uuid) not in waiting]
    for pk in orphans:
        _mail_enqueue(pk)
    return len(orphans)


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None  # no task recorded yet, or the immediate backend's ids
