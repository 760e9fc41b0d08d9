"""Outsider cases for the mail-out engine's services."""

from __future__ import annotations

from typing import Any

from secaction.mailouts import services
from tests.contract.cases import OutsiderCase
from tests.organizations.conftest import make_user


def _mailout(status: str = "sending") -> Any:
    from secaction.accounts.models import User
    from secaction.mailouts.models import Mailout

    staff = make_user(User, "office@example.jp")
    User.objects.filter(pk=staff.pk).update(is_staff=True)
    return Mailout.objects.create(subject_ja="件名", body_ja="本文", created_by=staff, status=status)


CASES: list[OutsiderCase] = [
    OutsiderCase("mailouts.mailout_pause", lambda outsider: services.mailout_pause(outsider, _mailout())),
    OutsiderCase(
        "mailouts.mailout_resume", lambda outsider: services.mailout_resume(outsider, _mailout("paused"))
    ),
    OutsiderCase(
        "mailouts.mailout_cancel",
        lambda outsider: services.mailout_cancel(outsider, _mailout(), reason="誤送信"),
    ),
]

_DELIVERY_STEP = "a delivery step run by the mail-out's batch tasks with no actor; not reachable by users"

EXEMPT = {
    "mailouts.suppression_add": "the delivery step records a hard bounce with no actor; not reachable by users",
    "mailouts.suppression_for_token_add": (
        "one-click unsubscribe: whoever holds the signed link may unsubscribe that address, by design (RFC 8058)"
    ),
    "mailouts.mailout_deliveries_start": (
        "called by the build task once the recipients exist (system step, no actor); not reachable by users"
    ),
    "mailouts.mailout_batch_send_now": _DELIVERY_STEP,
    "mailouts.chains_enqueue": _DELIVERY_STEP,
    "mailouts.recipients_claim": _DELIVERY_STEP,
    "mailouts.slot_reserve": _DELIVERY_STEP,
}
