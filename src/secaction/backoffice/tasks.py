"""Background work of the back office: building large CSV exports and purging old ones. Tasks take ids."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import connection
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from secaction.core.tasks import periodic_schedule

from .services import data_export_build, data_exports_purge


@task()
def data_export_build_task(export_id: int) -> str:
    """Write the CSV of one queued export (``backoffice.services.data_export_build``)."""
    return data_export_build(export_id)


@task()
def data_exports_purge_periodic() -> int:
    """Delete exports past their 7 days, then come back ``EXPORT_PURGE_SECONDS`` later (even on failure)."""
    try:
        return data_exports_purge()
    finally:
        periodic_schedule(
            data_exports_purge_periodic, delay=dt.timedelta(seconds=settings.EXPORT_PURGE_SECONDS)
        )


def data_exports_purge_start(plan: Any = None, **kwargs: Any) -> None:
    """``post_migrate`` receiver: each deploy makes sure the purge chain runs."""
    if plan is not None and DBTaskResult._meta.db_table in connection.introspection.table_names():
        periodic_schedule(data_exports_purge_periodic)
