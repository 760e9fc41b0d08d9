"""Reads shared by every domain."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Count, Min, Q
from django.utils import timezone


def health_get(backend: Any = None) -> dict[str, Any]:
    """The state of the database and of the task queue, for ``/healthz``.

    ``ok`` is False when the database cannot be reached; a long queue is
    reported but is not by itself unhealthy.
    """
    result: dict[str, Any] = {"ok": True}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        result["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as exc:
        result["ok"] = False
        result["database"] = {"ok": False, "error": type(exc).__name__}
        result["tasks"] = {"ok": False, "error": "database unavailable"}
        return result

    if backend is None:
        # Not ``default_task_backend``: that is a proxy whose type name says nothing.
        from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]

    backend_name = type(backend).__name__
    queue: dict[str, Any] = {"ok": True, "backend": backend_name}
    if backend_name == "DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        try:
            # One pass over the queue table instead of a COUNT per status: /healthz is polled.
            queue.update(
                DBTaskResult.objects.aggregate(
                    ready=Count("pk", filter=Q(status="READY")),
                    running=Count("pk", filter=Q(status="RUNNING")),
                    failed=Count("pk", filter=Q(status="FAILED")),
                )
            )
            queue["oldest_ready_age_seconds"] = _oldest_due_age_seconds()
        except Exception as exc:
            queue = {"ok": False, "backend": backend_name, "error": type(exc).__name__}
            result["ok"] = False
    result["tasks"] = queue
    return result


def _oldest_due_age_seconds() -> int:
    """How long the longest-waiting task that a worker could run now has waited, in seconds.

    django_tasks_db stores "not deferred" as ``run_after`` = its maximum date,
    never NULL, so a task is due either from when it was enqueued (not
    deferred) or from its ``run_after`` (deferred, and that moment has passed).
    A task deferred into the future is not late.
    """
    from django_tasks_db.models import DBTaskResult, get_date_max

    due = DBTaskResult.objects.ready()
    now = timezone.now()
    since = [
        due.filter(run_after=get_date_max()).aggregate(m=Min("enqueued_at"))["m"],
        due.exclude(run_after=get_date_max()).aggregate(m=Min("run_after"))["m"],
    ]
    oldest = min((t for t in since if t is not None), default=None)
    return max(0, int((now - oldest).total_seconds())) if oldest else 0
