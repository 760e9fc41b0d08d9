"""The privacy app's daily task: anonymise due deletions, then apply the retention rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from secaction.core.tasks import periodic_schedule

from .retention import retention_apply
from .services import deletions_due_apply

EVERY = dt.timedelta(days=1)


@task()
def privacy_daily() -> dict[str, Any]:
    """Anonymise the people whose deletion is due and apply retention; come back a day later (even on failure)."""
    try:
        deleted = deletions_due_apply()
        run = retention_apply(dry_run=False)
        return {"deleted": deleted, "retention_run": run.pk}
    finally:
        periodic_schedule(privacy_daily, delay=EVERY)


def privacy_daily_start(plan: Any = None, **kwargs: Any) -> None:
    """``post_migrate`` receiver: each deploy makes sure the daily chain runs (a real migration only)."""
    if plan is not None and DBTaskResult._meta.db_table in connection.introspection.table_names():
        periodic_schedule(privacy_daily)
