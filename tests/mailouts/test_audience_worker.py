"""The build task run by the real database worker (``db_worker``), as production runs it."""

from __future__ import annotations

from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from secaction.mailouts import services
from secaction.mailouts.models import Mailout, Recipient
from tests.tasks.test_database_backend import run_worker

from .factories import declarer, staff

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_scheduled_mail_out_is_built_by_the_worker(settings: Any, monkeypatch: Any) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail", "mailout"]}
    }
    started: list[int] = []  # helper A's mailout_deliveries_start is not in this branch
    monkeypatch.setattr("secaction.mailouts.services.build.mailout_deliveries_start", started.append)
    office = staff()
    for n in range(3):
        declarer(contact_email=f"w{n}@example.jp", level="two_star", prefecture="13")
    declarer(contact_email="osaka@example.jp", level="two_star", prefecture="27")
    mailout = services.mailout_create(
        office,
        kind="notice",
        subject_ja="東京都の二つ星の皆さまへ",
        body_ja="{name} 御中",
        filters={"levels": ["two_star"], "prefectures": ["13"]},
        rate_per_second=10,
    )
    services.mailout_schedule(office, mailout, at=None)
    assert DBTaskResult.objects.get().status == "READY"  # queued after commit, not yet run

    run_worker()

    mailout.refresh_from_db()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert mailout.recipients_total == 3 and mailout.status == Mailout.Status.BUILDING
    assert sorted(Recipient.objects.values_list("email", flat=True)) == [
        "w0@example.jp",
        "w1@example.jp",
        "w2@example.jp",
    ]
    assert started == [mailout.pk]
