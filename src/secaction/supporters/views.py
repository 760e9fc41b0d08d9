"""Thin views: parse, call a service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from secaction.organizations.models import Membership
from secaction.organizations.selectors import membership_for_user

from . import selectors, services
from .forms import DirectoryFilterForm, OfferForm, ReasonForm, SupporterApplyForm, SupporterForm
from .models import Supporter, SupporterStatus, SupportOffer

PER_PAGE = 20


def _form_error(form: Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the field is on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)


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


def _membership(request: HttpRequest) -> Membership:
    membership = membership_for_user(request.user)
    if membership is None:
        raise Http404
    return membership


def _own_supporter(request: HttpRequest) -> tuple[Membership, Supporter]:
    membership = _membership(request)
    supporter = selectors.supporter_for_organization(membership.organization)
    if supporter is None:
        raise Http404
    return membership, supporter


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    membership = membership_for_user(request.user)
    if membership is None:
        return redirect("mypage:index")
    supporter = selectors.supporter_for_organization(membership.organization)
    context: dict[str, Any] = {
        "membership": membership,
        "organization": membership.organization,
        "supporter": supporter,
        "is_owner": membership.is_owner,
        "offers": selectors.offer_list_for_supporter(supporter) if supporter else [],
    }
    return render(request, "supporters/mine.html", context)


@login_required
def apply(request: HttpRequest) -> HttpResponse:
    """Apply, or after a return, resubmit. Owners only."""
    membership = _membership(request)
    if not membership.is_owner:
        messages.error(request, _("普及賛同企業等の申請ができるのは、事業者の管理者(オーナー)だけです。"))
        return redirect("supporters:mine")
    supporter = selectors.supporter_for_organization(membership.organization)
    resubmit = supporter is not None and supporter.status == SupporterStatus.RETURNED
    if supporter is not None and supporter.status not in (
        SupporterStatus.RETURNED,
        SupporterStatus.WITHDRAWN,
    ):
        return redirect("supporters:mine")
    initial = (
        {"kind": supporter.kind, "description": supporter.description, "website": supporter.website,
         "contact": supporter.contact}
        if supporter
        else {"website": membership.organization.website, "contact": membership.organization.contact_email}
    )  # fmt: skip
    form = SupporterApplyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if resubmit and supporter is not None:
                services.supporter_resubmit(
                    supporter=supporter,
                    user=request.user,
                    data=form.to_input(),
                    agreed=form.cleaned_data["agreed"],
                )
            else:
                services.supporter_apply(
                    organization=membership.organization,
                    user=request.user,
                    data=form.to_input(),
                    agreed=form.cleaned_data["agreed"],
                )
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request, _("普及賛同企業等の申請を受け付けました。事務局の確認をお待ちください。")
            )
            return redirect("supporters:mine")
    return render(
        request,
        "supporters/apply.html",
        {"form": form, "supporter": supporter, "resubmit": resubmit, "organization": membership.organization},
    )


@login_required
def edit(request: HttpRequest) -> HttpResponse:
    membership, supporter = _own_supporter(request)
    if not membership.is_owner:
        raise PermissionDenied
    form = SupporterForm(
        request.POST or None,
        initial={"kind": supporter.kind, "description": supporter.description, "website": supporter.website,
                 "contact": supporter.contact},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.supporter_update(supporter=supporter, user=request.user, data=form.to_input())
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("掲載内容を更新しました。"))
            return redirect("supporters:mine")
    return render(request, "supporters/edit.html", {"form": form, "supporter": supporter})


@login_required
def withdraw(request: HttpRequest) -> HttpResponse:
    membership, supporter = _own_supporter(request)
    if not membership.is_owner:
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.supporter_withdraw(
                supporter=supporter, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("普及賛同企業等の登録を取り下げました。記録は残ります。"))
            return redirect("supporters:mine")
    return render(request, "supporters/withdraw.html", {"form": form, "supporter": supporter})


def _approved_supporter(request: HttpRequest) -> Supporter:
    _membership_row, supporter = _own_supporter(request)
    if not supporter.is_approved:
        raise PermissionDenied(_("支援策を登録・変更できるのは、承認された普及賛同企業等だけです。"))
    return supporter


@login_required
def offer_new(request: HttpRequest) -> HttpResponse:
    supporter = _approved_supporter(request)
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_create(
                supporter=supporter,
                user=request.user,
                data=form.to_input(),
                publish="publish" in request.POST,
            )
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("支援策を登録しました。"))
            return redirect("supporters:mine")
    return render(request, "supporters/offer_form.html", {"form": form, "offer": None})


@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    supporter = _approved_supporter(request)
    offer = get_object_or_404(SupportOffer, pk=pk, supporter=supporter)
    initial = {
        f: getattr(offer, f) for f in ("title", "category", "description", "audience", "prefecture", "url")
    }
    form = OfferForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_update(offer=offer, user=request.user, data=form.to_input())
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("支援策を更新しました。"))
            return redirect("supporters:mine")
    return render(request, "supporters/offer_form.html", {"form": form, "offer": offer})


def _offer_toggle(request: HttpRequest, pk: int, publish: bool) -> HttpResponse:
    supporter = _approved_supporter(request)
    offer = get_object_or_404(SupportOffer, pk=pk, supporter=supporter)
    try:
        if publish:
            services.offer_publish(offer=offer, user=request.user)
        else:
            services.offer_unpublish(offer=offer, user=request.user)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("支援策を公開しました。") if publish else _("支援策を非公開にしました。"))
    return redirect("supporters:mine")


@login_required
@require_POST
def offer_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _offer_toggle(request, pk, True)


@login_required
@require_POST
def offer_unpublish_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _offer_toggle(request, pk, False)
