"""The legal pages anyone can read, and the page where a signed-in user accepts a changed version."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from secaction.accounts.web import signed_in_user
from secaction.core.errors import ServiceError
from secaction.core.web import service_error_to_messages

from . import selectors, services
from .forms import AcceptForm
from .models import How, Kind, LegalDocument


def _document_page(request: HttpRequest, kind: str) -> HttpResponse:
    document = selectors.legal_document_current(kind)
    history = LegalDocument.objects.filter(kind=kind).only("version", "published_at", "change_summary")
    return render(
        request,
        "legal/document.html",
        {"document": document, "kind": kind, "kind_label": Kind(kind).label, "history": history},
    )


def privacy(request: HttpRequest) -> HttpResponse:
    """個人情報の取扱い (the version in force)."""
    return _document_page(request, Kind.PRIVACY)


def terms(request: HttpRequest) -> HttpResponse:
    """The portal's terms of use."""
    return _document_page(request, Kind.TERMS)


def api_terms(request: HttpRequest) -> HttpResponse:
    """The terms of use of the verification API."""
    return _document_page(request, Kind.API_TERMS)


def _next_url(request: HttpRequest) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}
    ):
        return next_url
    return reverse("mypage:index")


@login_required
def accept(request: HttpRequest) -> HttpResponse:
    """Accept the materially changed versions (the log-in gate sends people here); records how=login."""
    user = signed_in_user(request)
    next_url = _next_url(request)
    pending = selectors.acceptances_pending(user)
    if not pending:
        return redirect(next_url)
    form = AcceptForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        shown = [int(pk) for pk in request.POST.getlist("document") if pk.isdigit()]
        try:
            services.acceptance_record(user, LegalDocument.objects.filter(pk__in=shown), How.LOGIN)
        except ServiceError as exc:
            service_error_to_messages(request, exc)
            return redirect(f"{reverse('legal:accept')}?next={next_url}")
        return redirect(next_url)
    # Someone who never accepted anything (a GビズID sign-up has no form) is not asked about a "revision".
    first = not selectors.acceptances_for_user(user).exists()
    context = {"form": form, "pending": pending, "next": next_url, "first": first}
    return render(request, "legal/accept.html", context)
