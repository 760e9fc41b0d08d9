"""What starts webhook work: a commit that changed the public registry, and every ``migrate``.

The registry knows nothing of institutions (a lower layer), so this app listens to
``registry.signals.registry_changes_recorded``, sent only when a single-row write of the read model recorded a
public change (a save that changed nothing public costs nothing here), and queues the fan-out once the
transaction commits. Bulk imports write without signals; the periodic ``webhook_sweep`` (every minute) fans
those out.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction


def registry_changes_recorded_receiver(sender: Any, **kwargs: Any) -> None:
    """``registry_changes_recorded``: fan out after the commit, when any webhook is active."""
    from .models import Webhook
    from .tasks_webhooks import webhook_fan_out

    if Webhook.objects.filter(is_active=True).exists():
        transaction.on_commit(lambda: webhook_fan_out.enqueue(), robust=True)


def webhook_sweep_start(plan: Any = None, **kwargs: Any) -> None:
    """``post_migrate``: every real migration (each deploy) makes sure the sweep chain runs."""
    from django_tasks_db.models import DBTaskResult

    from secaction.core.tasks import periodic_schedule

    from .tasks_webhooks import webhook_sweep

    if plan is not None and DBTaskResult._meta.db_table in connection.introspection.table_names():
        periodic_schedule(webhook_sweep)
