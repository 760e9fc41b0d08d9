"""The basic policy's pages: the member's home, editor, versions and downloads, and the public page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secaction.accounts.web import signed_in_user
from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.services import model_snapshot
from secaction.core.web import service_error_to_messages
from secaction.documents.responses import PDF_CONTENT_TYPE, document_response
from secaction.organizations.models import Membership, Organization

from .. import outputs, selectors, services
from ..checks import policy_warnings, warnings_block_publication
from ..forms import PolicyForm, PolicyPublishForm
from ..suggest import SECTIONS, policy_suggest
from ._common import absolute, organization_view, policy_version_or_404, version_download


@organization_view
def policy_home(request: HttpRequest, *, membership: Membership) -> HttpResponse:
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
            "public_url_absolute": absolute(site.public_url) if site else "",
        },
    )


def _suggestion(organization: Organization) -> dict[str, Any]:
    return policy_suggest(
        industry=organization.industry,
        employees_band=organization.employees,
        organization_name=organization.name,
        representative_title=organization.representative_title,
        representative_name=organization.representative_name,
        entity_type=organization.entity_type,
    )


@organization_view
def policy_edit(request: HttpRequest, *, membership: Membership) -> HttpResponse:
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
                    organization=organization, actor=signed_in_user(request), data=form.cleaned_data
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


@organization_view
def policy_version(request: HttpRequest, number: int, *, membership: Membership) -> HttpResponse:
    version = policy_version_or_404(membership, number)
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


policy_pdf = version_download(policy_version_or_404, outputs.policy_pdf, "security-policy", "pdf")


policy_docx = version_download(policy_version_or_404, outputs.policy_docx, "security-policy", "docx")


@require_POST
@organization_view
def policy_publish(request: HttpRequest, number: int, *, membership: Membership) -> HttpResponse:
    version = policy_version_or_404(membership, number)
    form = PolicyPublishForm(request.POST)
    warnings = policy_warnings(model_snapshot(version))
    confirmed = form.is_valid() and form.cleaned_data["confirm_warnings"]
    if warnings and not confirmed and not warnings_block_publication(warnings):
        messages.warning(request, _("注意の内容を確認し、チェックを入れてから公開してください。"))
        return redirect("policies:policy_version", org_id=membership.organization_id, number=number)
    try:
        services.policy_publish(version=version, actor=signed_in_user(request))
    except AccessDenied:
        raise  # who acts: a 403, not a message
    except ServiceError as exc:
        service_error_to_messages(request, exc)
        return redirect("policies:policy_version", org_id=membership.organization_id, number=number)
    messages.success(request, _("第%(number)d版を公開しました。") % {"number": version.number})
    return redirect("policies:policy_home", org_id=membership.organization_id)


@require_POST
@organization_view
def policy_unpublish(request: HttpRequest, *, membership: Membership) -> HttpResponse:
    try:
        services.policy_unpublish(organization=membership.organization, actor=signed_in_user(request))
    except AccessDenied:
        raise  # who acts: a 403, not a message
    except ServiceError as exc:
        service_error_to_messages(request, exc)
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
