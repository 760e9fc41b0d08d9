"""Declarer-facing pages besides the wizard (views_wizard.py): the owner's downgrade and withdrawal,
the logo terms, logo marks, guideline and certificate.

Views stay thin: they find the organisation (``membership_required``), parse, call a service and
render; the services check who is acting.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from secaction.accounts.web import signed_in_user
from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.web import service_error_to_form, service_error_to_messages
from secaction.documents.responses import PDF_CONTENT_TYPE, document_response
from secaction.organizations.models import Membership
from secaction.organizations.permissions import organization_owner_require
from secaction.organizations.web import membership_required

from . import logos, selectors, services
from .forms import ReasonForm, TermsForm
from .links import verify_path
from .models import Declaration, Level, ProgrammeSettings, Status

if TYPE_CHECKING:
    pass

View = Callable[..., HttpResponse]


def refuse(request: HttpRequest, title: str, message: str, *, status: int = 403) -> HttpResponse:
    """A page saying why this cannot be done here (no active declaration, another level, ...)."""
    return render(request, "declarations/refused.html", {"title": title, "message": message}, status=status)


def _posted(request: HttpRequest) -> Any:
    """The POST data when the form was sent (even empty, so missing fields are reported), else None."""
    return request.POST if request.method == "POST" else None


@membership_required
def done(request: HttpRequest, pk: int, *, membership: Membership) -> HttpResponse:
    decl = get_object_or_404(Declaration, pk=pk, organization=membership.organization)
    return render(
        request,
        "declarations/done.html",
        {
            "declaration": decl,
            "verify_url": verify_path(decl.declaration_id) if decl.declaration_id else "",
            "target_days": ProgrammeSettings.load().review_target_days,
        },
    )


# --- the owner's changes -------------------------------------------------------------------------------


def _owner_action(
    request: HttpRequest, membership: Membership, *, template: str, action: str
) -> HttpResponse:
    try:
        # Checked before the form is shown too, so a member is not handed a form they cannot send;
        # the service checks again when it acts.
        organization_owner_require(request.user, membership.organization)
    except AccessDenied as exc:
        return refuse(request, _("管理者(オーナー)だけが行えます"), str(exc.message))
    decl = selectors.declaration_open_for_organization(membership.organization)
    if decl is None or (
        action == "downgrade" and (decl.status != Status.ACTIVE or decl.level != Level.TWO_STAR)
    ):
        messages.error(request, _("この操作ができる宣言がありません。"))
        return redirect("mypage:index")
    form = ReasonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        fn = services.declaration_withdraw if action == "withdraw" else services.declaration_downgrade
        try:
            fn(declaration=decl, user=signed_in_user(request), reason=form.cleaned_data["reason"])
        except ServiceError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(
                request,
                _("自己宣言を取り下げました。")
                if action == "withdraw"
                else _("一つ星に変更しました。一つ星のロゴマークに差し替えてください。"),
            )
            return redirect("mypage:index")
    return render(request, template, {"form": form, "declaration": decl})


@require_http_methods(["GET", "POST"])
@membership_required
def withdraw(request: HttpRequest, *, membership: Membership) -> HttpResponse:
    return _owner_action(request, membership, template="declarations/withdraw.html", action="withdraw")


@require_http_methods(["GET", "POST"])
@membership_required
def downgrade(request: HttpRequest, *, membership: Membership) -> HttpResponse:
    return _owner_action(request, membership, template="declarations/downgrade.html", action="downgrade")


@require_http_methods(["POST"])
@membership_required
def confirm_unchanged(request: HttpRequest, *, membership: Membership) -> HttpResponse:
    """The one-click 「内容に変更はありません」 of My Page: confirms the organisation's active declaration."""
    decl = selectors.declaration_active_for_organization(membership.organization)
    if decl is None:
        messages.error(request, _("この操作ができる宣言がありません。"))
        return redirect("mypage:index")
    try:
        services.declaration_confirm_unchanged(decl, by=signed_in_user(request), via="mypage")
    except ServiceError as exc:
        service_error_to_messages(request, exc)
    else:
        messages.success(request, _("宣言の内容に変更がないことを確認しました。ありがとうございました。"))
    return redirect("mypage:index")


# --- logo marks, guideline and certificate ---------------------------------------------------------


def _refuse_no_active_declaration(request: HttpRequest) -> HttpResponse:
    return refuse(
        request,
        _("有効な自己宣言がありません"),
        _("ロゴマーク・使用ガイドライン・宣言書は、宣言が有効な事業者のメンバーだけが利用できます。"),
    )


def _active_declaration(request: HttpRequest, membership: Membership) -> Declaration | HttpResponse:
    """The organisation's active declaration, or the response that turns the visitor away."""
    decl = selectors.declaration_active_for_organization(membership.organization)
    if decl is None:
        return _refuse_no_active_declaration(request)
    if decl.suspended_at is not None:
        return refuse(
            request,
            _("この宣言は一時停止中です"),
            _(
                "事務局が宣言を一時停止しているため、ロゴマーク・使用ガイドライン・宣言書は利用できません。"
                "理由: %(reason)s"
            )
            % {"reason": decl.suspension_reason},
        )
    if decl.terms_version_id is None:
        # e.g. imported from the older system: agree first, then come back
        return redirect(f"{reverse('declarations:terms_accept')}?next={request.path}")
    return decl


def _declarer_view(view: View) -> View:
    """``membership_required``; the view receives its organisation's active declaration after ``request``.

    Members of an organisation without an active declaration get the refusal page (403), and a
    declaration without a recorded agreement to the logo terms is sent to agree first.
    """

    @membership_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, membership: Membership, **kwargs: Any) -> HttpResponse:
        found = _active_declaration(request, membership)
        if isinstance(found, HttpResponse):
            return found
        return view(request, found, *args, **kwargs)

    return wrapped


def terms_public(request: HttpRequest) -> HttpResponse:
    """The current logo-mark terms, readable by anyone before signing up."""
    return render(request, "declarations/terms_public.html", {"terms": selectors.terms_current()})


@require_http_methods(["GET", "POST"])
@membership_required
def terms_accept(request: HttpRequest, *, membership: Membership) -> HttpResponse:
    """Agreement to the logo terms for an active declaration that has none recorded (imported ones)."""
    decl = selectors.declaration_active_for_organization(membership.organization)
    if decl is None:
        return _refuse_no_active_declaration(request)
    current = selectors.terms_current()
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}
    ) or not next_url.startswith("/"):
        next_url = reverse("declarations:logo")
    if decl.terms_version_id is not None or current is None:
        return redirect(next_url)
    form = TermsForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_terms_accept(
                declaration=decl, user=signed_in_user(request), terms_version=current
            )
        except ServiceError as exc:
            service_error_to_messages(request, exc)
        return redirect(next_url)
    return render(
        request, "declarations/terms_accept.html", {"form": form, "terms": current, "declaration": decl}
    )


@_declarer_view
def logo(request: HttpRequest, decl: Declaration) -> HttpResponse:
    return render(
        request,
        "declarations/logo.html",
        {"declaration": decl, "sizes": logos.PNG_SIZES, "svg": logos.mark_svg(decl.level)},
    )


@_declarer_view
def guideline(request: HttpRequest, decl: Declaration) -> HttpResponse:
    return render(request, "declarations/guideline.html", {"declaration": decl})


def _download(request: HttpRequest, decl: Declaration, level: str, file_format: str) -> HttpResponse | None:
    """Record a download of ``level``'s mark by the active declarer; a refusal response when it is not theirs."""
    if level not in Level.values:
        raise Http404
    if level != decl.level:
        return refuse(
            request,
            _("この段階のロゴマークは使えません"),
            _("ロゴマークは、宣言している段階(%(level)s)のものだけを使えます。")
            % {"level": decl.get_level_display()},
        )
    services.logo_download_record(declaration=decl, user=signed_in_user(request), file_format=file_format)
    return None


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    # A declarer's own files: not to be kept by shared caches.
    return document_response(content, content_type=content_type, filename=filename, no_store=True)


@_declarer_view
def logo_svg(request: HttpRequest, decl: Declaration, level: str) -> HttpResponse:
    refused = _download(request, decl, level, "svg")
    if refused is not None:
        return refused
    return _attachment(logos.mark_svg(level).encode(), "image/svg+xml", f"security-action-{level}.svg")


@_declarer_view
def logo_png(request: HttpRequest, decl: Declaration, level: str, size: int) -> HttpResponse:
    if size not in logos.PNG_SIZES:
        raise Http404
    refused = _download(request, decl, level, f"png-{size}")
    if refused is not None:
        return refused
    return _attachment(logos.mark_png(level, size), "image/png", f"security-action-{level}-{size}.png")


@_declarer_view
def certificate(request: HttpRequest, decl: Declaration) -> HttpResponse:
    from .certificate import certificate_pdf  # WeasyPrint is heavy: loaded only for this download

    pdf = certificate_pdf(decl, language=getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE))
    services.logo_download_record(
        declaration=decl, user=signed_in_user(request), file_format="certificate-pdf"
    )
    return _attachment(pdf, PDF_CONTENT_TYPE, f"security-action-{decl.declaration_id}.pdf")
