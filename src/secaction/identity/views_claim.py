"""The claim pages: take over a declaration imported from the older system (docs/identity.md).

Thin: parse the form, call ``identity.services``, render. The declaration ID being claimed by code is
kept in the session between the two steps (it is not a secret: the code is).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from secaction.accounts.web import signed_in_user
from secaction.core.errors import ServiceError
from secaction.core.web import service_error_to_form
from secaction.organizations.selectors import membership_for_user

from . import selectors, services
from .forms import ClaimCodeForm, ClaimRequestForm, DeclarationIdForm

SESSION_KEY = "identity_claim"


def _has_organization(request: HttpRequest) -> HttpResponse | None:
    if membership_for_user(request.user) is not None:
        messages.info(
            request,
            _(
                "既に事業者に所属しています。以前の宣言の引き継ぎは、事業者に所属していないアカウントで行います。"
            ),
        )
        return redirect("mypage:index")
    return None


def _common(request: HttpRequest) -> dict[str, object]:
    return {
        "gbizid_enabled": bool(settings.OIDC_ISSUER),
        "gbizid_name": _(settings.OIDC_PROVIDER_NAME),  # "GビズID" has its English name in the catalogue
        "claim_requests": selectors.claim_requests_for_user(request.user)[:5],
    }


@login_required
def claim_start(request: HttpRequest) -> HttpResponse:
    """Step 1: the declaration ID; a code is mailed to the address on record."""
    if (response := _has_organization(request)) is not None:
        return response
    form = DeclarationIdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.claim_code_request(signed_in_user(request), form.cleaned_data["declaration_id"])
        except ServiceError as exc:
            service_error_to_form(form, exc)
        else:
            request.session[SESSION_KEY] = {
                "declaration_id": sent.declaration_id,
                "masked": sent.masked_email,
            }
            return redirect("identity:claim_code")
    return render(request, "identity/claim/start.html", {"form": form, **_common(request)})


@login_required
def claim_code(request: HttpRequest) -> HttpResponse:
    """Step 2: the code from the mail; on success the person owns the organisation."""
    if (response := _has_organization(request)) is not None:
        return response
    pending = request.session.get(SESSION_KEY)
    if not isinstance(pending, dict) or not pending.get("declaration_id"):
        messages.info(request, _("はじめに宣言IDを入力してください。"))
        return redirect("identity:claim_start")
    form = ClaimCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_code_confirm(
                signed_in_user(request), pending["declaration_id"], form.cleaned_data["code"]
            )
        except ServiceError as exc:
            service_error_to_form(form, exc)
        else:
            request.session.pop(SESSION_KEY, None)
            messages.success(
                request,
                _(
                    "宣言を引き継ぎました。事業者情報に足りない項目があれば、「事業者情報を変更する」から入力してください。"
                ),
            )
            return redirect("mypage:index")
    context = {"form": form, "declaration_id": pending["declaration_id"], "masked": pending.get("masked", "")}
    return render(request, "identity/claim/code.html", {**context, **_common(request)})


@login_required
def claim_request(request: HttpRequest) -> HttpResponse:
    """The staff-reviewed claim, for when the address on record no longer reaches the owner."""
    if (response := _has_organization(request)) is not None:
        return response
    initial = {}
    pending = request.session.get(SESSION_KEY)
    if isinstance(pending, dict):
        initial["declaration_id"] = pending.get("declaration_id", "")
    form = ClaimRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.claim_request_submit(
                signed_in_user(request),
                data["declaration_id"],
                message=data["message"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
            )
        except ServiceError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(
                request,
                _("引き継ぎの申請を受け付けました。事務局が確認し、結果をメールでお知らせします。"),
            )
            return redirect("identity:claim_start")
    return render(request, "identity/claim/request.html", {"form": form, **_common(request)})
