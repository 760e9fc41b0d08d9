"""Writes shared by every domain: audit records and outgoing mail.

These take no decision about who may act: the calling service has checked that
(``organizations.permissions``) before it records or sends. ``model_snapshot`` and
``mail_render`` / ``mail_retry_delay`` live in ``core.snapshots`` / ``core.mail`` and are imported here
because every app's services take them from this module.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.utils import timezone

from .mail import mail_render, mail_retry_delay
from .models import AuditEvent, OutgoingMail
from .snapshots import json_safe, model_snapshot

__all__ = [
    "audit_record",
    "mail_deliver_now",
    "mail_queue",
    "mail_render",
    "mail_retry_delay",
    "mail_send",
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

    If the surrounding transaction rolls back, the row disappears with it and
    nothing is sent.
    """
    mail = OutgoingMail.objects.create(
        to=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        language=language,
        template=template,
    )
    from .tasks import mail_deliver

    transaction.on_commit(lambda: mail_deliver.enqueue(mail.pk))
    return mail


def mail_send(
    *, to: str, template: str, context: Mapping[str, Any] | None = None, language: str | None = None
) -> OutgoingMail:
    """The one way the product sends e-mail: render in the recipient's language, store, deliver after commit."""
    lang = language or settings.LANGUAGE_CODE
    subject, text, html = mail_render(template, context or {}, lang)
    return mail_queue(
        to=to, subject=subject, body_text=text, body_html=html, language=lang, template=template
    )


def mail_deliver_now(mail_id: int) -> OutgoingMail.Status:
    """Try to hand one queued mail to the mail server; record the outcome.

    Returns the new status. A failure below ``MAIL_MAX_ATTEMPTS`` leaves the
    mail in RETRYING for the caller to schedule again.
    """
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().get(pk=mail_id)
        if mail.status == OutgoingMail.Status.SENT:
            return OutgoingMail.Status.SENT  # a duplicate enqueue must not send twice
        mail.attempts += 1
        message = EmailMultiAlternatives(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + mail.subject
            if not mail.subject.startswith(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)
            else mail.subject,
            body=mail.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[mail.to],
        )
        if mail.body_html:
            message.attach_alternative(mail.body_html, "text/html")
        try:
            message.send()
        except Exception as exc:  # any transport error is retried, then recorded
            logger.warning("mail %s attempt %s failed: %s", mail.pk, mail.attempts, exc)
            mail.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            mail.status = (
                OutgoingMail.Status.FAILED
                if mail.attempts >= settings.MAIL_MAX_ATTEMPTS
                else OutgoingMail.Status.RETRYING
            )
        else:
            mail.status = OutgoingMail.Status.SENT
            mail.sent_at = timezone.now()
            mail.last_error = ""
        mail.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        return OutgoingMail.Status(str(mail.status))
