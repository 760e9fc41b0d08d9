"""The mail-out sweeper (``mailouts.services.sweep``): mail-outs whose tasks were all lost are restarted.

The clock of the sweep is fixed (``now=``); the tasks it queues are run by the real database worker.
"""
# ruff: noqa: F811 - the fixture is requested by name

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from secaction.mailouts.models import Mailout, Recipient
from secaction.mailouts.services import chains_enqueue, mailouts_sweep_now
from secaction.mailouts.tasks_sweep import mailouts_sweep, mailouts_sweep_start
from tests.tasks.test_database_backend import run_worker

from .conftest import mailout_make, statuses
from .test_delivery_worker import mailout_tasks  # noqa: F401 (the fixture, by name)

pytestmark = pytest.mark.django_db(transaction=True)

BATCH = "secaction.mailouts.tasks.mailout_batch_send"
BUILD = "secaction.mailouts.tasks_build.mailout_build_task"
SWEEP = "secaction.mailouts.tasks_sweep.mailouts_sweep"
NOTHING = {"chains_restarted": 0, "finished": 0, "builds_restarted": 0}


@pytest.fixture
def now() -> dt.datetime:
    """The sweep's fixed clock: the start of the test, to the second (the worker runs on the real clock)."""
    return timezone.now().replace(microsecond=0)


def _tasks(path: str, mailout: Mailout | None = None, status: str = "READY") -> int:
    rows = DBTaskResult.objects.filter(task_path=path, status=status)
    if mailout is None:
        return rows.count()
    return sum(1 for r in rows if r.args_kwargs["args"] == [mailout.pk])


def _task_row(path: str, mailout: Mailout, *, status: str, started_at: dt.datetime | None) -> None:
    """A task result as django_tasks_db writes it, e.g. one RUNNING in a worker that is gone."""
    DBTaskResult.objects.create(
        task_path=path,
        args_kwargs={"args": [mailout.pk], "kwargs": {}},
        queue_name="mailout",
        backend_name="default",
        priority=0,
        status=status,
        started_at=started_at,
        run_after=started_at or timezone.now(),
    )


def test_a_sending_mailout_whose_chains_all_died_is_restarted_and_sent_once(
    mailout_tasks: Any, office: Any, settings: Any, now: dt.datetime
) -> None:
    settings.MAILOUT_BATCH_SIZE = 4
    stuck = mailout_make(office, recipients=10, status="sending")  # no task left for it
    assert mailouts_sweep_now(now=now) == {**NOTHING, "chains_restarted": 1}
    assert _tasks(BATCH, stuck) == settings.MAILOUT_CHAINS
    # The chains it queued are alive: a second sweep queues nothing more.
    assert mailouts_sweep_now(now=now) == NOTHING
    assert _tasks(BATCH, stuck) == settings.MAILOUT_CHAINS
    # A duplicate enqueue (a sweep racing a live chain) is harmless: the claims let each row through once.
    with transaction.atomic():
        chains_enqueue(stuck.pk, 3)

    run_worker()

    stuck.refresh_from_db()
    assert stuck.status == "done" and stuck.finished_at is not None
    assert statuses(stuck) == {"sent": 10}
    ids = [m.extra_headers["Message-ID"] for m in mail.outbox]
    assert len(ids) == 10 and set(ids) == set(Recipient.objects.values_list("message_id", flat=True))


def test_a_running_batch_counts_as_alive_until_the_claim_timeout(
    mailout_tasks: Any, office: Any, settings: Any, now: dt.datetime
) -> None:
    settings.MAILOUT_CLAIM_TIMEOUT_SECONDS = 300
    mailout = mailout_make(office, recipients=2, status="sending")
    _task_row(BATCH, mailout, status="RUNNING", started_at=now - dt.timedelta(seconds=299))
    assert mailouts_sweep_now(now=now) == NOTHING
    # The same task seen a little later: RUNNING for longer than any batch lasts, its worker is gone.
    assert mailouts_sweep_now(now=now + dt.timedelta(seconds=2)) == {**NOTHING, "chains_restarted": 1}
    assert _tasks(BATCH, mailout) == settings.MAILOUT_CHAINS


def test_a_task_waiting_for_later_or_for_another_mailout(
    mailout_tasks: Any, office: Any, settings: Any, now: dt.datetime
) -> None:
    waiting = mailout_make(office, recipients=1, status="sending")
    _task_row(BATCH, waiting, status="READY", started_at=None)
    other = mailout_make(office, recipients=1, status="sending")
    _task_row(BATCH, other, status="FAILED", started_at=now)  # an error ended this chain
    assert mailouts_sweep_now(now=now) == {**NOTHING, "chains_restarted": 1}
    assert _tasks(BATCH, waiting) == 1 and _tasks(BATCH, other) == settings.MAILOUT_CHAINS


def test_only_claimable_work_restarts_chains_and_nothing_left_finishes(
    mailout_tasks: Any, office: Any, settings: Any, now: dt.datetime
) -> None:
    settings.MAILOUT_CLAIM_TIMEOUT_SECONDS = 300
    later = mailout_make(office, recipients=2, status="sending")
    rows = Recipient.objects.filter(mailout=later).order_by("id")
    rows.filter(pk=rows[0].pk).update(status="retrying", next_attempt_at=now + dt.timedelta(minutes=5))
    rows.filter(pk=rows[1].pk).update(status="sending", claimed_at=now - dt.timedelta(seconds=60))
    finished = mailout_make(office, recipients=3, status="sending")
    Recipient.objects.filter(mailout=finished).update(status="sent")
    Recipient.objects.filter(mailout=finished, email="user2@example.jp").update(status="failed")

    assert mailouts_sweep_now(now=now) == {**NOTHING, "finished": 1}
    finished.refresh_from_db()
    assert (finished.status, finished.finished_at) == ("done", now)
    assert Mailout.objects.get(pk=later.pk).status == "sending" and _tasks(BATCH) == 0

    # Once the retry is due (and the claim stale), the sweep sees work again.
    at = now + dt.timedelta(minutes=5)
    assert mailouts_sweep_now(now=at) == {**NOTHING, "chains_restarted": 1}


def test_paused_cancelled_and_done_mailouts_are_left_alone(
    mailout_tasks: Any, office: Any, now: dt.datetime
) -> None:
    for status in ("paused", "cancelled", "done", "draft"):
        mailout_make(office, recipients=2, status=status)
    assert mailouts_sweep_now(now=now) == NOTHING
    assert DBTaskResult.objects.count() == 0


def test_a_lost_build_is_queued_again_after_the_grace(
    mailout_tasks: Any, office: Any, settings: Any, now: dt.datetime
) -> None:
    settings.MAILOUT_SWEEP_SECONDS = 60
    # Recipients already written: the rebuilt task only starts the deliveries (build is idempotent).
    scheduled = mailout_make(
        office, recipients=3, status="scheduled", scheduled_at=now - dt.timedelta(seconds=61)
    )
    recent = mailout_make(
        office, recipients=1, status="scheduled", scheduled_at=now - dt.timedelta(seconds=59)
    )
    building = mailout_make(office, recipients=2, status="building")
    running = mailout_make(office, recipients=1, status="building")
    _task_row(BUILD, running, status="RUNNING", started_at=now - dt.timedelta(minutes=10))

    assert mailouts_sweep_now(now=now) == {**NOTHING, "builds_restarted": 2}
    assert (_tasks(BUILD, scheduled), _tasks(BUILD, building)) == (1, 1)
    assert (_tasks(BUILD, recent), _tasks(BUILD, running)) == (0, 0)
    assert mailouts_sweep_now(now=now) == NOTHING  # the queued builds are alive now

    run_worker()

    for mailout in (scheduled, building):
        mailout.refresh_from_db()
        assert mailout.status == "done"
    assert len(mail.outbox) == 5
    assert Mailout.objects.get(pk=recent.pk).status == "scheduled"


def test_the_periodic_sweep_runs_in_the_worker_and_queues_its_next_run(
    mailout_tasks: Any, office: Any, settings: Any
) -> None:
    settings.MAILOUT_SWEEP_SECONDS = 60
    stuck = mailout_make(office, recipients=3, status="sending")
    mailouts_sweep.enqueue()
    before = timezone.now()

    run_worker()  # the sweep, then the chains it queued

    stuck.refresh_from_db()
    assert stuck.status == "done" and len(mail.outbox) == 3
    done = DBTaskResult.objects.get(task_path=SWEEP, status="SUCCESSFUL")
    assert done.return_value == {**NOTHING, "chains_restarted": 1}
    following = DBTaskResult.objects.get(task_path=SWEEP, status="READY")
    assert before + dt.timedelta(seconds=59) < following.run_after < timezone.now() + dt.timedelta(seconds=61)


def test_the_sweeper_is_started_by_migrate_once(mailout_tasks: Any) -> None:
    mailouts_sweep_start(plan=None)  # flush sends post_migrate without a plan: nothing
    assert _tasks(SWEEP) == 0
    mailouts_sweep_start(plan=[])
    mailouts_sweep_start(plan=[])  # a second deploy finds the run waiting
    assert _tasks(SWEEP) == 1
