"""The build task of a mail-out: thin, takes an id (the work is ``services.mailout_build``)."""

from __future__ import annotations

from django_tasks import task

from .services import mailout_build


@task(queue_name="mailout")
def mailout_build_task(mailout_id: int) -> int:
    """Build the recipient list of a due mail-out and start its deliveries; returns the recipient count."""
    return mailout_build(mailout_id)
