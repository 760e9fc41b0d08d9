"""Bulk CSV verification for institutions: accept an upload, check it in the background, purge it after 30 days.

- ``bulk_upload_create``: an institution's contact (page) or a key its institution holds (API) uploads a
  CSV; a file that cannot be processed at all is refused here (``ServiceError`` on ``file``), every
  other problem becomes a per-row error in the result. The check runs in the task
  ``institutions.tasks.bulk_upload_check`` once the upload is committed.
- ``bulk_upload_process``: the task's body. Rows are streamed from the stored file and answered
  ``registry_verify_many`` chunk by chunk (``CHUNK`` rows: a few set-based queries each), with
  ``rows_done`` saved after each chunk (the progress bar). Any crash leaves the upload ``failed`` with a
  message; running it again starts over, so a retry is safe.
- ``bulk_uploads_purge``: the files of uploads older than ``BULK_UPLOAD_RETENTION_DAYS`` are deleted
  (status ``purged``); the row stays as the record of the upload. Audited as the system.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.services import audit_record
from secaction.documents.csvwriter import SafeCsvWriter, csv_writer
from secaction.registry.selectors import VerifyAnswer, VerifyQuery, registry_verify_many

from ..bulk import (
    JAPAN,
    MAX_ROWS,
    BulkAnswer,
    BulkFileError,
    BulkRow,
    bulk_csv_start,
    bulk_result_cells,
    bulk_result_header,
    bulk_rows_iter,
    bulk_source_check,
)
from ..models import ApiKey, BulkUpload, Institution
from ..permissions import institution_contact_require
from .keys import api_usage_record

if TYPE_CHECKING:
    from secaction.accounts.models import User

logger = logging.getLogger(__name__)

# Rows answered per call of registry_verify_many: a few set-based queries each. 2,000 keeps the worker's
# memory flat (one chunk's registry rows at a time) at the cost of a few more queries (docs/performance.md).
CHUNK = 2000
# 50,000 rows of IDs, numbers, names and dates stay far below this; anything bigger is not such a file.
MAX_BYTES = 20 * 1024 * 1024


def _upload_actor_require(institution: Institution, actor: User | None, api_key: ApiKey | None) -> None:
    if api_key is not None:
        if api_key.revoked_at is not None or api_key.holder_id is None:
            raise AccessDenied(
                _(
                    "このAPIキーは機関に登録されていないため、一括確認には使えません。事務局にお問い合わせください。"
                )
            )
        if api_key.holder_id != institution.pk or not institution.is_active:
            raise AccessDenied(_("このAPIキーはこの機関のものではありません。"))
        return
    if actor is None:
        raise AccessDenied(_("ログインしてください。"))
    institution_contact_require(actor, institution)


@transaction.atomic
def bulk_upload_create(
    *,
    institution: Institution,
    filename: str,
    data: bytes,
    actor: User | None = None,
    api_key: ApiKey | None = None,
) -> BulkUpload:
    """Store an uploaded CSV for ``institution`` and queue its check.

    Allowed for an active contact of the institution (``actor``) or a live key it holds (``api_key``;
    ``actor`` is then ignored); anyone else gets ``AccessDenied``. A file that is empty, not a CSV,
    without a 宣言ID/法人番号 column, over ``MAX_ROWS`` rows or over ``MAX_BYTES`` is refused with a
    ``ServiceError`` on ``file``.
    """
    _upload_actor_require(institution, actor if api_key is None else None, api_key)
    if len(data) > MAX_BYTES:
        raise ServiceError(
            {
                "file": _("ファイルが大きすぎます(%(mb)dMBまで)。ファイルを分けてください。")
                % {"mb": MAX_BYTES // 2**20}
            }
        )
    try:
        source = bulk_source_check(data)
    except BulkFileError as exc:
        raise ServiceError({"file": str(exc)}) from exc
    upload = BulkUpload.objects.create(
        institution=institution,
        api_key=api_key,
        uploaded_by=actor if api_key is None else None,
        filename=(filename or "upload.csv")[:255],
        source=data,
        rows_total=source.rows_total,
    )
    audit_record(
        actor=actor if api_key is None else None,
        action="bulk_upload.create",
        target=upload,
        after={
            "filename": upload.filename,
            "rows_total": upload.rows_total,
            "api_key": api_key and api_key.pk,
        },
    )
    if api_key is not None:
        # The request itself was counted when the key was checked; an upload's rows are its work.
        api_usage_record(api_key.pk, rows=upload.rows_total, requests=0)
    _check_schedule(upload.pk)
    return upload


def _check_schedule(upload_pk: int) -> None:
    from ..tasks import bulk_upload_check  # tasks.py imports this module

    transaction.on_commit(lambda: bulk_upload_check.enqueue(upload_pk))


def _answer(row: BulkRow, answer: VerifyAnswer | None) -> BulkAnswer:
    if answer is None:  # the row's own input was bad (a 基準日 that is not a date)
        return BulkAnswer(result="invalid")
    entry = answer.entry
    if answer.result != "found" or entry is None:
        message = answer.message or ""
        if answer.result == "not_found" and not message:
            message = (
                _("この宣言IDの宣言は見つかりません。番号をご確認ください。")
                if row.declaration_id
                else _("この法人番号の宣言は見つかりません。")
            )
        return BulkAnswer(result=answer.result, message=message)
    # Level and status as of the row's date (today when it gives none); the rest describes the record now.
    record = answer.public_record() or {}
    return BulkAnswer(
        answered_for=row.as_of or timezone.localdate(timezone.now(), JAPAN),
        result="found",
        matched_by=answer.matched_by or "",
        declaration_id=entry.declaration_code,
        level=record.get("level") or "",
        status=record.get("status") or entry.status,
        name=entry.name,
        corporate_number=entry.corporate_number,
        declared_at=entry.declared_at,
        ended_at=entry.ended_at,
        identity_verified=entry.identity_verified_at is not None,
        two_star_since=record.get("two_star_since"),
        suspended=record.get("suspended"),
        last_confirmed_at=record.get("last_confirmed_at"),
    )


def _chunk_answers(rows: list[BulkRow]) -> list[BulkAnswer]:
    good = [r for r in rows if not r.error]
    answers = iter(
        registry_verify_many([VerifyQuery(r.declaration_id, r.corporate_number, r.as_of) for r in good])
    )
    return [_answer(r, None if r.error else next(answers)) for r in rows]


def _claim(upload_id: int) -> BulkUpload | None:
    """Mark the upload running, unless it is finished, purged or being checked by a live run."""
    with transaction.atomic():
        upload = BulkUpload.objects.select_for_update().defer("source", "result").filter(pk=upload_id).first()
        if upload is None or upload.status in (BulkUpload.Status.DONE, BulkUpload.Status.PURGED):
            return None
        stale = timezone.now() - dt.timedelta(seconds=settings.TASK_RUNNING_TIMEOUT_SECONDS)
        if upload.status == BulkUpload.Status.RUNNING and upload.started_at and upload.started_at > stale:
            return None
        upload.status, upload.started_at, upload.rows_done, upload.error = (
            BulkUpload.Status.RUNNING,
            timezone.now(),
            0,
            "",
        )
        upload.save(update_fields=["status", "started_at", "rows_done", "error"])
        return upload


def bulk_upload_process(upload_id: int) -> str:
    """Check every row of one upload and store the result file; returns the final status.

    Called by the background task with the upload's id, so there is no actor to check (the upload
    was authorised when created). Idempotent: a done or purged upload is left alone; a failed one
    (or one whose worker died) is checked again from the start.
    """
    upload = _claim(upload_id)
    if upload is None:
        return "skipped"
    # Messages in the result file (and the failure message) in the uploading contact's language.
    language = getattr(upload.uploaded_by, "language", "") or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            result = _process(upload)
    except Exception as exc:
        logger.exception("bulk upload %s failed", upload_id)
        with translation.override(language):
            message = _(
                "確認の途中で問題が起きました。もう一度アップロードするか、事務局にお問い合わせください。"
            )
        BulkUpload.objects.filter(pk=upload_id).update(
            status=BulkUpload.Status.FAILED,
            finished_at=timezone.now(),
            error=f"{message} ({type(exc).__name__})",
        )
        return BulkUpload.Status.FAILED
    with transaction.atomic():
        _result_store(upload_id, result)
        BulkUpload.objects.filter(pk=upload_id).update(
            status=BulkUpload.Status.DONE, rows_done=upload.rows_total, finished_at=timezone.now()
        )
    return BulkUpload.Status.DONE


def _result_store(upload_id: int, result: bytes) -> None:
    """Write the result file (up to ~10 MB). On PostgreSQL it goes as a binary parameter: Django's
    client-side binding would spell it out in hex inside the SQL text, several copies of the file in the
    worker's memory at once (docs/performance.md, "Bulk CSV verification")."""
    if connection.vendor != "postgresql":
        BulkUpload.objects.filter(pk=upload_id).update(result=result)
        return
    import psycopg  # the PostgreSQL driver, present whenever the vendor is PostgreSQL
    from psycopg import sql

    connection.ensure_connection()
    query = sql.SQL("UPDATE {} SET result = %b WHERE id = %s").format(
        sql.Identifier(BulkUpload._meta.db_table)
    )
    with psycopg.Cursor(connection.connection) as cursor:  # server-side binding: bytes stay bytes
        cursor.execute(query, [result, upload_id])


def _process(upload: BulkUpload) -> bytes:
    data = bytes(BulkUpload.objects.values_list("source", flat=True).get(pk=upload.pk))
    source = bulk_source_check(data)
    # The result is kept as UTF-8 bytes, one chunk's text at a time: never the whole file as text.
    result = io.BytesIO()
    buffer, writer = bulk_csv_start()
    writer.writerow(bulk_result_header())
    done = 0
    chunk: list[BulkRow] = []
    for row in bulk_rows_iter(data, source):
        chunk.append(row)
        if len(chunk) == CHUNK:
            done = _write_chunk(upload.pk, chunk, writer, done)
            buffer = _flush(buffer, result)
            writer = csv_writer(buffer)
            chunk = []
    if chunk:
        done = _write_chunk(upload.pk, chunk, writer, done)
        _flush(buffer, result)
    del data
    return result.getvalue()


def _flush(buffer: io.StringIO, result: io.BytesIO) -> io.StringIO:
    result.write(buffer.getvalue().encode())
    return io.StringIO()


def _write_chunk(upload_pk: int, rows: list[BulkRow], writer: SafeCsvWriter, done: int) -> int:
    for row, answer in zip(rows, _chunk_answers(rows), strict=True):
        writer.writerow(bulk_result_cells(row, answer))
    done += len(rows)
    BulkUpload.objects.filter(pk=upload_pk).update(rows_done=min(done, MAX_ROWS))
    return done


def bulk_uploads_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the files of uploads older than ``BULK_UPLOAD_RETENTION_DAYS``; returns how many.

    Run by the periodic task (no actor: audited as the system). The rows stay, with
    ``status=purged`` and ``purged_at``, whatever state the upload was in (nothing runs for 30 days).
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.BULK_UPLOAD_RETENTION_DAYS)
    due = (
        BulkUpload.objects.filter(created_at__lt=cutoff)
        .exclude(status=BulkUpload.Status.PURGED)
        .values_list("pk", flat=True)
    )
    purged = 0
    for pk in list(due):
        with transaction.atomic():
            count = (
                BulkUpload.objects.filter(pk=pk)
                .exclude(status=BulkUpload.Status.PURGED)
                .update(source=b"", result=None, status=BulkUpload.Status.PURGED, purged_at=now)
            )
            if count:
                audit_record(
                    actor=None,
                    action="bulk_upload.purge",
                    object_type=BulkUpload._meta.label_lower,
                    object_id=pk,
                    message=f"retention {settings.BULK_UPLOAD_RETENTION_DAYS} days",
                )
                purged += count
    return purged
