"""Reads shared by every domain."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, Min, Q
from django.utils import timezone


def health_get(backend: Any = None) -> dict[str, Any]:
    """The state of the database, the task queue and the mail queue, for ``/healthz``.

    ``ok`` is False when the database cannot be reached, when more than ``HEALTH_MAX_STUCK_TASKS`` tasks
    have been running past ``TASK_RUNNING_TIMEOUT_SECONDS`` (a worker died), when the oldest due mail has
    waited more than ``HEALTH_MAX_MAIL_AGE_SECONDS``, or when more than ``HEALTH_MAX_FAILED_MAILS`` mails
    have failed for good within ``HEALTH_FAILED_WINDOW_SECONDS``. A long task queue is reported but is not by itself unhealthy.
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
            stuck_since = timezone.now() - dt.timedelta(seconds=settings.TASK_RUNNING_TIMEOUT_SECONDS)
            queue["stuck"] = DBTaskResult.objects.filter(status="RUNNING", started_at__lt=stuck_since).count()
            queue["ok"] = queue["stuck"] <= settings.HEALTH_MAX_STUCK_TASKS
        except Exception as exc:
            queue = {"ok": False, "backend": backend_name, "error": type(exc).__name__}
    result["tasks"] = queue
    result["mail"] = mail = _mail_health()
    result["ok"] = bool(queue["ok"] and mail["ok"])
    return result


def _mail_health() -> dict[str, Any]:
    """Mails failed in the last ``HEALTH_FAILED_WINDOW_SECONDS``, and how long the longest-waiting due mail
    (queued, retrying or sending) has waited.

    Only recent failures count: a mail given up weeks ago (a mistyped address) is the back office's
    business, and must not keep the site unhealthy until someone resends it. A FAILED mail's
    ``next_attempt_at`` is the moment it was given up (``mail_deliver_now``).
    """
    from .models import OutgoingMail

    now = timezone.now()
    status = OutgoingMail.Status
    failed_since = now - dt.timedelta(seconds=settings.HEALTH_FAILED_WINDOW_SECONDS)
    counts = OutgoingMail.objects.aggregate(
        queued=Count("pk", filter=Q(status__in=[status.QUEUED, status.RETRYING])),
        sending=Count("pk", filter=Q(status=status.SENDING)),
        failed=Count("pk", filter=Q(status=status.FAILED, next_attempt_at__gte=failed_since)),
        oldest=Min("next_attempt_at", filter=Q(status__in=[status.QUEUED, status.RETRYING, status.SENDING])),
    )
    oldest = counts.pop("oldest")
    age = max(0, int((now - oldest).total_seconds())) if oldest else 0
    return {
        "ok": age <= settings.HEALTH_MAX_MAIL_AGE_SECONDS
        and counts["failed"] <= settings.HEALTH_MAX_FAILED_MAILS,
        **counts,
        "oldest_queued_age_seconds": age,
    }


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
