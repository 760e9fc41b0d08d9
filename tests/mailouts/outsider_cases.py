"""Outsider cases for the mail-out engine's services."""

from __future__ import annotations

from typing import Any

from secaction.mailouts.models import Mailout
from secaction.mailouts.services import (
    mailout_cancel,
    mailout_create,
    mailout_pause,
    mailout_resume,
    mailout_schedule,
    mailout_test_send,
    mailout_update,
    suppression_staff_add,
)
from tests.contract.cases import OutsiderCase


def _draft(status: str = "draft") -> Mailout:
    from secaction.accounts.models import User

    office = User.objects.create_user(email="office-mailouts@example.jp", is_staff=True)
    return Mailout.objects.create(
        kind="notice", subject_ja="お知らせ", body_ja="本文", created_by=office, status=status
    )


_TEXT: dict[str, Any] = {
    "kind": "notice",
    "subject_ja": "お知らせ",
    "body_ja": "本文",
    "filters": {},
    "rate_per_second": 10,
}

CASES: list[OutsiderCase] = [
    OutsiderCase("mailouts.mailout_create", lambda outsider: mailout_create(outsider, **_TEXT)),
    OutsiderCase("mailouts.mailout_update", lambda outsider: mailout_update(outsider, _draft(), **_TEXT)),
    OutsiderCase("mailouts.mailout_test_send", lambda outsider: mailout_test_send(outsider, _draft())),
    OutsiderCase("mailouts.mailout_schedule", lambda outsider: mailout_schedule(outsider, _draft(), at=None)),
    OutsiderCase(
        "mailouts.suppression_staff_add",
        lambda outsider: suppression_staff_add(outsider, email="x@example.jp"),
    ),
    OutsiderCase("mailouts.mailout_pause", lambda outsider: mailout_pause(outsider, _draft("sending"))),
    OutsiderCase("mailouts.mailout_resume", lambda outsider: mailout_resume(outsider, _draft("paused"))),
    OutsiderCase(
        "mailouts.mailout_cancel",
        lambda outsider: mailout_cancel(outsider, _draft("sending"), reason="誤送信"),
    ),
]

_DELIVERY_STEP = "a delivery step run by the mail-out's batch tasks with no actor; not reachable by users"

EXEMPT = {
    "mailouts.mailout_system_create": (
        "a system mail-out built by another app's background task with no actor (continuation reminders); "
        "not reachable by users"
    ),
    "mailouts.suppression_add": "the delivery step records a hard bounce with no actor; not reachable by users",
    "mailouts.suppression_for_token_add": (
        "one-click unsubscribe: whoever holds the signed link may unsubscribe that address, by design (RFC 8058)"
    ),
    "mailouts.mailout_build": (
        "run by the build task with no actor; the staff member who scheduled the mail-out was checked by "
        "mailout_schedule"
    ),
    "mailouts.mailout_deliveries_start": (
        "called by the build step once the recipients exist (system step, no actor); not reachable by users"
    ),
    "mailouts.mailout_batch_send_now": _DELIVERY_STEP,
    # The batch's own steps (services/smtp_lanes.py, services/recording.py): each write is guarded by the
    # batch's claim token, which only the claiming batch holds.
    "mailouts.send_smtp": _DELIVERY_STEP,
    "mailouts.sessions_for_batch": _DELIVERY_STEP,
    "mailouts.recipient_guarded": _DELIVERY_STEP,
    "mailouts.recipient_mark_sent": _DELIVERY_STEP,
    "mailouts.recipient_mark_retry": _DELIVERY_STEP,
    "mailouts.recipient_mark_bounced": _DELIVERY_STEP,
    "mailouts.rejection_record": _DELIVERY_STEP,
    "mailouts.reply_record": _DELIVERY_STEP,
    "mailouts.chains_enqueue": _DELIVERY_STEP,
    "mailouts.recipients_claim": _DELIVERY_STEP,
    "mailouts.slot_reserve": _DELIVERY_STEP,
    "mailouts.mailouts_sweep_now": (
        "run by the periodic sweeper task with no actor; it only queues the engine's own tasks again"
    ),
}
