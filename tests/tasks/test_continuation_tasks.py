"""The daily continuation-reminder chain run by the real database worker: one mail-out, sent, and back tomorrow."""
# ruff: noqa: F811 - the database_tasks fixture is imported and requested by name

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from secaction.continuation.models import Reminder
from secaction.mailouts.models import Mailout
from tests.registry.factories import make_declaration, make_org

from .test_database_backend import database_tasks, run_worker  # noqa: F401 (the fixture, by name)

pytestmark = pytest.mark.django_db(transaction=True)
PATH = "secaction.continuation.tasks.continuation_reminders_periodic"


def test_the_daily_chain_sends_one_mailout_and_comes_back_a_day_later(database_tasks: Any) -> None:
    from secaction.continuation.tasks import continuation_reminders_periodic

    long_ago = timezone.now() - dt.timedelta(days=400)
    due = make_declaration(make_org(contact_email="due@example.jp"), last_confirmed_at=long_ago)
    make_declaration(make_org(contact_email="recent@example.jp"), last_confirmed_at=timezone.now())
    before = timezone.now()
    continuation_reminders_periodic.enqueue()

    run_worker()  # the daily run, then the mail-out's batches it queued

    assert list(Reminder.objects.values_list("declaration_id", flat=True)) == [due.pk]
    assert Mailout.objects.get().status == "done"
    assert [m.to for m in mail.outbox] == [["due@example.jp"]]
    [again] = DBTaskResult.objects.filter(task_path=PATH, status="READY")
    assert again.run_after >= before + dt.timedelta(days=1)
