"""Background work of the policies app. Tasks take ids and stay thin."""

from __future__ import annotations

from django_tasks import task

from .services import handbook_mail_deliver


@task()
def handbook_mail_send(recipient_ids: list[int], kind: str) -> int:
    """Queue the handbook request (kind "request") or reminder mail for each recipient; returns how many."""
    return sum(1 for recipient_id in recipient_ids if handbook_mail_deliver(recipient_id, kind))
