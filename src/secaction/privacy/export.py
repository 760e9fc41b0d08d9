"""What the portal holds about one person and their organisation, gathered app by app.

``GATHERERS`` is a list of small functions, one per kind of record; each takes the person and their
organisation (or None) and returns ``(key, rows)``. Adding an app's data is one function appended to the
list. The export carries only the person's own data and their organisation's:
other people appear by their role at most (a foreign key to another user becomes "by you: false"), never by
name or address (docs/privacy-and-retention.md, "Export").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.db.models import Q

from secaction.accounts.models import User
from secaction.core.models import AuditEvent, OutgoingMail
from secaction.core.snapshots import json_safe, model_snapshot
from secaction.declarations.models import Declaration, DeclarationEvent, LogoDownload
from secaction.diagnosis.models import Assessment
from secaction.inquiries.models import Inquiry, InquiryMessage
from secaction.legal.models import Acceptance
from secaction.mailouts.models import Recipient
from secaction.organizations.models import Invitation, Membership, Organization
from secaction.policies.models import HandbookVersion, PolicyVersion
from secaction.surveys.models import Answer, Response, Survey

from .models import DataRequest

Rows = list[dict[str, Any]]
Gatherer = Callable[[User, Organization | None], tuple[str, Any]]

# Audit events and mails are many for an active organisation; the export lists the latest ones.
EXPORT_ROW_LIMIT = 2000

_USER_FIELDS = {
    "user_id",
    "actor_id",
    "submitted_by_id",
    "terms_accepted_by_id",
    "reviewed_by_id",
    "taken_by_id",
    "created_by_id",
    "invited_by_id",
    "accepted_by_id",
    "handled_by_id",
    "resolved_by_id",
    "decided_by_id",
}
_SECRET_FIELDS = {"password", "token", "token_hash", "claim_token", "send_text", "send_html", "task_id"}


def _row(instance: Any, user: User) -> dict[str, Any]:
    """The record's fields; another person's id becomes only whether it was the person themselves."""
    row: dict[str, Any] = {}
    for name, value in model_snapshot(instance).items():
        if name in _SECRET_FIELDS:
            continue
        if name in _USER_FIELDS:
            row[name.removesuffix("_id") + "_is_you"] = value == user.pk if value is not None else None
            continue
        row[name] = value
    return row


def account(user: User, organization: Organization | None) -> tuple[str, Any]:
    fields = ["id", "email", "first_name", "last_name", "language", "date_joined", "last_login", "is_active"]
    data = model_snapshot(user, fields)
    data["email_addresses"] = [
        {"email": a.email, "verified": a.verified, "primary": a.primary}
        for a in EmailAddress.objects.filter(user=user).order_by("id")
    ]
    return "account", data


def gbizid_links(user: User, organization: Organization | None) -> tuple[str, Any]:
    rows = [
        {
            "provider": s.provider,
            "uid": s.uid,
            "date_joined": json_safe(s.date_joined),
            "extra_data": s.extra_data,
        }
        for s in SocialAccount.objects.filter(user=user).order_by("id")
    ]
    return "gbizid_links", rows


def memberships(user: User, organization: Organization | None) -> tuple[str, Any]:
    return "memberships", [_row(m, user) for m in Membership.objects.filter(user=user).order_by("id")]


def organization_record(user: User, organization: Organization | None) -> tuple[str, Any]:
    return "organization", model_snapshot(organization) if organization else None


def invitations(user: User, organization: Organization | None) -> tuple[str, Any]:
    """Invitations addressed to the person (by any organisation), and the ones they sent."""
    rows = Invitation.objects.filter(Q(email__iexact=user.email) | Q(invited_by=user)).order_by("id")
    return "invitations", [_row(i, user) for i in rows]


def declarations(user: User, organization: Organization | None) -> tuple[str, Any]:
    if organization is None:
        return "declarations", []
    rows = []
    for d in Declaration.objects.filter(organization=organization).order_by("id"):
        row = _row(d, user)
        row["events"] = [_row(e, user) for e in DeclarationEvent.objects.filter(declaration=d).order_by("id")]
        rows.append(row)
    return "declarations", rows


def logo_downloads(user: User, organization: Organization | None) -> tuple[str, Any]:
    rows = LogoDownload.objects.filter(user=user).order_by("id")
    return "logo_downloads", [_row(r, user) for r in rows]


def diagnosis_records(user: User, organization: Organization | None) -> tuple[str, Any]:
    scope = Q(taken_by=user) | Q(organization=organization) if organization else Q(taken_by=user)
    return "diagnosis_records", [_row(a, user) for a in Assessment.objects.filter(scope).order_by("id")]


def policies(user: User, organization: Organization | None) -> tuple[str, Any]:
    if organization is None:
        return "policies", {"policy_versions": [], "handbook_versions": []}
    return "policies", {
        "policy_versions": [_row(p, user) for p in PolicyVersion.objects.filter(organization=organization)],
        "handbook_versions": [
            _row(h, user) for h in HandbookVersion.objects.filter(organization=organization)
        ],
    }


def survey_responses(user: User, organization: Organization | None) -> tuple[str, Any]:
    """Identified surveys only: an anonymous response is linked to no one, so it is nobody's to export."""
    if organization is None:
        return "survey_responses", []
    responses = Response.objects.filter(organization_id=organization.pk, survey__mode=Survey.Mode.IDENTIFIED)
    rows = []
    for r in responses.order_by("id"):
        row = _row(r, user)
        row["answers"] = [_row(a, user) for a in Answer.objects.filter(response=r).order_by("id")]
        rows.append(row)
    return "survey_responses", rows


def mailout_recipients(user: User, organization: Organization | None) -> tuple[str, Any]:
    scope = Q(email__iexact=user.email)
    if organization is not None:
        scope |= Q(organization_id=organization.pk, email__iexact=organization.contact_email)
    rows = Recipient.objects.filter(scope).order_by("id")[:EXPORT_ROW_LIMIT]
    return "mailout_recipients", [_row(r, user) for r in rows]


def outgoing_mail(user: User, organization: Organization | None) -> tuple[str, Any]:
    """Metadata of the mails sent to the person: not the bodies (they may carry other people's links)."""
    fields = ["id", "created_at", "sent_at", "to", "language", "template", "subject", "status"]
    rows = OutgoingMail.objects.filter(to__iexact=user.email).order_by("-id")[:EXPORT_ROW_LIMIT]
    return "outgoing_mail", [model_snapshot(m, fields) for m in rows]


def audit_events(user: User, organization: Organization | None) -> tuple[str, Any]:
    """Events the person did, and events about them or their organisation (who acted only if it was them)."""
    scope = Q(actor=user) | Q(object_type=User._meta.label_lower, object_id=str(user.pk))
    if organization is not None:
        scope |= Q(object_type=Organization._meta.label_lower, object_id=str(organization.pk))
    fields = ["id", "created_at", "action", "object_type", "object_id", "before", "after", "message"]
    rows = []
    for e in AuditEvent.objects.filter(scope).order_by("-id")[:EXPORT_ROW_LIMIT]:
        row = model_snapshot(e, fields)
        row["actor_is_you"] = e.actor_id == user.pk
        rows.append(row)
    return "audit_events", rows


def legal_acceptances(user: User, organization: Organization | None) -> tuple[str, Any]:
    """Which version of the privacy policy and terms the person accepted, when and where."""
    rows = [
        {
            "document": a.document.kind,
            "version": a.document.version,
            "accepted_at": json_safe(a.accepted_at),
            "how": a.how,
        }
        for a in Acceptance.objects.filter(user=user).select_related("document").order_by("accepted_at", "id")
    ]
    return "legal_acceptances", rows


def inquiries(user: User, organization: Organization | None) -> tuple[str, Any]:
    """The person's own inquiries and their threads, without the office's internal notes. Inquiries other
    members of the organisation sent are theirs, not this person's."""
    rows = []
    scope = Q(user=user) | Q(user__isnull=True, email__iexact=user.email)
    for inquiry in Inquiry.objects.filter(scope).order_by("id"):
        row = _row(inquiry, user)
        row.pop("assignee_id", None)  # which staff member handles it is the office's business
        messages = InquiryMessage.objects.filter(inquiry=inquiry, is_internal_note=False).order_by("id")
        row["messages"] = [
            {
                "created_at": json_safe(m.created_at),
                "from": m.author_kind,
                "body": m.body,
            }
            for m in messages
        ]
        rows.append(row)
    return "inquiries", rows


def data_requests(user: User, organization: Organization | None) -> tuple[str, Any]:
    return "data_requests", [_row(r, user) for r in DataRequest.objects.filter(user=user).order_by("id")]


GATHERERS: list[Gatherer] = [
    account,
    gbizid_links,
    memberships,
    organization_record,
    invitations,
    declarations,
    logo_downloads,
    diagnosis_records,
    policies,
    survey_responses,
    mailout_recipients,
    outgoing_mail,
    audit_events,
    legal_acceptances,
    inquiries,
    data_requests,
]
