"""The person's own data pages under /org/mydata/: export (JSON, printable HTML), correction, deletion.

Thin: each view parses, calls a selector or service, renders. Every page is the signed-in person's own.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from secaction.core.errors import ServiceError
from secaction.core.web import service_error_to_form, service_error_to_messages
from secaction.documents.responses import document_response

from . import selectors, services
from .forms import CorrectionForm, DeletionForm

# The export's sections in the readable page, in order; a section with no title here is shown by its key.
SECTION_TITLES = {
    "account": gettext_lazy("アカウント"),
    "gbizid_links": gettext_lazy("GビズIDとの連携"),
    "memberships": gettext_lazy("事業者のメンバーとしての登録"),
    "organization": gettext_lazy("事業者情報"),
    "invitations": gettext_lazy("メンバーへの招待"),
    "declarations": gettext_lazy("自己宣言とその履歴"),
    "logo_downloads": gettext_lazy("ロゴマーク等のダウンロード"),
    "diagnosis_records": gettext_lazy("自社診断の結果"),
    "policies": gettext_lazy("情報セキュリティ基本方針"),
    "survey_responses": gettext_lazy("アンケートの回答(記名)"),
    "mailout_recipients": gettext_lazy("事務局からの一斉メール"),
    "outgoing_mail": gettext_lazy("送信したメール(件名などの記録)"),
    "audit_events": gettext_lazy("操作の記録"),
    "data_requests": gettext_lazy("保有データに関する依頼"),
}


def _shown(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return str(value)


def _records(value: object) -> list[list[tuple[str, str]]]:
    """A section of the export as records of (field, shown value) for the printable page."""
    if value is None:
        return []
    if isinstance(value, dict):
        if all(isinstance(v, list) for v in value.values()):  # grouped lists (policies)
            return [rec for group in value.values() for rec in _records(group)]
        return [[(k, _shown(v)) for k, v in value.items()]]
    if isinstance(value, list):
        return [
            [(k, _shown(v)) for k, v in row.items()] if isinstance(row, dict) else [("", _shown(row))]
            for row in value
        ]
    return [[("", _shown(value))]]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    context = {
        "deletion": selectors.deletion_pending_for_user(request.user),
        "requests": selectors.data_requests_for_user(request.user)[:20],
    }
    return render(request, "privacy/index.html", context)


@login_required
def export_json(request: HttpRequest) -> HttpResponse:
    data = selectors.data_export_for_user(request.user)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    filename = f"security-action-mydata-{timezone.localdate():%Y%m%d}.json"
    return document_response(
        body, content_type="application/json; charset=utf-8", filename=filename, no_store=True
    )


@login_required
def export_html(request: HttpRequest) -> HttpResponse:
    data = selectors.data_export_for_user(request.user)
    sections = [
        (SECTION_TITLES.get(key, key), _records(value))
        for key, value in data.items()
        if key not in {"format_version", "generated_at"}
    ]
    response = render(request, "privacy/export.html", {"sections": sections, "generated_at": timezone.now()})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def correction(request: HttpRequest) -> HttpResponse:
    form = CorrectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_request(request.user, form.cleaned_data["body"])
        except ServiceError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("訂正の依頼を受け付けました。事務局から連絡します。"))
            return redirect("privacy:index")
    return render(request, "privacy/correction.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def deletion(request: HttpRequest) -> HttpResponse:
    form = DeletionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.deletion_request(request.user, password=form.cleaned_data["password"])
        except ServiceError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("アカウントの削除を予定しました。予定日までは取り消せます。"))
            return redirect("privacy:index")
    context = {
        "form": form,
        "needs_password": request.user.has_usable_password(),  # type: ignore[union-attr]
        "deletion": selectors.deletion_pending_for_user(request.user),
        "grace_days": settings.PRIVACY_DELETION_GRACE_DAYS,
    }
    return render(request, "privacy/deletion.html", context)


@login_required
@require_POST
def deletion_cancel(request: HttpRequest) -> HttpResponse:
    try:
        services.deletion_cancel(request.user)
    except ServiceError as exc:
        service_error_to_messages(request, exc)
    else:
        messages.success(request, _("アカウントの削除を取り消しました。"))
    return redirect("privacy:index")
