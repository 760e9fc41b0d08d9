"""The institution portal's bulk-upload pages: the list, the upload form, an upload's progress, its result.

Only active contacts of an active institution see them (``institution_for_contact``); another
institution's upload answers 404, as an unknown one does. Views stay thin: parse, call, render.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from secaction.accounts.web import signed_in_user
from secaction.core.errors import ServiceError
from secaction.core.web import service_error_to_form
from secaction.documents.responses import document_response

from .bulk import MAX_ROWS, bulk_template_csv
from .models import BulkUpload, Institution
from .selectors_uploads import (
    bulk_upload_get,
    bulk_upload_result_filename,
    bulk_upload_result_get,
    bulk_upload_retention_until,
    bulk_uploads_list,
)
from .services.uploads import bulk_upload_create
from .web import institution_contact_required

View = Callable[..., HttpResponse]


class BulkUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSVファイル"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Formatted per request: a lazy string formatted at import would be frozen in Japanese.
        self.fields["file"].help_text = _("UTF-8 または Shift_JIS(Excelの「CSV」形式)、%(max)s行まで。") % {
            "max": f"{MAX_ROWS:,}"
        }


def _upload(institution: Institution, public_id: str) -> BulkUpload:
    upload = bulk_upload_get(institution, public_id)
    if upload is None:
        raise Http404(_("このファイルは見つかりません。"))
    return upload


@require_http_methods(["GET"])
@institution_contact_required
def uploads(request: HttpRequest, *, institution: Institution) -> HttpResponse:
    rows = [(u, bulk_upload_retention_until(u)) for u in bulk_uploads_list(institution)[:200]]
    return render(request, "institutions/uploads/list.html", {"institution": institution, "rows": rows})


@require_http_methods(["GET", "POST"])
@institution_contact_required
def upload_new(request: HttpRequest, *, institution: Institution) -> HttpResponse:
    form = BulkUploadForm(request.POST, request.FILES) if request.method == "POST" else BulkUploadForm()
    if form.is_bound and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            upload = bulk_upload_create(
                institution=institution,
                filename=file.name,
                data=file.read(),
                actor=signed_in_user(request),
            )
        except ServiceError as exc:
            service_error_to_form(form, exc)
        else:
            return HttpResponseRedirect(reverse("institutions:upload", args=[upload.public_id]))
    return render(
        request,
        "institutions/uploads/new.html",
        {"institution": institution, "form": form, "max_rows": MAX_ROWS},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET"])
@institution_contact_required
def upload_template(request: HttpRequest, *, institution: Institution) -> HttpResponse:
    return document_response(
        bulk_template_csv(), content_type="text/csv; charset=utf-8", filename="bulk-template.csv"
    )


@require_http_methods(["GET"])
@institution_contact_required
def upload_detail(request: HttpRequest, public_id: str, *, institution: Institution) -> HttpResponse:
    upload = _upload(institution, public_id)
    return render(
        request,
        "institutions/uploads/detail.html",
        {
            "institution": institution,
            "upload": upload,
            "retention_until": bulk_upload_retention_until(upload),
            "finished": upload.status
            in (BulkUpload.Status.DONE, BulkUpload.Status.FAILED, BulkUpload.Status.PURGED),
        },
    )


@require_http_methods(["GET"])
@institution_contact_required
def upload_status(request: HttpRequest, public_id: str, *, institution: Institution) -> HttpResponse:
    """What the progress bar's script polls: status, counts, and the result's URL once done."""
    upload = _upload(institution, public_id)
    done = upload.status == BulkUpload.Status.DONE
    response = JsonResponse(
        {
            "status": upload.status,
            "status_label": upload.get_status_display(),
            "rows_total": upload.rows_total,
            "rows_done": upload.rows_done,
            "error": upload.error,
            "result_url": reverse("institutions:upload_result", args=[upload.public_id]) if done else None,
        }
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET"])
@institution_contact_required
def upload_result(request: HttpRequest, public_id: str, *, institution: Institution) -> HttpResponse:
    upload = _upload(institution, public_id)
    content = bulk_upload_result_get(upload)
    if content is None:
        raise Http404(_("結果のファイルはありません(確認が終わっていないか、保存期間が過ぎています)。"))
    return document_response(
        content,
        content_type="text/csv; charset=utf-8",
        filename=bulk_upload_result_filename(upload),
        no_store=True,
    )
