"""Thin views: parse, call a service or selector, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from secaction.accounts.web import signed_in_user
from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.web import service_error_messages, service_error_to_form, service_error_to_messages

from . import selectors, services
from .forms import InvitationForm, OrganizationForm
from .models import IdentityChangeRequest, Invitation, Membership
from .web import membership_required


@login_required
def organization_register_view(request: HttpRequest) -> HttpResponse:
    if selectors.membership_for_user(request.user) is not None:
        messages.info(request, _("既に事業者に所属しています。"))
        return redirect("mypage:index")
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_register(signed_in_user(request), form.cleaned_data)
        except ServiceError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(
                request, _("事業者を登録しました。次は取組み目標を決めて、自己宣言に進みましょう。")
            )
            return redirect("mypage:index")
    return render(request, "organizations/organization_form.html", {"form": form, "mode": "register"})


@membership_required
def organization_edit_view(request: HttpRequest, membership: Membership) -> HttpResponse:
    if not membership.is_owner:  # the service refuses too; this only spares a member a useless form
        messages.error(request, _("事業者情報を変更できるのは管理者(オーナー)だけです。"))
        return redirect("mypage:index")
    organization = membership.organization
    form = OrganizationForm(request.POST or None, instance=organization)
    pending = selectors.identity_change_pending(organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(signed_in_user(request), organization, form.cleaned_data)
        except ServiceError as exc:
            organization.refresh_from_db()
            service_error_to_form(form, exc)
        else:
            queued = selectors.identity_change_pending(organization)
            if queued is not None and (pending is None or queued.pk != pending.pk):
                messages.success(request, _("住所や連絡先などの変更は保存しました。"))
                messages.warning(request, _identity_change_queued_message())
                return redirect("organizations:edit")
            messages.success(request, _("事業者情報を更新しました。"))
            return redirect("mypage:index")
    return render(
        request,
        "organizations/organization_form.html",
        {
            "form": form,
            "mode": "edit",
            "organization": organization,
            "pending_change": pending,
            "pending_rows": selectors.identity_change_rows(pending) if pending else [],
            "review_days": settings.IDENTITY_CHANGE_REVIEW_DAYS,
        },
    )


def _identity_change_queued_message() -> str:
    return _(
        "事業者名・フリガナ・事業形態・法人番号の変更は、宣言中の事業者を守るため、すぐには反映されません。"
        "SECURITY ACTION 事務局が内容を確認してから公開されます(通常%(days)d日ほどかかります)。"
        "確認が終わったら、メールでお知らせします。それまでは、これまでの内容が公開されています。"
    ) % {"days": settings.IDENTITY_CHANGE_REVIEW_DAYS}


@require_POST
@membership_required
def identity_change_withdraw_view(request: HttpRequest, pk: int, membership: Membership) -> HttpResponse:
    # Only the own organisation's requests are found: another's is a 404, not a hint.
    change = get_object_or_404(IdentityChangeRequest, pk=pk, organization=membership.organization)
    try:
        services.identity_change_withdraw(signed_in_user(request), change)
    except AccessDenied:
        raise  # a member's POST: the service refuses, the page answers 403
    except ServiceError as exc:
        service_error_to_messages(request, exc)
    else:
        messages.success(
            request, _("名称・法人番号の変更申請を取り下げました。事業者情報はこれまでのままです。")
        )
    return redirect("organizations:edit")


@membership_required
def members_view(request: HttpRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    is_owner = membership.is_owner
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                signed_in_user(request), organization, form.cleaned_data["email"]
            )
        except AccessDenied:
            raise  # a member's POST: the service refuses, the page answers 403
        except ServiceError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("%(email)s に招待メールを送りました。") % {"email": invitation.email})
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


@require_POST
@membership_required
def invitation_revoke_view(request: HttpRequest, pk: int, membership: Membership) -> HttpResponse:
    # Only the own organisation's rows are found: another's invitation is a 404, not a hint.
    invitation = get_object_or_404(Invitation, pk=pk, organization=membership.organization)
    try:
        services.invitation_revoke(signed_in_user(request), invitation)
    except ServiceError as exc:
        service_error_to_messages(request, exc)
    else:
        messages.success(request, _("%(email)s への招待を取り消しました。") % {"email": invitation.email})
    return redirect("organizations:members")


@require_POST
@membership_required
def membership_deactivate_view(request: HttpRequest, pk: int, membership: Membership) -> HttpResponse:
    member = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, organization=membership.organization
    )
    try:
        services.membership_deactivate(signed_in_user(request), member)
    except ServiceError as exc:
        service_error_to_messages(request, exc)
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
            services.invitation_accept(signed_in_user(request), invitation)
        except ServiceError as exc:
            error = " ".join(service_error_messages(exc))
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
