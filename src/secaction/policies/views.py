"""Views of the policies app: parse, call a service or selector, render."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secaction.core.services import model_snapshot
from secaction.documents.docx import DOCX_CONTENT_TYPE
from secaction.documents.responses import PDF_CONTENT_TYPE, document_response
from secaction.organizations.models import Membership

from . import outputs, selectors, services
from .checks import policy_warnings, warnings_block_publication
from .forms import HandbookForm, PolicyForm, PolicyPublishForm, RecipientsForm
from .handbook import STATUS_LABELS, handbook_build, handbook_intro_suggest, handbook_parts
from .models import HandbookVersion, PolicyVersion
from .suggest import SECTIONS, policy_suggest
from .validation import remind_allowed

View = Callable[..., HttpResponse]
T = TypeVar("T")


def member_required(*, owner: bool = False) -> Callable[[View], View]:
    """Resolve ``org_id`` to the user's membership; 404 for non-members, 403 for non-owners where needed."""

    def decorator(view: View) -> View:
        @login_required
        @functools.wraps(view)
        def wrapped(request: HttpRequest, org_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = selectors.membership_for(request.user, org_id)
            if membership is None:
                raise Http404
            if owner and not membership.is_owner:
                raise PermissionDenied(_("この操作は事業者の管理者(オーナー)だけが行えます。"))
            return view(request, membership, *args, **kwargs)

        return wrapped

    return decorator


def _found(value: T | None) -> T:
    """``value``, or a 404 when the lookup found nothing."""
    if value is None:
        raise Http404
    return value


def _policy_version_or_404(membership: Membership, number: int) -> PolicyVersion:
    return _found(selectors.policy_version_get(membership.organization, number))


def _handbook_version_or_404(membership: Membership, number: int) -> HandbookVersion:
    return _found(selectors.handbook_version_get(membership.organization, number))


def _version_download(
    version_of: Callable[[Membership, int], Any], render: Callable[[Any], bytes], stem: str, extension: str
) -> View:
    """A member's view that sends one policy or handbook version as ``<stem>-v<number>.<extension>``.

    ``version_of`` finds the version (404 when missing); ``render`` makes the PDF or DOCX bytes.
    """

    @member_required()
    def download(request: HttpRequest, membership: Membership, number: int) -> HttpResponse:
        version = version_of(membership, number)
        return document_response(
            render(version),
            content_type=PDF_CONTENT_TYPE if extension == "pdf" else DOCX_CONTENT_TYPE,
            filename=f"{stem}-v{version.number}.{extension}",
        )

    return download


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# --- basic policy ---------------------------------------------------------------


@member_required()
def policy_home(request: HttpRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    site = selectors.policy_site_for_organization(organization)
    return render(
        request,
        "policies/policy_home.html",
        {
            "organization": organization,
            "membership": membership,
            "is_owner": membership.is_owner,
            "versions": selectors.policy_versions_for_organization(organization),
            "site": site,
            "public_url_absolute": _absolute(site.public_url) if site else "",
        },
    )


def _suggestion(organization: Any) -> dict[str, Any]:
    return policy_suggest(
        industry=organization.industry,
        employees_band=organization.employees,
        organization_name=organization.name,
        representative_title=organization.representative_title,
        representative_name=organization.representative_name,
        entity_type=organization.entity_type,
    )


@member_required()
def policy_edit(request: HttpRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    suggestion = _suggestion(organization)
    versions = selectors.policy_versions_for_organization(organization)
    latest = versions[0] if versions else None
    warnings: list[Any] = []
    if request.method == "POST":
        form = PolicyForm(request.POST)
        if form.is_valid():
            warnings = policy_warnings(form.cleaned_data)
            if not warnings or form.cleaned_data.get("confirm_warnings"):
                version = services.policy_version_create(
                    organization=organization, actor=request.user, data=form.cleaned_data
                )
                messages.success(
                    request, _("第%(number)d版として保存しました。") % {"number": version.number}
                )
                return redirect("policies:policy_version", org_id=organization.pk, number=version.number)
    else:
        if latest is not None and request.GET.get("start") != "suggested":
            initial: dict[str, Any] = model_snapshot(latest)
            initial["established_on"] = latest.established_on
        else:
            initial = {
                **suggestion,
                "organization_name": organization.name,
                "representative_title": organization.representative_title,
                "representative_name": organization.representative_name,
                "established_on": latest.established_on if latest else timezone.localdate(),
            }
        form = PolicyForm(initial=initial)
    sections = [
        {"key": key, "heading": heading, "field": form[key], "suggestion": suggestion[key]}
        for key, heading in SECTIONS
    ]
    return render(
        request,
        "policies/policy_edit.html",
        {
            "organization": organization,
            "form": form,
            "sections": sections,
            "warnings": warnings,
            "latest": latest,
        },
    )


@member_required()
def policy_version(request: HttpRequest, membership: Membership, number: int) -> HttpResponse:
    version = _policy_version_or_404(membership, number)
    site = selectors.policy_site_for_organization(membership.organization)
    warnings = policy_warnings(model_snapshot(version))
    return render(
        request,
        "policies/policy_version.html",
        {
            "organization": membership.organization,
            "is_owner": membership.is_owner,
            "version": version,
            "is_published": bool(site and site.published_version_id == version.pk),
            "site": site,
            "warnings": warnings,
            "blocked": warnings_block_publication(warnings),
            "publish_form": PolicyPublishForm(),
            **outputs.policy_context(version),
        },
    )


policy_pdf = _version_download(_policy_version_or_404, outputs.policy_pdf, "security-policy", "pdf")


policy_docx = _version_download(_policy_version_or_404, outputs.policy_docx, "security-policy", "docx")


@require_POST
@member_required(owner=True)
def policy_publish(request: HttpRequest, membership: Membership, number: int) -> HttpResponse:
    version = _policy_version_or_404(membership, number)
    form = PolicyPublishForm(request.POST)
    warnings = policy_warnings(model_snapshot(version))
    confirmed = form.is_valid() and form.cleaned_data["confirm_warnings"]
    if warnings and not confirmed and not warnings_block_publication(warnings):
        messages.warning(request, _("注意の内容を確認し、チェックを入れてから公開してください。"))
        return redirect("policies:policy_version", org_id=membership.organization_id, number=number)
    try:
        services.policy_publish(version=version, actor=request.user)
    except services.PolicyError as exc:
        messages.error(request, str(exc))
        return redirect("policies:policy_version", org_id=membership.organization_id, number=number)
    messages.success(request, _("第%(number)d版を公開しました。") % {"number": version.number})
    return redirect("policies:policy_home", org_id=membership.organization_id)


@require_POST
@member_required(owner=True)
def policy_unpublish(request: HttpRequest, membership: Membership) -> HttpResponse:
    try:
        services.policy_unpublish(organization=membership.organization, actor=request.user)
    except services.PolicyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("公開を停止しました。公開ページのURLは変わらず、次に公開したときに再び使われます。")
        )
    return redirect("policies:policy_home", org_id=membership.organization_id)


def policy_public(request: HttpRequest, slug: str) -> HttpResponse:
    site = selectors.policy_site_by_slug(slug)
    if site is None or site.published_version is None:
        return render(request, "policies/public_unavailable.html", status=404)
    version = site.published_version
    return render(
        request,
        "policies/public.html",
        {"site": site, **outputs.policy_context(version)},
    )


def policy_public_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    site = selectors.policy_site_by_slug(slug)
    if site is None or site.published_version is None:
        return render(request, "policies/public_unavailable.html", status=404)
    return document_response(
        outputs.policy_pdf(site.published_version),
        content_type=PDF_CONTENT_TYPE,
        filename="security-policy.pdf",
        inline=True,
    )


# --- handbook --------------------------------------------------------------------


@member_required()
def handbook_home(request: HttpRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    site = selectors.policy_site_for_organization(organization)
    answers, _assessment_id = selectors.diagnosis_latest_for_organization(organization)
    adopted = site.handbook_adopted_version if site else None
    confirmed, total = selectors.handbook_progress(adopted)
    return render(
        request,
        "policies/handbook_home.html",
        {
            "organization": organization,
            "is_owner": membership.is_owner,
            "versions": selectors.handbook_versions_for_organization(organization),
            "adopted": adopted,
            "has_diagnosis": answers is not None,
            "ack_confirmed": confirmed,
            "ack_total": total,
        },
    )


@member_required()
def handbook_edit(request: HttpRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    versions = selectors.handbook_versions_for_organization(organization)
    latest = versions[0] if versions else None
    answers, assessment_id = selectors.diagnosis_latest_for_organization(organization)
    if request.method == "POST":
        form = HandbookForm(request.POST)
        if form.is_valid():
            version = services.handbook_version_create(
                organization=organization,
                actor=request.user,
                title=form.cleaned_data["title"],
                intro=form.cleaned_data["intro"],
                contact=form.cleaned_data["contact"],
                rules=form.rules(),
                assessment_ref=form.cleaned_data.get("assessment_ref"),
            )
            messages.success(request, _("第%(number)d版として保存しました。") % {"number": version.number})
            return redirect("policies:handbook_version", org_id=organization.pk, number=version.number)
        messages.error(request, _("入力内容を確認してください。"))
    else:
        rebuild = request.GET.get("start") == "diagnosis" or latest is None
        if rebuild:
            initial = HandbookForm.initial_from(
                title="情報セキュリティハンドブック",
                intro=latest.intro if latest else handbook_intro_suggest(organization.name),
                contact=latest.contact
                if latest
                else f"{organization.representative_title} {organization.representative_name}".strip(),
                rules=handbook_build(answers),
                assessment_ref=assessment_id,
            )
        else:
            assert latest is not None
            initial = HandbookForm.initial_from(
                title=latest.title,
                intro=latest.intro,
                contact=latest.contact,
                rules=latest.rules,
                assessment_ref=latest.assessment_ref,
            )
        form = HandbookForm(initial=initial)
    return render(
        request,
        "policies/handbook_edit.html",
        {
            "organization": organization,
            "form": form,
            "rows": form.rule_rows(),
            "has_diagnosis": answers is not None,
            "latest": latest,
        },
    )


@member_required()
def handbook_version(request: HttpRequest, membership: Membership, number: int) -> HttpResponse:
    version = _handbook_version_or_404(membership, number)
    site = selectors.policy_site_for_organization(membership.organization)
    return render(
        request,
        "policies/handbook_version.html",
        {
            "organization": membership.organization,
            "is_owner": membership.is_owner,
            "version": version,
            "is_adopted": bool(site and site.handbook_adopted_version_id == version.pk),
            "parts": handbook_parts(version.rules),
            "status_labels": STATUS_LABELS,
        },
    )


handbook_pdf = _version_download(_handbook_version_or_404, outputs.handbook_pdf, "security-handbook", "pdf")


handbook_docx = _version_download(
    _handbook_version_or_404, outputs.handbook_docx, "security-handbook", "docx"
)


@require_POST
@member_required(owner=True)
def handbook_adopt(request: HttpRequest, membership: Membership, number: int) -> HttpResponse:
    version = _handbook_version_or_404(membership, number)
    services.handbook_adopt(version=version, actor=request.user)
    messages.success(
        request,
        _("第%(number)d版を社内ルールとして採用しました。従業員に送って確認してもらいましょう。")
        % {"number": number},
    )
    return redirect("policies:handbook_staff", org_id=membership.organization_id)


@member_required()
def handbook_staff(request: HttpRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    is_owner = membership.is_owner
    site = selectors.policy_site_for_organization(organization)
    adopted = site.handbook_adopted_version if site else None
    form = RecipientsForm()
    if request.method == "POST":
        if not is_owner:
            raise PermissionDenied(_("この操作は事業者の管理者(オーナー)だけが行えます。"))
        form = RecipientsForm(request.POST)
        if adopted is None:
            messages.error(request, _("先にハンドブックの版を採用してください。"))
        elif form.is_valid():
            try:
                created, skipped = services.handbook_recipients_add(
                    version=adopted, emails=form.cleaned_data["emails"], actor=request.user
                )
            except services.PolicyError as exc:
                messages.error(request, str(exc))
            else:
                if created:
                    messages.success(
                        request, _("%(count)d 件のアドレスに送信を始めました。") % {"count": len(created)}
                    )
                if skipped:
                    messages.info(
                        request,
                        _("次のアドレスには既に送っています(再送は一覧の「再送」から): %(list)s")
                        % {"list": "、".join(skipped)},
                    )
                return redirect("policies:handbook_staff", org_id=organization.pk)
    recipients = selectors.handbook_recipients_for_version(adopted) if adopted else []
    now = timezone.now()
    rows = [
        {
            "recipient": r,
            "can_remind": remind_allowed(confirmed_at=r.confirmed_at, last_sent_at=r.last_sent_at, now=now),
        }
        for r in recipients
    ]
    confirmed = sum(1 for r in recipients if r.confirmed_at)
    return render(
        request,
        "policies/handbook_staff.html",
        {
            "organization": organization,
            "is_owner": is_owner,
            "adopted": adopted,
            "form": form,
            "rows": rows,
            "ack_confirmed": confirmed,
            "ack_total": len(recipients),
            "any_remindable": any(row["can_remind"] for row in rows),
        },
    )


@require_POST
@member_required(owner=True)
def handbook_remind(request: HttpRequest, membership: Membership) -> HttpResponse:
    site = selectors.policy_site_for_organization(membership.organization)
    adopted = site.handbook_adopted_version if site else None
    if adopted is None:
        raise Http404
    recipients = selectors.handbook_recipients_for_version(adopted)
    recipient_id = request.POST.get("recipient", "")
    if recipient_id != "all":
        recipients = [r for r in recipients if str(r.pk) == recipient_id]
        if not recipients:
            raise Http404
    reminded = services.handbook_remind(recipients=recipients, actor=request.user)
    if reminded:
        messages.success(request, _("%(count)d 人に再送しました。") % {"count": len(reminded)})
    else:
        messages.info(request, _("再送できる相手がいません(確認済みか、24時間以内に送っています)。"))
    return redirect("policies:handbook_staff", org_id=membership.organization_id)


def handbook_acknowledge(request: HttpRequest, token: str) -> HttpResponse:
    """The staff member's personal page: read the handbook and confirm. No account needed."""
    recipient = selectors.handbook_recipient_by_token(token)
    if recipient is None:
        return render(request, "policies/acknowledge_unavailable.html", status=404)
    if request.method == "POST":
        # Idempotent; the page itself says when it was confirmed.
        services.handbook_acknowledge(recipient=recipient)
        return redirect("policies:acknowledge", token=token)
    version = recipient.version
    return render(
        request,
        "policies/acknowledge.html",
        {
            "recipient": recipient,
            "version": version,
            "parts": handbook_parts(version.rules),
        },
    )
