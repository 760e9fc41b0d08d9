"""Fixtures of the mail-out engine's tests: a staff user and mail-outs with recipients inserted directly."""

from __future__ import annotations

from typing import Any

import pytest

from secaction.core.mail import mail_message_id
from secaction.mailouts.models import Mailout, Recipient
from tests.organizations.conftest import make_user


@pytest.fixture
def office(django_user_model: Any) -> Any:
    user = make_user(django_user_model, "office@example.jp")
    django_user_model.objects.filter(pk=user.pk).update(is_staff=True)
    user.refresh_from_db()
    return user


def mailout_make(creator: Any, *, recipients: int = 3, status: str = "building", **fields: Any) -> Mailout:
    """A mail-out with ``recipients`` PENDING rows ``user<i>@example.jp`` (as the build step leaves them)."""
    values = {"subject_ja": "お知らせ {name}", "body_ja": "{name} 様\n本文です。", "rate_per_second": 1000}
    mailout = Mailout.objects.create(created_by=creator, status=status, **{**values, **fields})
    Recipient.objects.bulk_create(
        Recipient(
            mailout=mailout,
            email=f"user{i}@example.jp",
            name=f"株式会社{i}",
            language="ja",
            message_id=mail_message_id(),
        )
        for i in range(recipients)
    )
    Mailout.objects.filter(pk=mailout.pk).update(recipients_total=recipients)
    mailout.refresh_from_db()
    return mailout


def statuses(mailout: Mailout) -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in Recipient.objects.filter(mailout=mailout).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts
