"""Thin views: parse, call a service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .forms import InvitationForm, OrganizationForm
from .models import Invitation, Membership, Organization


def _error_messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


@login_required
def organization_register_view(request: HttpRequest) -> HttpResponse:
    if selectors.membership_for_user(request.user) is not None:
        messages.info(request, _("既に事業者に所属しています。"))
        return redirect("mypage:index")
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_register(request.user, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("事業者を登録しました。次は取組み目標を決めて、自己宣言に進みましょう。")
            )
            return redirect("mypage:index")
    return render(request, "organizations/organization_form.html", {"form": form, "mode": "register"})


def _owned_organization(request: HttpRequest) -> Organization:
    membership = selectors.membership_for_user(request.user)
    if membership is None:
        raise Http404
    if not membership.is_owner:
        raise PermissionDenied
    return membership.organization


@login_required
def organization_edit_view(request: HttpRequest) -> HttpResponse:
    membership = selectors.membership_for_user(request.user)
    if membership is None:
        return redirect("organizations:register")
    if not membership.is_owner:
        messages.error(request, _("事業者情報を変更できるのは管理者(オーナー)だけです。"))
        return redirect("mypage:index")
    organization = membership.organization
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(request.user, organization, form.cleaned_data)
        except ValidationError as exc:
            organization.refresh_from_db()
            form.add_error(None, exc)
        else:
            messages.success(request, _("事業者情報を更新しました。"))
            return redirect("mypage:index")
    return render(
        request,
        "organizations/organization_form.html",
        {"form": form, "mode": "edit", "organization": organization},
    )


@login_required
def members_view(request: HttpRequest) -> HttpResponse:
    membership = selectors.membership_for_user(request.user)
    if membership is None:
        return redirect("mypage:index")
    organization = membership.organization
    is_owner = membership.is_owner
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if not is_owner:
            raise PermissionDenied
        if form.is_valid():
            try:
                invitation = services.invitation_create(
                    request.user, organization, form.cleaned_data["email"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("%(email)s に招待メールを送りました。") % {"email": invitation.email}
                )
                return redirect("organizations:members")
    return render(
        request,
        "organizations/members.html",
        {
            "organization": organization,
            "membership": membership,
            "is_owner": is_owner,
            "members": selectors.membership_list(organization, include_inactive=is_owner),
            "invitations": selectors.invitation_open_list(organization) if is_owner else [],
            "form": form,
        },
    )


@login_required
@require_POST
def invitation_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _owned_organization(request)
    invitation = get_object_or_404(Invitation, pk=pk, organization=organization)
    try:
        services.invitation_revoke(request.user, invitation)
    except ValidationError as exc:
        for m in _error_messages(exc):
            messages.error(request, m)
    else:
        messages.success(request, _("%(email)s への招待を取り消しました。") % {"email": invitation.email})
    return redirect("organizations:members")


@login_required
@require_POST
def membership_deactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _owned_organization(request)
    member = get_object_or_404(Membership.objects.select_related("user"), pk=pk, organization=organization)
    try:
        services.membership_deactivate(request.user, member)
    except ValidationError as exc:
        for m in _error_messages(exc):
            messages.error(request, m)
    else:
        messages.success(request, _("%(email)s をメンバーから外しました。") % {"email": member.user.email})
    return redirect("organizations:members")


@require_http_methods(["GET", "POST"])
def invitation_view(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link from the invitation mail: explains, then lets the invitee accept."""
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        return render(request, "organizations/invitation.html", {"invitation": None}, status=404)
    error = ""
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        try:
            services.invitation_accept(request.user, invitation)
        except ValidationError as exc:
            error = " ".join(_error_messages(exc))
        else:
            messages.success(
                request, _("「%(name)s」のメンバーになりました。") % {"name": invitation.organization.name}
            )
            return redirect("mypage:index")
    status = 200 if invitation.is_open else 410
    return render(
        request,
        "organizations/invitation.html",
        {"invitation": invitation, "error": error, "next_path": request.path},
        status=400 if error else status,
    )
