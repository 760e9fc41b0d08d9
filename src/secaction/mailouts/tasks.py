"""Background tasks of the mail-out engine. Thin: the work is in ``services.delivery``."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from .services import mailout_batch_send_now


@task(queue_name="mailout")
def mailout_batch_send(mailout_id: int) -> str:
    """One batch of a mail-out, then the next run of this chain while work remains.

    With a backend that cannot defer (the immediate backend of tests and demos) the chain runs its
    batches in this call instead, as long as something is claimable now.
    """
    outcome = mailout_batch_send_now(mailout_id)
    if not mailout_batch_send.get_backend().supports_defer:
        while outcome.claimed:
            outcome = mailout_batch_send_now(mailout_id)
        return f"done={outcome.done}"
    if outcome.again_at is not None:
        later = outcome.again_at > timezone.now()
        (mailout_batch_send.using(run_after=outcome.again_at) if later else mailout_batch_send).enqueue(
            mailout_id
        )
    return f"claimed={outcome.claimed} sent={outcome.sent} done={outcome.done}"
