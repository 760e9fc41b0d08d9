"""The daily continuation-reminder task: thin, the work is ``services.continuation_reminders_send``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from secaction.core.tasks import periodic_schedule

from .services import continuation_reminders_send

EVERY = dt.timedelta(days=1)


@task()
def continuation_reminders_periodic() -> int:
    """Send today's reminders (at most once per day), then come back a day later, even on failure."""
    try:
        return continuation_reminders_send()
    finally:
        periodic_schedule(continuation_reminders_periodic, delay=EVERY)


def continuation_reminders_start(plan: Any = None, **kwargs: Any) -> None:
    """``post_migrate`` receiver: each deploy makes sure the daily chain runs (as ``mailouts_sweep_start``)."""
    if plan is not None and DBTaskResult._meta.db_table in connection.introspection.table_names():
        periodic_schedule(continuation_reminders_periodic)
