"""The mail-out batch chains run by the real database worker (``db_worker``), as production runs them."""
# ruff: noqa: F811 - the fixture is requested by name

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from secaction.mailouts.models import Mailout
from secaction.mailouts.services import mailout_deliveries_start
from tests.tasks.test_database_backend import run_worker

from .conftest import mailout_make, statuses

pytestmark = pytest.mark.django_db(transaction=True)

PATH = "secaction.mailouts.tasks.mailout_batch_send"


@pytest.fixture
def mailout_tasks(settings: Any) -> Any:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail", "mailout"]}
    }
    assert isinstance(task_backends["default"], DatabaseBackend)
    yield


def test_the_chains_are_queued_after_commit_and_the_worker_sends_everything(
    mailout_tasks: Any, office: Any, settings: Any
) -> None:
    settings.MAILOUT_BATCH_SIZE = 4
    mailout = mailout_make(office, recipients=10)
    with transaction.atomic():
        assert mailout_deliveries_start(mailout.pk) == settings.MAILOUT_CHAINS
        assert not DBTaskResult.objects.filter(task_path=PATH).exists()  # nothing before the commit
    ready = DBTaskResult.objects.filter(task_path=PATH, status="READY")
    assert ready.count() == settings.MAILOUT_CHAINS
    assert {r.queue_name for r in ready} == {"mailout"}
    assert ready.first().args_kwargs == {"args": [mailout.pk], "kwargs": {}}

    run_worker()

    mailout.refresh_from_db()
    assert mailout.status == "done" and statuses(mailout) == {"sent": 10}
    assert len(mail.outbox) == 10 and len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 10
    results = DBTaskResult.objects.filter(task_path=PATH)
    assert set(results.values_list("status", flat=True)) == {"SUCCESSFUL"}
    # 3 batches of 4 did the work; each of the 4 chains ended on a run that found nothing left.
    assert results.count() == 3 + settings.MAILOUT_CHAINS
    assert Mailout.objects.filter(pk=mailout.pk, finished_at__isnull=False).exists()
