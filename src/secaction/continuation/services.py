"""Writes of the continuation reminders: the daily reminder mail-out and the one-click confirmation.

Neither has a user acting: the daily run is a background task, and the confirmation is authorised by the
signed link in the declarer's own mail (docs/privacy-and-retention.md, "Continuation"). Nothing here
changes a declaration's status: declarations do not expire.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.core.bulk import rows_insert
from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.services import audit_record
from secaction.declarations.models import Declaration, Status
from secaction.declarations.services import declaration_confirm_unchanged
from secaction.mailouts.models import Mailout, Recipient
from secaction.mailouts.selectors.audience import AudienceRow
from secaction.mailouts.services import mailout_system_create

from .models import Reminder, ReminderDay
from .selectors import declarations_due_rows, reminder_for_token
from .texts import reminder_text

REMINDER_COLUMNS = ("declaration_id", "organization_id", "mailout_id", "email", "created_at", "confirmed_at")


def continuation_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Send today's reminders as ONE system mail-out; return how many declarations were reminded.

    Once per Japan date: a ``ReminderDay`` row (unique day) is written first in the same transaction, so
    a second run that day — another worker, a retried task — writes nothing and returns 0. At most
    ``CONTINUATION_REMIND_MAX_PER_DAY`` declarations, longest unconfirmed first; a ``Reminder`` row per
    declaration actually mailed (suppressed addresses get none and are not reminded).
    """
    now = now or timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                day = ReminderDay.objects.create(day=timezone.localdate(now))
        except IntegrityError:
            return 0
        due = list(declarations_due_rows(now, limit=settings.CONTINUATION_REMIND_MAX_PER_DAY))
        mailout = mailout_system_create(
            kind=Mailout.Kind.CONTINUATION,
            text=reminder_text(),
            rows=(AudienceRow(row.organization_id, row.email, row.name, row.language) for row in due),
        )
        count = 0
        if mailout is not None:
            mailed = set(Recipient.objects.filter(mailout=mailout).values_list("organization_id", flat=True))
            rows = [
                (row.declaration_id, row.organization_id, mailout.pk, row.email, now, None)
                for row in due
                if row.organization_id in mailed
            ]
            count = rows_insert(Reminder, REMINDER_COLUMNS, rows)
        day.mailout, day.reminders = mailout, count
        day.save(update_fields=["mailout", "reminders"])
        audit_record(
            actor=None,
            action="continuation.reminders_send",
            target=day,
            after={"mailout_id": mailout.pk if mailout else None, "reminders": count},
        )
    return count


def continuation_confirm(token: str) -> Declaration:
    """Confirm, from the signed link of a reminder, that its declaration is unchanged.

    The link is the authority (whoever holds the declarer's mail may confirm, as with the unsubscribe
    link): ``AccessDenied`` for a tampered or expired one, ``ServiceError`` when the declaration is no
    longer active. Sets ``last_confirmed_at`` through ``declarations`` and marks the reminder confirmed
    (the first time); confirming twice is harmless.
    """
    reminder = reminder_for_token(token)
    if reminder is None:
        raise AccessDenied(_("このリンクは無効か、有効期限が切れています。"))
    if reminder.declaration.status != Status.ACTIVE:
        raise ServiceError(_("この宣言は現在宣言中ではないため、確認できません。"), code="not_active")
    with transaction.atomic():
        declaration = declaration_confirm_unchanged(reminder.declaration, by=None, via="mail-link")
        updated = Reminder.objects.filter(pk=reminder.pk, confirmed_at__isnull=True).update(
            confirmed_at=declaration.last_confirmed_at
        )
        if updated:
            audit_record(
                actor=None,
                action="continuation.confirm",
                target=reminder,
                after={"declaration_id": declaration.pk, "confirmed_at": declaration.last_confirmed_at},
            )
    return declaration
