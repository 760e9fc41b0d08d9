"""Outsider cases for accounts' services: staff-only changes to someone else's account."""

from __future__ import annotations

from typing import Any

from secaction.accounts import services
from tests.contract.cases import OutsiderCase
from tests.organizations.conftest import make_user


def _someone() -> Any:
    from secaction.accounts.models import User

    return make_user(User, "someone@example.jp")


def _failed_mail() -> Any:
    from secaction.core.models import OutgoingMail
    from secaction.core.services import mail_queue

    row = mail_queue(to="someone@example.jp", subject="s", body_text="b", language="ja", template="t")
    OutgoingMail.objects.filter(pk=row.pk).update(status="failed")
    row.refresh_from_db()
    return row


CASES = [
    OutsiderCase("accounts.mail_resend", lambda outsider: services.mail_resend(outsider, _failed_mail())),
    OutsiderCase(
        "accounts.user_staff_set",
        lambda outsider: services.user_staff_set(outsider, _someone(), is_staff=True),
    ),
    OutsiderCase(
        "accounts.user_email_change",
        lambda outsider: services.user_email_change(
            outsider, _someone(), "mine-now@example.jp", reason="乗っ取り"
        ),
    ),
]

EXEMPT: dict[str, str] = {}
