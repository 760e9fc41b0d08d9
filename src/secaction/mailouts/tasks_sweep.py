"""The mail-out sweeper's periodic task: thin, the work is ``services.mailouts_sweep_now``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import connection
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from secaction.core.tasks import periodic_schedule

from .services import mailouts_sweep_now


@task(queue_name="mailout")
def mailouts_sweep() -> dict[str, int]:
    """Restart mail-outs whose tasks were all lost, then come back after ``MAILOUT_SWEEP_SECONDS``.

    The next run is queued even when this one fails, so the chain does not break.
    """
    try:
        return mailouts_sweep_now()
    finally:
        periodic_schedule(mailouts_sweep, delay=dt.timedelta(seconds=settings.MAILOUT_SWEEP_SECONDS))


def mailouts_sweep_start(plan: Any = None, **kwargs: Any) -> None:
    """``post_migrate`` receiver: every ``manage.py migrate`` (each deploy) makes sure the sweeper runs.

    As ``core.tasks.task_results_prune_start``: only a real migration (``flush`` sends no plan) and only
    once the queue's table exists.
    """
    if plan is not None and DBTaskResult._meta.db_table in connection.introspection.table_names():
        periodic_schedule(mailouts_sweep)
