"""Background tasks for the shared services. Tasks take ids and stay thin."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from .services import mail_deliver_now, mail_sweep_now

# How often finished task results are pruned (docs/operators.md, "Task results").
PRUNE_EVERY = dt.timedelta(days=1)


@task(queue_name="mail")
def mail_deliver(mail_id: int) -> str:
    """Deliver one stored mail; the service claims it, sends it and schedules a retry on failure."""
    return str(mail_deliver_now(mail_id))


@task()
def mail_sweep() -> dict[str, int]:
    """Recover stale tasks and orphaned mails (``core.services.mail_sweep_now``), then come back.

    The next run is queued ``MAIL_SWEEP_SECONDS`` later even when this one fails, so the chain does not break.
    """
    try:
        return mail_sweep_now()
    finally:
        periodic_schedule(mail_sweep, delay=dt.timedelta(seconds=settings.MAIL_SWEEP_SECONDS))


@task()
def task_results_prune() -> str:
    """Delete finished task results with django-tasks-db's own ``prune_db_task_results``, then come back.

    Successful results older than ``TASK_RESULTS_KEEP_DAYS`` and failed ones older than
    ``TASK_RESULTS_KEEP_FAILED_DAYS`` go, on every queue; waiting and running tasks are never
    touched. The next run is scheduled even when this one fails, so the chain does not break.
    """
    try:
        call_command(
            "prune_db_task_results",
            queue_name="*",
            min_age_days=settings.TASK_RESULTS_KEEP_DAYS,
            failed_min_age_days=settings.TASK_RESULTS_KEEP_FAILED_DAYS,
            verbosity=0,
        )
    finally:
        periodic_schedule(task_results_prune, delay=PRUNE_EVERY)
    return "pruned"


def periodic_schedule(periodic: Any, *, delay: dt.timedelta = dt.timedelta(0)) -> bool:
    """Queue the self-rescheduling task ``periodic`` to run after ``delay``, unless a run is already waiting.

    Returns whether it queued one. With several workers and deploy hosts two callers can
    both find nothing waiting and both queue a run; the chains then meet at the next run,
    which sees the other one waiting and does not queue again, so duplicates last one
    period at most. The immediate backend (tests, demos) keeps no results: nothing to do.
    """
    if not periodic.get_backend().supports_defer:
        return False
    waiting = DBTaskResult.objects.filter(task_path=periodic.module_path, status=TaskResultStatus.READY)
    if waiting.exists():
        return False
    periodic.using(run_after=timezone.now() + delay).enqueue()
    return True


def task_results_prune_schedule(*, delay: dt.timedelta = dt.timedelta(0)) -> bool:
    """Queue ``task_results_prune`` after ``delay`` unless a run is waiting (``periodic_schedule``)."""
    return periodic_schedule(task_results_prune, delay=delay)


def task_results_prune_start(plan: Any = None, **kwargs: Any) -> None:
    """``post_migrate`` receiver: every ``manage.py migrate`` (each deploy) makes sure the periodic chains run.

    Both the daily prune and the mail sweeper. ``flush`` sends ``post_migrate`` too, without a plan (the
    test suite flushes after each transactional test): only a real migration starts the chains, and only
    once the queue's table exists (``migrate core`` alone, or migrating backwards, may leave it out).
    """
    if plan is not None and DBTaskResult._meta.db_table in connection.introspection.table_names():
        periodic_schedule(task_results_prune)
        periodic_schedule(mail_sweep)
