"""Outsider cases for the mail-out engine's services."""

from __future__ import annotations

from typing import Any

from secaction.mailouts.models import Mailout
from secaction.mailouts.services import (
    mailout_create,
    mailout_schedule,
    mailout_test_send,
    mailout_update,
    suppression_staff_add,
)
from tests.contract.cases import OutsiderCase


def _draft() -> Mailout:
    from secaction.accounts.models import User

    office = User.objects.create_user(email="office-mailouts@example.jp", is_staff=True)
    return Mailout.objects.create(kind="notice", subject_ja="お知らせ", body_ja="本文", created_by=office)


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
]

EXEMPT = {
    "mailouts.suppression_add": "the delivery step records a hard bounce with no actor; not reachable by users",
    "mailouts.suppression_for_token_add": (
        "one-click unsubscribe: whoever holds the signed link may unsubscribe that address, by design (RFC 8058)"
    ),
    "mailouts.mailout_build": (
        "run by the build task with no actor; the staff member who scheduled the mail-out was checked by "
        "mailout_schedule"
    ),
    # INTEGRATOR: remove these four with services/control.py's stand-in; helper A's cases replace them.
    "mailouts.mailout_deliveries_start": "stand-in for helper A's engine in this branch (raises NotImplementedError)",
    "mailouts.mailout_pause": "stand-in for helper A's engine in this branch (raises NotImplementedError)",
    "mailouts.mailout_resume": "stand-in for helper A's engine in this branch (raises NotImplementedError)",
    "mailouts.mailout_cancel": "stand-in for helper A's engine in this branch (raises NotImplementedError)",
}
