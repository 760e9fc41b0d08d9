"""Background work of webhooks. Tasks take ids and stay thin: the services do the work.

- ``webhook_fan_out``: queued after every commit that changed the public registry (``signals_webhooks``);
  writes the deliveries of new changes, then sends them.
- ``webhook_delivery_send``: one delivery at once (a new webhook's ping, a replay).
- ``webhook_deliveries_send``: every delivery whose time has come.
- ``webhook_sweep``: every ``WEBHOOK_SWEEP_SECONDS`` (60), fans out what an import wrote without signals
  and sends due retries, then comes back (``core.tasks.periodic_schedule``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django_tasks import task

from secaction.core.tasks import periodic_schedule

from .services.webhooks import webhook_changes_fan_out, webhook_deliveries_send_due, webhook_delivery_attempt


@task()
def webhook_fan_out() -> int:
    """Deliveries for the changes after each webhook's position; returns how many were created."""
    return webhook_changes_fan_out()


@task()
def webhook_delivery_send(delivery_id: int) -> str:
    """Attempt one delivery now; returns its status afterwards."""
    return webhook_delivery_attempt(delivery_id)


@task()
def webhook_deliveries_send() -> int:
    """Attempt the deliveries that are due; returns how many."""
    return webhook_deliveries_send_due()


@task()
def webhook_sweep() -> int:
    """Fan out and send what is due, then come back even when this run fails, so the chain does not break."""
    try:
        webhook_changes_fan_out()
        return webhook_deliveries_send_due()
    finally:
        periodic_schedule(
            webhook_sweep, delay=dt.timedelta(seconds=getattr(settings, "WEBHOOK_SWEEP_SECONDS", 60))
        )
