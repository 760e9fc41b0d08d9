"""Reads of bulk uploads, for the institution's pages and the API. Never loads the stored files unless asked."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q, QuerySet

from .models import BulkUpload, Institution


def bulk_uploads_list(institution: Institution) -> QuerySet[BulkUpload]:
    """The institution's uploads, newest first, without their files."""
    return BulkUpload.objects.filter(institution=institution).defer("source", "result")


def bulk_upload_get(institution: Institution, public_id: str) -> BulkUpload | None:
    """One upload of ``institution`` (None for another institution's: callers answer 404), without its files."""
    return bulk_uploads_list(institution).filter(public_id=public_id).first()


def bulk_upload_result_get(upload: BulkUpload) -> bytes | None:
    """The result file of a finished upload (None until done, and after the purge)."""
    if upload.status != BulkUpload.Status.DONE:
        return None
    value = BulkUpload.objects.values_list("result", flat=True).get(pk=upload.pk)
    return bytes(value) if value is not None else None


def bulk_upload_retention_until(upload: BulkUpload) -> dt.datetime:
    """When the upload's files are deleted (``BULK_UPLOAD_RETENTION_DAYS`` after the upload)."""
    return upload.created_at + dt.timedelta(days=settings.BULK_UPLOAD_RETENTION_DAYS)


def bulk_upload_result_filename(upload: BulkUpload) -> str:
    """``<name>-result.csv`` for an upload named ``<name>.csv``."""
    stem = upload.filename.rsplit(".", 1)[0] if "." in upload.filename else upload.filename
    return f"{stem or 'upload'}-result.csv"


def bulk_uploads_stale(now: dt.datetime) -> list[int]:
    """Uploads whose check should have started or ended by now: queued, or running (a worker that died),
    for longer than ``TASK_RUNNING_TIMEOUT_SECONDS``. The periodic task queues their check again."""
    cutoff = now - dt.timedelta(seconds=settings.TASK_RUNNING_TIMEOUT_SECONDS)
    stale = Q(status=BulkUpload.Status.QUEUED, created_at__lt=cutoff) | Q(
        status=BulkUpload.Status.RUNNING, started_at__lt=cutoff
    )
    return list(BulkUpload.objects.filter(stale).values_list("pk", flat=True))
