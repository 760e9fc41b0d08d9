"""Thin views: parse, call a service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from secaction.accounts.web import signed_in_user
from secaction.core.errors import ServiceError
from secaction.core.web import service_error_to_form, service_error_to_messages
from secaction.organizations.models import Membership
from secaction.organizations.web import membership_required

from . import selectors, services
from .forms import DirectoryFilterForm, OfferForm, ReasonForm, SupporterApplyForm, SupporterForm
from .models import Supporter, SupporterStatus, SupportOffer

PER_PAGE = 20


# --- public --------------------------------------------------------------------------------------


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    flt = selectors.DirectoryFilter(
        category=data.get("category", ""),
        prefecture=data.get("prefecture", ""),
        audience=data.get("audience", ""),
    )
    paginator = Paginator(selectors.supporter_directory(flt), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "supporters/directory.html",
        {
            "form": form,
            "page_obj": page,
            "supporters": page.object_list,
            "filtered": not flt.is_empty,
            "total": selectors.supporter_public_count(),
            "querystring": params.urlencode(),
        },
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    supporter = selectors.supporter_public_get(pk)
    if supporter is None:
        raise Http404
    return render(request, "supporters/detail.html", {"supporter": supporter})


# --- members -------------------------------------------------------------------------------------


def _own_supporter(membership: Membership) -> Supporter:
    supporter = selectors.supporter_for_organization(membership.organization)
    if supporter is None:
        raise Http404
    return supporter


@membership_required
def mine(request: HttpRequest, *, membership: Membership) -> HttpResponse:
    supporter = selectors.supporter_for_organization(membership.organization)
    context: dict[str, Any] = {
        "membership": membership,
        "organization": membership.organization,
        "supporter": supporter,
        "is_owner": membership.is_owner,
        "declared": selectors.supporter_declaration_get(membership.organization) is not None,
        "offers": selectors.offer_list_for_supporter(supporter) if supporter else [],
    }
    return render(request, "supporters/mine.html", context)


@membership_required
def apply(request: HttpRequest, *, membership: Membership) -> HttpResponse:
    """Apply, or after a return, resubmit. Owners only, and only once the organisation has declared."""
    if not membership.is_owner:
        messages.error(request, _("普及賛同企業等の申請ができるのは、事業者の管理者(オーナー)だけです。"))
        return redirect("supporters:mine")
    organization = membership.organization
    supporter = selectors.supporter_for_organization(organization)
    resubmit = supporter is not None and supporter.status == SupporterStatus.RETURNED
    if supporter is not None and supporter.status not in (
        SupporterStatus.RETURNED,
        SupporterStatus.WITHDRAWN,
    ):
        return redirect("supporters:mine")
    page = {"supporter": supporter, "resubmit": resubmit, "organization": organization}
    if selectors.supporter_declaration_get(organization) is None:
        # The service would refuse too; say why up front and send them to declare instead of a form.
        return render(request, "supporters/apply.html", {**page, "form": None, "declared": False})
    initial = (
        {"kind": supporter.kind, "description": supporter.description, "website": supporter.website,
         "contact": supporter.contact}
        if supporter
        else {"website": organization.website, "contact": organization.contact_email}
    )  # fmt: skip
    form = SupporterApplyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if resubmit and supporter is not None:
                services.supporter_resubmit(
                    supporter=supporter,
                    user=signed_in_user(request),
                    data=form.to_input(),
                    agreed=form.cleaned_data["agreed"],
                )
            else:
                services.supporter_apply(
                    organization=organization,
                    user=signed_in_user(request),
                    data=form.to_input(),
                    agreed=form.cleaned_data["agreed"],
                )
        except ServiceError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(
                request, _("普及賛同企業等の申請を受け付けました。事務局の確認をお待ちください。")
            )
            return redirect("supporters:mine")
    return render(request, "supporters/apply.html", {**page, "form": form, "declared": True})


@membership_required
def edit(request: HttpRequest, *, membership: Membership) -> HttpResponse:
    supporter = _own_supporter(membership)
    if not membership.is_owner:
        raise PermissionDenied  # the form is the owner's; the service refuses anyone else too
    form = SupporterForm(
        request.POST or None,
        initial={"kind": supporter.kind, "description": supporter.description, "website": supporter.website,
                 "contact": supporter.contact},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.supporter_update(supporter=supporter, user=signed_in_user(request), data=form.to_input())
        except ServiceError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("掲載内容を更新しました。"))
            return redirect("supporters:mine")
    return render(request, "supporters/edit.html", {"form": form, "supporter": supporter})


@membership_required
def withdraw(request: HttpRequest, *, membership: Membership) -> HttpResponse:
    supporter = _own_supporter(membership)
    if not membership.is_owner:
        raise PermissionDenied  # the form is the owner's; the service refuses anyone else too
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.supporter_withdraw(
                supporter=supporter, user=signed_in_user(request), reason=form.cleaned_data["reason"]
            )
        except ServiceError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("普及賛同企業等の登録を取り下げました。記録は残ります。"))
            return redirect("supporters:mine")
    return render(request, "supporters/withdraw.html", {"form": form, "supporter": supporter})


def _approved_supporter(membership: Membership) -> Supporter:
    supporter = _own_supporter(membership)
    if not supporter.is_approved:
        raise PermissionDenied(_("支援策を登録・変更できるのは、承認された普及賛同企業等だけです。"))
    return supporter


@membership_required
def offer_new(request: HttpRequest, *, membership: Membership) -> HttpResponse:
    supporter = _approved_supporter(membership)
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_create(
                supporter=supporter,
                user=signed_in_user(request),
                data=form.to_input(),
                publish="publish" in request.POST,
            )
        except ServiceError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("支援策を登録しました。"))
            return redirect("supporters:mine")
    return render(request, "supporters/offer_form.html", {"form": form, "offer": None})


@membership_required
def offer_edit(request: HttpRequest, pk: int, *, membership: Membership) -> HttpResponse:
    supporter = _approved_supporter(membership)
    offer = get_object_or_404(SupportOffer, pk=pk, supporter=supporter)
    initial = {
        f: getattr(offer, f) for f in ("title", "category", "description", "audience", "prefecture", "url")
    }
    form = OfferForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_update(offer=offer, user=signed_in_user(request), data=form.to_input())
        except ServiceError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("支援策を更新しました。"))
            return redirect("supporters:mine")
    return render(request, "supporters/offer_form.html", {"form": form, "offer": offer})


def _offer_toggle(request: HttpRequest, membership: Membership, pk: int, publish: bool) -> HttpResponse:
    supporter = _approved_supporter(membership)
    offer = get_object_or_404(SupportOffer, pk=pk, supporter=supporter)
    try:
        if publish:
            services.offer_publish(offer=offer, user=signed_in_user(request))
        else:
            services.offer_unpublish(offer=offer, user=signed_in_user(request))
    except ServiceError as exc:
        service_error_to_messages(request, exc)
    else:
        messages.success(request, _("支援策を公開しました。") if publish else _("支援策を非公開にしました。"))
    return redirect("supporters:mine")


@membership_required
@require_POST
def offer_publish_view(request: HttpRequest, pk: int, *, membership: Membership) -> HttpResponse:
    return _offer_toggle(request, membership, pk, True)


@membership_required
@require_POST
def offer_unpublish_view(request: HttpRequest, pk: int, *, membership: Membership) -> HttpResponse:
    return _offer_toggle(request, membership, pk, False)
