"""Writes of the policies app: versions, publication, handbook sending and acknowledgements.

Every state change is audit-logged. Nothing is deleted: versions are only
ever added, and unpublishing just clears the pointer to the published one.

Who may act is checked here, through ``secaction.organizations.permissions``,
before anything is read or written: any member writes a draft version (policy or
handbook); only an owner publishes, unpublishes, adopts, sends and reminds. A
refusal because of who acts is ``AccessDenied``; one because of what was asked
is ``ServiceError``. The two services without an actor are the staff member's
confirmation through their personal link and the task's mail delivery.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from secaction.accounts.models import User
from secaction.core.errors import ServiceError
from secaction.core.public_text import public_text_errors
from secaction.core.services import audit_record, mail_send, model_snapshot
from secaction.organizations.models import Organization
from secaction.organizations.permissions import organization_member_require, organization_owner_require

from .checks import policy_warnings, warnings_block_publication
from .handbook import HandbookRule
from .models import HandbookRecipient, HandbookVersion, PolicySite, PolicyVersion
from .suggest import SECTION_KEYS
from .validation import MAX_ADDRESSES_PER_SEND, remind_allowed

POLICY_FIELDS = (
    *SECTION_KEYS,
    "established_on",
    "organization_name",
    "representative_title",
    "representative_name",
)


def _locked_site(organization: Organization) -> PolicySite:
    # Locking the per-organisation row serialises version numbering and publication.
    PolicySite.objects.get_or_create(organization=organization)
    return PolicySite.objects.select_for_update().get(organization=organization)


def _next_version_number(
    model: type[PolicyVersion] | type[HandbookVersion], organization: Organization
) -> int:
    """The number the organisation's next version of ``model`` gets; call inside the transaction.

    Locks the organisation's site row first, so two saves at once cannot take the same number.
    """
    _locked_site(organization)
    last = model.objects.filter(organization=organization).aggregate(m=Max("number"))["m"]
    return (last or 0) + 1


# The site's version pointers and the time stamp that goes with each.
_POINTER_STAMPS = {"published_version": "published_at", "handbook_adopted_version": "handbook_adopted_at"}


def _site_pointer_set(
    site: PolicySite,
    *,
    pointer: Literal["published_version", "handbook_adopted_version"],
    version: PolicyVersion | HandbookVersion | None,
    actor: User,
    action: str,
) -> PolicySite:
    """Point the locked site's ``pointer`` at ``version`` (or clear it) with its time stamp; audited."""
    stamp = _POINTER_STAMPS[pointer]
    before: dict[str, Any] = {pointer: getattr(site, f"{pointer}_id")}
    setattr(site, pointer, version)
    setattr(site, stamp, timezone.now() if version is not None else None)
    site.save(update_fields=[pointer, stamp])
    after: dict[str, Any] = {pointer: None}
    if version is not None:
        after = {pointer: version.pk, "number": version.number}
    audit_record(actor=actor, action=action, target=site, before=before, after=after)
    return site


@transaction.atomic
def policy_version_create(
    *, organization: Organization, actor: User, data: Mapping[str, Any]
) -> PolicyVersion:
    """Save ``data`` (the fields of ``POLICY_FIELDS``) as the organisation's next policy version.

    Any member may; ``AccessDenied`` for anyone else. ``ServiceError`` keyed by field when a
    text holds invisible control characters or characters the PDF font cannot draw (the
    policy is published and printed: ``core.public_text``).
    """
    organization_member_require(actor, organization)
    values = {name: data.get(name) for name in POLICY_FIELDS}
    texts = [name for name in POLICY_FIELDS if name != "established_on"]
    for name in texts:
        values[name] = (values[name] or "").strip()
    problems = public_text_errors(values, texts, multiline=SECTION_KEYS, pdf=texts)
    if problems:
        raise ServiceError(problems)
    number = _next_version_number(PolicyVersion, organization)
    if isinstance(values["established_on"], str):
        values["established_on"] = parse_date(values["established_on"])
    version = PolicyVersion.objects.create(
        organization=organization, number=number, created_by=actor, **values
    )
    audit_record(actor=actor, action="policy.version_create", target=version, after=model_snapshot(version))
    return version


@transaction.atomic
def policy_publish(*, version: PolicyVersion, actor: User) -> PolicySite:
    """An owner makes ``version`` the one shown on the public page. Refused while required parts are empty."""
    organization_owner_require(actor, version.organization)
    warnings = policy_warnings(model_snapshot(version))
    if warnings_block_publication(warnings):
        raise ServiceError(_("空の項目がある版は公開できません。内容を補って保存し直してください。"))
    site = _locked_site(version.organization)
    return _site_pointer_set(
        site, pointer="published_version", version=version, actor=actor, action="policy.publish"
    )


@transaction.atomic
def policy_unpublish(*, organization: Organization, actor: User) -> PolicySite:
    """An owner takes the public page offline; the URL stays reserved for the next publication."""
    organization_owner_require(actor, organization)
    site = _locked_site(organization)
    if site.published_version_id is None:
        raise ServiceError(_("公開中の版はありません。"))
    return _site_pointer_set(
        site, pointer="published_version", version=None, actor=actor, action="policy.unpublish"
    )


@transaction.atomic
def handbook_version_create(
    *,
    organization: Organization,
    actor: User,
    title: str,
    intro: str,
    contact: str,
    rules: list[HandbookRule],
    assessment_ref: int | None,
) -> HandbookVersion:
    """Save the handbook as the organisation's next version. Any member may; ``AccessDenied`` otherwise."""
    organization_member_require(actor, organization)
    number = _next_version_number(HandbookVersion, organization)
    version = HandbookVersion.objects.create(
        organization=organization,
        number=number,
        title=title.strip() or "情報セキュリティハンドブック",
        intro=intro.strip(),
        contact=contact.strip(),
        rules=[dict(rule) for rule in rules],
        assessment_ref=assessment_ref,
        organization_name=organization.name,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="handbook.version_create",
        target=version,
        after={
            "number": version.number,
            "assessment_ref": assessment_ref,
            "included": [r["number"] for r in rules if r.get("included", True)],
        },
    )
    return version


@transaction.atomic
def handbook_adopt(*, version: HandbookVersion, actor: User) -> PolicySite:
    """An owner makes ``version`` the organisation's rules in force, the one sent to staff."""
    organization_owner_require(actor, version.organization)
    site = _locked_site(version.organization)
    return _site_pointer_set(
        site, pointer="handbook_adopted_version", version=version, actor=actor, action="handbook.adopt"
    )


def _enqueue_mail(recipient_ids: list[int], kind: str) -> None:
    from .tasks import handbook_mail_send

    if recipient_ids:
        transaction.on_commit(lambda: handbook_mail_send.enqueue(recipient_ids, kind))


@transaction.atomic
def handbook_recipients_add(
    *, version: HandbookVersion, emails: list[str], actor: User, now: dt.datetime | None = None
) -> tuple[list[HandbookRecipient], list[str]]:
    """An owner asks each address to read and confirm ``version``; mails go out from a task after commit.

    Returns (new recipients, addresses skipped because they were already asked
    for this version). Only the adopted version can be sent.
    """
    organization_owner_require(actor, version.organization)
    site = _locked_site(version.organization)
    if site.handbook_adopted_version_id != version.pk:
        raise ServiceError(_("送れるのは、採用中の版だけです。先にこの版を採用してください。"))
    if len(emails) > MAX_ADDRESSES_PER_SEND:
        raise ServiceError(_("一度に送れるのは %(max)d 件までです。") % {"max": MAX_ADDRESSES_PER_SEND})
    now = now or timezone.now()
    existing = set(version.recipients.filter(email__in=emails).values_list("email", flat=True))
    created: list[HandbookRecipient] = []
    for email in emails:
        if email in existing:
            continue
        recipient = HandbookRecipient.objects.create(
            version=version, email=email, created_by=actor, last_sent_at=now, send_count=1
        )
        audit_record(
            actor=actor,
            action="handbook.ack_request",
            target=recipient,
            after={"email": email, "version": version.pk},
        )
        created.append(recipient)
    _enqueue_mail([r.pk for r in created], "request")
    return created, sorted(existing)


@transaction.atomic
def handbook_remind(
    *,
    version: HandbookVersion,
    recipients: list[HandbookRecipient],
    actor: User,
    now: dt.datetime | None = None,
) -> list[HandbookRecipient]:
    """An owner mails a reminder to each unconfirmed recipient of ``version`` not reminded in the last day.

    Returns those reminded. Recipients of another version are ignored, so the owner
    check on ``version`` covers every row written.
    """
    organization_owner_require(actor, version.organization)
    now = now or timezone.now()
    locked = HandbookRecipient.objects.select_for_update().filter(
        pk__in=[r.pk for r in recipients], version=version
    )
    reminded: list[HandbookRecipient] = []
    for recipient in locked:
        if not remind_allowed(
            confirmed_at=recipient.confirmed_at, last_sent_at=recipient.last_sent_at, now=now
        ):
            continue
        before = {"last_sent_at": recipient.last_sent_at, "send_count": recipient.send_count}
        recipient.last_sent_at = now
        recipient.send_count += 1
        recipient.save(update_fields=["last_sent_at", "send_count"])
        audit_record(
            actor=actor,
            action="handbook.ack_remind",
            target=recipient,
            before=before,
            after={"last_sent_at": recipient.last_sent_at, "send_count": recipient.send_count},
        )
        reminded.append(recipient)
    _enqueue_mail([r.pk for r in reminded], "reminder")
    return reminded


@transaction.atomic
def handbook_acknowledge(*, recipient: HandbookRecipient, now: dt.datetime | None = None) -> bool:
    """Record that the recipient read the handbook. Idempotent: True only the first time.

    No account acts: holding the recipient's personal link (its token) is the permission.
    """
    locked = HandbookRecipient.objects.select_for_update().get(pk=recipient.pk)
    if locked.confirmed_at is not None:
        recipient.confirmed_at = locked.confirmed_at
        return False
    locked.confirmed_at = now or timezone.now()
    locked.save(update_fields=["confirmed_at"])
    recipient.confirmed_at = locked.confirmed_at
    audit_record(
        actor=None,
        action="handbook.ack_confirm",
        target=locked,
        after={"email": locked.email, "confirmed_at": locked.confirmed_at},
    )
    return True


def handbook_mail_deliver(recipient_id: int, kind: str) -> bool:
    """Render and queue the request or reminder mail for one recipient; False when no longer needed."""
    recipient = HandbookRecipient.objects.select_related("version__organization").get(pk=recipient_id)
    if recipient.confirmed_at is not None and kind == "reminder":
        return False
    version = recipient.version
    mail_send(
        to=recipient.email,
        template=f"policies/mail/handbook_{'reminder' if kind == 'reminder' else 'request'}",
        context={
            "organization_name": version.organization_name or version.organization.name,
            "version": version,
            "link": settings.SITE_URL.rstrip("/") + recipient.link,
        },
        language=settings.LANGUAGE_CODE,
    )
    return True
