"""Background tasks for the shared services. Tasks take ids and stay thin."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from .models import OutgoingMail
from .services import mail_deliver_now, mail_retry_delay


@task(queue_name="mail")
def mail_deliver(mail_id: int) -> str:
    status = mail_deliver_now(mail_id)
    if status == OutgoingMail.Status.RETRYING:
        attempts = OutgoingMail.objects.values_list("attempts", flat=True).get(pk=mail_id)
        if mail_deliver.get_backend().supports_defer:
            mail_deliver.using(run_after=timezone.now() + mail_retry_delay(attempts)).enqueue(mail_id)
        else:
            # The immediate backend (tests, demos) cannot defer: retry at once.
            mail_deliver.enqueue(mail_id)
    return str(status)
