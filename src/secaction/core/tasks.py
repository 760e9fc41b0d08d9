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

from .models import OutgoingMail
from .services import mail_deliver_now, mail_retry_delay

# How often finished task results are pruned (docs/operators.md, "Task results").
PRUNE_EVERY = dt.timedelta(days=1)


@task(queue_name="mail")
def mail_deliver(mail_id: int) -> str:
    status = mail_deliver_now(mail_id)
    if status == OutgoingMail.Status.RETRYING:
        attempts = OutgoingMail.objects.values_list("attempts", flat=True).get(pk=mail_id)
        if mail_deliver.get_backend().supports_defer:
            mail_deliver.using(run_after=timezone.now() + mail_retry_delay(attempts)).enqueue(mail_id)
        else:
            # The immediate backend (tests, demos) cannot defer: retry at once.
            mail_deliver.enqueue(mail_id)
    return str(status)


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
        task_results_prune_schedule(delay=PRUNE_EVERY)
    return "pruned"


def task_results_prune_schedule(*, delay: dt.timedelta = dt.timedelta(0)) -> bool:
    """Queue ``task_results_prune`` to run after ``delay``, unless a run is already waiting.

    Returns whether it queued one. With several workers and deploy hosts two callers can
    both find nothing waiting and both queue a run; the chains then meet at the next run,
    which sees the other one waiting and does not queue again, so duplicates last one
    period at most. The immediate backend (tests, demos) keeps no results: nothing to do.
    """
    if not task_results_prune.get_backend().supports_defer:
        return False
    waiting = DBTaskResult.objects.filter(
        task_path=task_results_prune.module_path, status=TaskResultStatus.READY
    )
    if waiting.exists():
        return False
    task_results_prune.using(run_after=timezone.now() + delay).enqueue()
    return True


def task_results_prune_start(plan: Any = None, **kwargs: Any) -> None:
    """``post_migrate`` receiver: every ``manage.py migrate`` (each deploy) makes sure the chain runs.

    ``flush`` sends ``post_migrate`` too, without a plan (the test suite flushes after each
    transactional test): only a real migration starts the chain, and only once the queue's
    table exists (``migrate core`` alone, or migrating backwards, may leave it out).
    """
    if plan is not None and DBTaskResult._meta.db_table in connection.introspection.table_names():
        task_results_prune_schedule()
