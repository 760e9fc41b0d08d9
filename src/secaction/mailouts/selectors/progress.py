"""Progress of a mail-out, for the office's progress page (polled by ``static/js/job_progress.js``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format

from ..models import Mailout, Recipient

# The observed pace is measured over this window once the mail-out has been sending that long.
RATE_WINDOW = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class MailoutProgress:
    status: str
    status_label: str
    total: int
    sent: int
    failed: int
    bounced: int
    cancelled: int
    remaining: int
    rate_per_second: float
    estimated_end: dt.datetime | None
    percent: float


def mailout_progress_get(mailout: Mailout, *, now: dt.datetime | None = None) -> MailoutProgress:
    """The figures of ``mailout`` in ONE aggregate query over its recipients (conditional counts).

    ``rate_per_second`` is what was observed: messages sent in the last minute, or since the start when the
    mail-out has been sending for less than a minute. ``estimated_end`` is None unless it is SENDING.
    """
    now = now or timezone.now()
    since = now - RATE_WINDOW
    started = mailout.started_at
    S = Recipient.Status
    counts = Recipient.objects.filter(mailout=mailout).aggregate(
        total=Count("id"),
        sent=Count("id", filter=Q(status=S.SENT)),
        failed=Count("id", filter=Q(status=S.FAILED)),
        bounced=Count("id", filter=Q(status=S.BOUNCED)),
        cancelled=Count("id", filter=Q(status=S.CANCELLED)),
        recent=Count("id", filter=Q(status=S.SENT, sent_at__gte=since)),
    )
    total = counts["total"] or mailout.recipients_total
    finished = counts["sent"] + counts["failed"] + counts["bounced"] + counts["cancelled"]
    remaining = max(total - finished, 0)
    rate = 0.0
    if started is not None and started > since:
        elapsed = max((now - started).total_seconds(), 1.0)
        rate = counts["sent"] / elapsed
    elif started is not None:
        rate = counts["recent"] / RATE_WINDOW.total_seconds()
    estimated_end = None
    if mailout.status == Mailout.Status.SENDING and rate > 0:
        estimated_end = now + dt.timedelta(seconds=remaining / rate)
    return MailoutProgress(
        status=mailout.status,
        status_label=str(Mailout.Status(mailout.status).label),
        total=total,
        sent=counts["sent"],
        failed=counts["failed"],
        bounced=counts["bounced"],
        cancelled=counts["cancelled"],
        remaining=remaining,
        rate_per_second=round(rate, 1),
        estimated_end=estimated_end,
        percent=round(100.0 * finished / total, 1) if total else 0.0,
    )


# job_progress.js polls while its status is "queued" or "running", shows the download box on "done" and
# the error box on "failed"; a paused mail-out keeps polling (it may be resumed from another tab).
_JOB_STATUS = {
    Mailout.Status.DRAFT: "queued",
    Mailout.Status.SCHEDULED: "queued",
    Mailout.Status.BUILDING: "queued",
    Mailout.Status.SENDING: "running",
    Mailout.Status.PAUSED: "running",
    Mailout.Status.DONE: "done",
    Mailout.Status.CANCELLED: "failed",
}


def mailout_progress_json(progress: MailoutProgress) -> dict[str, Any]:
    """What the progress endpoint returns: job_progress.js's keys (rows_done, rows_total, status,
    status_label, error) plus the mail-out's own figures (the data-progress-key elements job_progress.js fills in)."""
    return {
        "status": _JOB_STATUS[Mailout.Status(progress.status)],
        "status_label": progress.status_label,
        "rows_done": progress.total - progress.remaining,
        "rows_total": progress.total,
        "error": progress.status_label if progress.status == Mailout.Status.CANCELLED else "",
        "mailout_status": progress.status,
        "sent": progress.sent,
        "failed": progress.failed,
        "bounced": progress.bounced,
        "cancelled": progress.cancelled,
        "remaining": progress.remaining,
        "rate_per_second": progress.rate_per_second,
        "rate": progress.rate_per_second,  # the key the progress page's figures use
        # For display (local time, the active language's short format); the ISO form for scripts.
        "estimated_end": (
            date_format(timezone.localtime(progress.estimated_end), "SHORT_DATETIME_FORMAT")
            if progress.estimated_end
            else None
        ),
        "estimated_end_iso": progress.estimated_end.isoformat() if progress.estimated_end else None,
        "percent": progress.percent,
    }
