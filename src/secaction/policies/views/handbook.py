"""The handbook's pages: home, editor, versions and downloads, sending to staff, and the staff's own link."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secaction.accounts.web import signed_in_user
from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.web import service_error_to_messages
from secaction.organizations.models import Membership

from .. import outputs, selectors, services
from ..forms import HandbookForm, RecipientsForm
from ..handbook import handbook_build, handbook_intro_suggest, handbook_parts
from ..validation import remind_allowed
from ._common import handbook_version_or_404, organization_view, version_download


@organization_view
def handbook_home(request: HttpRequest, *, membership: Membership) -> HttpResponse:
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


@organization_view
def handbook_edit(request: HttpRequest, *, membership: Membership) -> HttpResponse:
    organization = membership.organization
    versions = selectors.handbook_versions_for_organization(organization)
    latest = versions[0] if versions else None
    answers, assessment_id = selectors.diagnosis_latest_for_organization(organization)
    if request.method == "POST":
        form = HandbookForm(request.POST)
        if form.is_valid():
            version = services.handbook_version_create(
                organization=organization,
                actor=signed_in_user(request),
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


@organization_view
def handbook_version(request: HttpRequest, number: int, *, membership: Membership) -> HttpResponse:
    version = handbook_version_or_404(membership, number)
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
        },
    )


handbook_pdf = version_download(handbook_version_or_404, outputs.handbook_pdf, "security-handbook", "pdf")


handbook_docx = version_download(handbook_version_or_404, outputs.handbook_docx, "security-handbook", "docx")


@require_POST
@organization_view
def handbook_adopt(request: HttpRequest, number: int, *, membership: Membership) -> HttpResponse:
    version = handbook_version_or_404(membership, number)
    services.handbook_adopt(
        version=version, actor=signed_in_user(request)
    )  # AccessDenied for a member: a 403
    messages.success(
        request,
        _("第%(number)d版を社内ルールとして採用しました。従業員に送って確認してもらいましょう。")
        % {"number": number},
    )
    return redirect("policies:handbook_staff", org_id=membership.organization_id)


@organization_view
def handbook_staff(request: HttpRequest, *, membership: Membership) -> HttpResponse:
    organization = membership.organization
    site = selectors.policy_site_for_organization(organization)
    adopted = site.handbook_adopted_version if site else None
    form = RecipientsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if adopted is None:
            messages.error(request, _("先にハンドブックの版を採用してください。"))
        elif form.is_valid():
            try:
                created, skipped = services.handbook_recipients_add(
                    version=adopted, emails=form.cleaned_data["emails"], actor=signed_in_user(request)
                )
            except AccessDenied:
                raise  # who acts: a 403, not a message
            except ServiceError as exc:
                service_error_to_messages(request, exc)
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
    return render(
        request,
        "policies/handbook_staff.html",
        {
            "organization": organization,
            "is_owner": membership.is_owner,
            "adopted": adopted,
            "form": form,
            "rows": rows,
            "ack_confirmed": sum(1 for r in recipients if r.confirmed_at),
            "ack_total": len(recipients),
            "any_remindable": any(row["can_remind"] for row in rows),
        },
    )


@require_POST
@organization_view
def handbook_remind(request: HttpRequest, *, membership: Membership) -> HttpResponse:
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
    # AccessDenied for a member: a 403
    reminded = services.handbook_remind(version=adopted, recipients=recipients, actor=signed_in_user(request))
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
