"""CSV export from the back-office lists: the action on each exportable list and the export pages.

The action exports every row the list shows for its current filters when staff tick
"select all N" (or the ticked rows otherwise), not only the page: the service rebuilds
the list from the query string. Small exports download at once; large ones open the
progress page, which a static script polls (a refresh link without JavaScript).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy

from secaction.core.admin import ReadOnlyAdmin
from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.web import service_error_messages

from .export_columns import SPECS, model_label
from .models import DataExport
from .selectors import data_export_get
from .services import data_export_request


def _csv_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.action(description=gettext_lazy("CSVに書き出す(絞り込んだ行)"))
def export_csv(model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
    across = request.POST.get("select_across") == "1"
    selected = None if across else request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
    try:
        answer = data_export_request(
            request.user,
            label=model_label(model_admin.model),
            query=request.GET.urlencode(),
            selected=selected,
        )
    except ServiceError as exc:
        for message in service_error_messages(exc):
            model_admin.message_user(request, message, messages.ERROR)
        return None
    if answer.content is not None:
        return _csv_response(answer.content, answer.filename)
    assert answer.export is not None
    return redirect("admin:backoffice_dataexport_progress", answer.export.pk)


def export_actions_attach() -> None:
    """Offer ``export_csv`` on every exportable list (their admins live in apps below the back office)."""
    for spec in SPECS.values():
        model_admin = admin.site._registry.get(spec.model)
        if model_admin is not None and export_csv not in (model_admin.actions or ()):
            model_admin.actions = [*(model_admin.actions or ()), export_csv]


def _status(export: DataExport) -> dict[str, Any]:
    return {
        "status": export.status,
        "status_label": str(export.get_status_display()),
        "rows_done": export.rows_done,
        "rows_total": export.rows_total,
        "download_url": reverse("admin:backoffice_dataexport_download", args=[export.pk]),
    }


@admin.register(DataExport)
class DataExportAdmin(ReadOnlyAdmin):
    """Staff's own large exports: progress and download. Nothing here is edited."""

    list_display = ["filename", "model_label", "status", "rows_total", "created_at"]
    fields = (
        "filename",
        "model_label",
        "query",
        "status",
        "rows_done",
        "rows_total",
        "created_at",
        "finished_at",
    )
    readonly_fields = list(fields)

    def get_queryset(self, request: HttpRequest) -> QuerySet[DataExport]:
        return super().get_queryset(request).filter(created_by=request.user.pk).defer("content")

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/progress/", view(self.progress_view), name="backoffice_dataexport_progress"),
            path("<int:pk>/status/", view(self.status_view), name="backoffice_dataexport_status"),
            path("<int:pk>/download/", view(self.download_view), name="backoffice_dataexport_download"),
            *super().get_urls(),
        ]

    def _get(self, request: HttpRequest, pk: int) -> DataExport:
        try:
            return data_export_get(request.user, pk)
        except AccessDenied:
            raise PermissionDenied from None

    def progress_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        export = self._get(request, pk)
        context = {
            **self.admin_site.each_context(request),
            "title": export.filename,
            "export": export,
            "finished": export.status in (DataExport.Status.DONE, DataExport.Status.FAILED),
            "opts": self.model._meta,
            **_status(export),
        }
        return TemplateResponse(request, "backoffice/export_progress.html", context)

    def status_view(self, request: HttpRequest, pk: int) -> JsonResponse:
        return JsonResponse(_status(self._get(request, pk)))

    def download_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        export = self._get(request, pk)
        if export.status != DataExport.Status.DONE or export.content is None:
            return redirect("admin:backoffice_dataexport_progress", pk)
        return _csv_response(bytes(export.content), export.filename)
