"""CSV exports of back-office lists with the list's current filters (docs/operators.md, "Exports").

The rows are the ones the admin list shows for the same query string (filters, search,
date drill-down) and selection, rebuilt here from the query string so that the background
task exports exactly what staff saw. Up to ``EXPORT_SYNC_MAX_ROWS`` rows are answered at once;
larger exports are built by ``backoffice.tasks.data_export_build_task`` and kept
``EXPORT_KEEP`` before ``data_exports_purge`` deletes them. Rows are read with
``iterator(chunk_size=…)`` so memory stays flat whatever the size of the list.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import FieldError, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.accounts.permissions import staff_require
from secaction.core.errors import ServiceError
from secaction.core.services import audit_record
from secaction.documents.csvwriter import csv_writer

from .export_columns import SPECS, ExportSpec
from .models import DataExport

EXPORT_KEEP = dt.timedelta(days=7)
CHUNK_SIZE = 1000


@dataclass(frozen=True)
class ExportAnswer:
    """Either the file itself (``content``, a small export) or the queued ``export`` to follow."""

    filename: str
    rows: int
    content: bytes | None = None
    export: DataExport | None = None


def _spec(label: str) -> ExportSpec:
    try:
        return SPECS[label]
    except KeyError:
        raise ServiceError(_("この一覧はCSVに書き出せません。")) from None


def _rows(actor: Any, label: str, query: str, selected: list[str] | None) -> QuerySet[Any]:
    """The rows the admin list shows for ``query`` (and the ticked ``selected`` keys, when given)."""
    spec = _spec(label)
    model_admin = admin.site._registry[spec.model]
    opts = spec.model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    request = RequestFactory().get(url, QueryDict(query))
    request.user = actor
    try:
        queryset = model_admin.get_changelist_instance(request).get_queryset(request)
        if selected is not None:
            queryset = queryset.filter(pk__in=selected)
        queryset.exists()  # a bad lookup fails here, not half way through the file
    except (IncorrectLookupParameters, FieldError, ValidationError, ValueError):
        raise ServiceError(
            _("絞り込み条件が正しくありません。一覧を開き直してからもう一度お試しください。")
        ) from None
    return queryset.select_related(*spec.related)


def _write(queryset: QuerySet[Any], spec: ExportSpec, progress: Any = None) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel reads UTF-8 only with the BOM
    writer = csv_writer(buffer)  # CRLF line ends: csv's default
    writer.writerow([str(c.header) for c in spec.columns])
    for done, row in enumerate(queryset.iterator(chunk_size=CHUNK_SIZE), start=1):
        writer.writerow([c.value(row) for c in spec.columns])
        if progress is not None and done % CHUNK_SIZE == 0:
            progress(done)
    return buffer.getvalue().encode("utf-8")


def _filename(label: str) -> str:
    return f"{label.replace('.', '-')}-{timezone.localtime():%Y%m%d-%H%M%S}.csv"


def data_export_request(
    actor: Any, *, label: str, query: str = "", selected: list[str] | None = None
) -> ExportAnswer:
    """Export the rows of the admin list ``label`` (``app_label.model_name``) that ``query`` shows.

    Staff only (``AccessDenied`` otherwise); an unknown list or a bad filter is a ``ServiceError``.
    Every export is audited: who, which list, which filter, how many rows. Up to
    ``EXPORT_SYNC_MAX_ROWS`` rows the file is returned at once; beyond, a ``DataExport`` is queued
    and built by the worker after the commit.
    """
    staff_require(actor)
    spec = _spec(label)
    queryset = _rows(actor, label, query, selected)
    rows = queryset.count()
    filename = _filename(label)
    details = {"model": label, "filter": query, "selected": selected, "rows": rows}
    if rows <= settings.EXPORT_SYNC_MAX_ROWS:
        content = _write(queryset, spec)
        audit_record(actor=actor, action="data_export", object_type=label, after=details, message=filename)
        return ExportAnswer(filename=filename, rows=rows, content=content)
    from .tasks import data_export_build_task  # the task module imports this one

    export = DataExport.objects.create(
        created_by=actor,
        model_label=label,
        query=query,
        selected=selected,
        rows_total=rows,
        filename=filename,
    )
    audit_record(actor=actor, action="data_export", target=export, after=details, message=filename)
    transaction.on_commit(lambda: data_export_build_task.enqueue(export.pk))
    return ExportAnswer(filename=filename, rows=rows, export=export)


def data_export_build(export_id: int) -> str:
    """Build the file of one queued export (the worker's step), updating its progress every chunk."""
    with transaction.atomic():
        export = DataExport.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status not in (DataExport.Status.QUEUED, DataExport.Status.RUNNING):
            return "skipped"
        export.status = DataExport.Status.RUNNING
        export.save(update_fields=["status"])

    def progress(done: int) -> None:
        DataExport.objects.filter(pk=export_id).update(rows_done=done)

    try:
        queryset = _rows(export.created_by, export.model_label, export.query, export.selected)
        content = _write(queryset, _spec(export.model_label), progress)
    except ServiceError:
        _failed(export_id)
        return "failed"
    except Exception:
        _failed(export_id)  # the progress page must not poll a dead export forever
        raise
    rows = content.count(b"\r\n") - 1  # the header line is not a row
    DataExport.objects.filter(pk=export_id).update(
        status=DataExport.Status.DONE,
        content=content,
        rows_done=rows,
        rows_total=rows,
        finished_at=timezone.now(),
    )
    return "done"


def _failed(export_id: int) -> None:
    DataExport.objects.filter(pk=export_id).update(
        status=DataExport.Status.FAILED, finished_at=timezone.now()
    )


def data_exports_purge() -> int:
    """Delete exports older than ``EXPORT_KEEP`` (their files hold personal data); returns how many."""
    deleted, _per_model = DataExport.objects.filter(created_at__lt=timezone.now() - EXPORT_KEEP).delete()
    return deleted
