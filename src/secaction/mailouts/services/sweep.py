"""The mail-out sweeper: restarts mail-outs whose tasks were all lost (docs/mail-outs.md, "Delivery").

A mail-out moves only while one of its tasks exists: the build task (SCHEDULED / BUILDING) or a batch
chain (SENDING). When every such task is gone (all workers SIGKILLed at once, an error in every chain, a
build that failed), nothing would ever move it again. ``mailouts_sweep_now``, run every
``MAILOUT_SWEEP_SECONDS`` by ``mailouts.tasks_sweep.mailouts_sweep``, finds those and queues their work
again with the engine's own functions. A task counts as alive while it is waiting (READY, whatever its
``run_after``) or RUNNING and started recently enough to be still working.

Re-queueing is harmless even when a live task was missed: a batch only sends rows it claimed with an
exclusive conditional UPDATE and reserves its time with a compare-and-set on ``next_slot_at``; a second
build finds the recipients already written and only asks the (idempotent) delivery start again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ..models import Mailout, Recipient
from .delivery import ACTIVE, chains_enqueue


def _alive(task_path: str, *, running_since: dt.datetime) -> set[int]:
    """The mail-out ids a waiting task, or one running since ``running_since`` or later, will work on.

    django_tasks_db stores the call as ``args_kwargs = {"args": [mailout_id], "kwargs": {}}``.
    """
    rows = DBTaskResult.objects.filter(task_path=task_path).filter(
        Q(status=TaskResultStatus.READY) | Q(status=TaskResultStatus.RUNNING, started_at__gte=running_since)
    )
    return set(_mailout_ids(rows.values_list("args_kwargs", flat=True)))


def _mailout_ids(calls: Iterable[dict[str, list[object]]]) -> Iterable[int]:
    for call in calls:
        args = call.get("args") or []
        if args and isinstance(args[0], int):
            yield args[0]


def _work_left(now: dt.datetime) -> Q:
    """Recipients a batch could claim now (the conditions of ``delivery.recipients_claim``)."""
    stale = now - dt.timedelta(seconds=settings.MAILOUT_CLAIM_TIMEOUT_SECONDS)
    return (
        Q(status=Recipient.Status.PENDING)
        | Q(status=Recipient.Status.RETRYING, next_attempt_at__lte=now)
        | Q(status=Recipient.Status.SENDING, claimed_at__lt=stale)
    )


def mailouts_sweep_now(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Restart the mail-outs no task is moving; return the counts. A system step with no actor.

    ``now`` (aware; default the current time) is the moment the conditions below are judged at.

    - SENDING with claimable work (PENDING, RETRYING that are due, claims older than
      ``MAILOUT_CLAIM_TIMEOUT_SECONDS``) and no live ``mailout_batch_send``: ``MAILOUT_CHAINS`` chains
      are queued again (``delivery.chains_enqueue``). A batch task RUNNING for longer than the claim
      timeout is taken for dead (a batch lasts far less; see the setting's comment).
    - SENDING with no PENDING / SENDING / RETRYING recipient left: DONE with ``finished_at``, as the last
      batch would have recorded it; the UPDATE repeats both conditions (still SENDING, nothing active), so
      a racing batch and the sweep cannot both finish it.
    - SCHEDULED whose ``scheduled_at`` passed more than ``MAILOUT_SWEEP_SECONDS`` ago, or BUILDING, with
      no live ``mailout_build_task``: the build task is queued again. A build RUNNING for less than
      ``TASK_RUNNING_TIMEOUT_SECONDS`` counts as alive (a large invitation builds for minutes).

    Mail-outs with retries not due yet and fresh claims are left alone: the next sweep sees them when
    they become claimable. Paused, cancelled and done mail-outs are never touched.
    """
    from ..tasks import mailout_batch_send  # the tasks import this package
    from ..tasks_build import mailout_build_task

    now = now or timezone.now()
    counts = {"chains_restarted": 0, "finished": 0, "builds_restarted": 0}

    active = Recipient.objects.filter(mailout=OuterRef("pk"), status__in=ACTIVE)
    counts["finished"] = (
        Mailout.objects.filter(status=Mailout.Status.SENDING)
        .filter(~Exists(active))
        .update(status=Mailout.Status.DONE, finished_at=now)
    )

    sending = Mailout.objects.filter(status=Mailout.Status.SENDING).filter(
        Exists(Recipient.objects.filter(_work_left(now), mailout=OuterRef("pk")))
    )
    batch_alive = _alive(
        mailout_batch_send.module_path,
        running_since=now - dt.timedelta(seconds=settings.MAILOUT_CLAIM_TIMEOUT_SECONDS),
    )
    for mailout_id in sending.exclude(pk__in=batch_alive).values_list("pk", flat=True):
        counts["chains_restarted"] += 1
        chains_enqueue(mailout_id, settings.MAILOUT_CHAINS)

    due = Q(status=Mailout.Status.BUILDING) | Q(
        status=Mailout.Status.SCHEDULED,
        scheduled_at__lte=now - dt.timedelta(seconds=settings.MAILOUT_SWEEP_SECONDS),
    )
    build_alive = _alive(
        mailout_build_task.module_path,
        running_since=now - dt.timedelta(seconds=settings.TASK_RUNNING_TIMEOUT_SECONDS),
    )
    for mailout_id in Mailout.objects.filter(due).exclude(pk__in=build_alive).values_list("pk", flat=True):
        counts["builds_restarted"] += 1
        transaction.on_commit(partial(mailout_build_task.enqueue, mailout_id))
    return counts
