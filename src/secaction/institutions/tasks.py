"""Background work of the institutions app: checking bulk uploads and purging old ones. Tasks take ids and stay thin."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from secaction.core.tasks import periodic_schedule

from .selectors_uploads import bulk_uploads_stale
from .services.uploads import bulk_upload_process, bulk_uploads_purge


@task()
def bulk_upload_check(upload_id: int) -> str:
    """Check every row of one bulk upload and store its result file (``bulk_upload_process``)."""
    return bulk_upload_process(upload_id)


@task()
def bulk_uploads_purge_periodic() -> int:
    """Delete the files of uploads past their retention, queue again the checks that were lost (a worker
    killed mid-check leaves its upload running), then come back ``BULK_UPLOAD_PURGE_SECONDS`` later.

    The next run is queued even when this one fails, so the chain does not break. A check queued twice
    is harmless: ``bulk_upload_process`` claims the upload under a row lock.
    """
    try:
        for upload_id in bulk_uploads_stale(timezone.now()):
            bulk_upload_check.enqueue(upload_id)
        return bulk_uploads_purge()
    finally:
        periodic_schedule(
            bulk_uploads_purge_periodic, delay=dt.timedelta(seconds=settings.BULK_UPLOAD_PURGE_SECONDS)
        )


def bulk_uploads_purge_start(plan: Any = None, **kwargs: Any) -> None:
    """``post_migrate`` receiver: every real migration (each deploy) makes sure the purge chain runs
    (as ``core.tasks.task_results_prune_start`` does for core's chains)."""
    if plan is not None and DBTaskResult._meta.db_table in connection.introspection.table_names():
        periodic_schedule(bulk_uploads_purge_periodic)
