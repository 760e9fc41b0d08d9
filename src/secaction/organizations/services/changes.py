"""Changes of legal name, フリガナ, 事業形態 or 法人番号 that wait for staff while a declaration is active.

The public registry shows the organisation's own fields, so a change of who the declarer *is* must not go
live unchecked once the organisation has declared: ``organization_update`` keeps those fields and calls
``identity_change_submit`` here, which queues an ``IdentityChangeRequest``; staff accept or reject it in the
back office. One pending request per organisation: a newer change replaces the pending one (withdrawn,
audited), so the queue always holds what the owner asked last. A change that comes verified from GビズID
(``organizations.services.organization_identity_sync``) bypasses the queue. Every step is audited; the owners are
mailed the decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secaction.core.errors import ServiceError
from secaction.core.services import audit_record, mail_send, model_snapshot

from .. import selectors
from ..models import IdentityChangeRequest, Organization
from ..permissions import organization_owner_require, staff_require
from ..validation import ORGANIZATION_FIELDS, organization_data_clean

if TYPE_CHECKING:
    from secaction.accounts.models import User

# The fields that say who the declarer is. 事業形態 belongs with them: it decides whether a 法人番号 is held,
# so it cannot go live while the 法人番号 waits (a 個人事業主 with a 法人番号 would be published).
IDENTITY_FIELDS = ("entity_type", "name", "name_kana", "corporate_number")

VERIFIED_NUMBER_FIXED = gettext_lazy(
    "この法人番号はGビズIDで確認済みのため、変更できません。"
    "法人番号が変わった場合は、プログラム事務局にお問い合わせください。"
)

Status = IdentityChangeRequest.Status
NAME_MAX_LENGTH = 200  # Organization.name's max_length


def _identity_changes_of(organization: Organization, cleaned: Mapping[str, Any]) -> dict[str, Any]:
    """The identity fields whose cleaned value differs from the organisation's: ``{field: new value}``."""
    return {
        field: cleaned[field]
        for field in IDENTITY_FIELDS
        if field in cleaned and cleaned[field] != getattr(organization, field)
    }


def _verified_number_guard(organization: Organization, changes: Mapping[str, Any]) -> None:
    """Refuse (field-keyed ``ServiceError``) a change of a GビズID-verified organisation's 法人番号."""
    if organization.is_identity_verified and "corporate_number" in changes:
        raise ServiceError({"corporate_number": ServiceError(VERIFIED_NUMBER_FIXED, code="verified")})


def _withdraw(actor: User | None, change: IdentityChangeRequest, message: str) -> None:
    change.status = Status.WITHDRAWN
    change.decided_at = timezone.now()
    change.decided_by = actor
    change.save(update_fields=["status", "decided_at", "decided_by"])
    audit_record(
        actor=actor,
        action="identity_change.withdraw",
        target=change,
        before={"status": Status.PENDING},
        after={"status": Status.WITHDRAWN},
        message=message,
    )


def identity_change_submit(
    actor: User, organization: Organization, changes: Mapping[str, Any]
) -> IdentityChangeRequest:
    """Queue ``changes`` (identity fields → new values, already cleaned) for staff; the organisation keeps its values.

    Called by ``organization_update`` inside its transaction; the values are checked again here (field-keyed
    ``ServiceError``), so another caller gets the same rules. A pending request with the same changes is kept as it is; a different one is withdrawn and replaced.
    """
    organization_owner_require(actor, organization)
    requested = {field: changes[field] for field in IDENTITY_FIELDS if field in changes}
    if not requested:
        raise ServiceError(_("事業者名・フリガナ・事業形態・法人番号のいずれかの変更を入力してください。"))
    after = _changed_values_clean(organization, requested)  # idempotent for organization_update's values
    _verified_number_guard(organization, _identity_changes_of(organization, after))
    before = {field: getattr(organization, field) for field in after}
    with transaction.atomic():
        pending = (
            IdentityChangeRequest.objects.select_for_update()
            .filter(organization=organization, status=Status.PENDING)
            .first()
        )
        if pending is not None:
            if pending.after == after:
                return pending
            _withdraw(actor, pending, "replaced by a newer change request")
        change = IdentityChangeRequest.objects.create(
            organization=organization, requested_by=actor, before=before, after=after
        )
        audit_record(actor=actor, action="identity_change.request", target=change, before=before, after=after)
    return change


def _identity_change_pending_supersede(actor: User | None, organization: Organization, message: str) -> None:
    """Withdraw the pending request, if any, because the identity fields changed by another way.

    Called by the services that change those fields without the queue (the owner while no declaration is
    active, a GビズID sync), so that staff never apply a stale request over the newer values.
    """
    for change in IdentityChangeRequest.objects.filter(organization=organization, status=Status.PENDING):
        _withdraw(actor, change, message)


def identity_change_withdraw(actor: User, change: IdentityChangeRequest) -> IdentityChangeRequest:
    """The owner takes back their pending request; the organisation keeps its current values."""
    organization_owner_require(actor, change.organization)
    with transaction.atomic():
        change = IdentityChangeRequest.objects.select_for_update().get(pk=change.pk)
        if change.status != Status.PENDING:
            raise ServiceError(_("この申請は既に対応済みか、取り下げ済みです。"))
        _withdraw(actor, change, "withdrawn by the owner")
    return change


def _changed_values_clean(organization: Organization, after: Mapping[str, Any]) -> dict[str, Any]:
    """Validate the requested values again with the organisation's other fields (the rules may have changed).

    Only errors about the requested fields count: an old value elsewhere that today's rules refuse is not
    the request's fault, and the requested values were already cleaned when they were asked.
    """
    data = {field: getattr(organization, field) for field in ORGANIZATION_FIELDS} | dict(after)
    try:
        cleaned = organization_data_clean(data)
    except ServiceError as exc:
        errors = {k: v for k, v in getattr(exc, "error_dict", {}).items() if k in after}
        if errors or not hasattr(exc, "error_dict"):
            raise ServiceError(errors or exc.messages) from exc
        return dict(after)
    return {field: cleaned[field] for field in after}


def _duplicate_error() -> ServiceError:
    from .profile import _duplicate_error as duplicate  # profile imports this module

    return duplicate()


def _owners_mail(change: IdentityChangeRequest, template: str) -> None:
    organization = change.organization
    for owner in selectors.organization_owners(organization.pk):
        mail_send(
            to=owner.email,
            template=template,
            language=owner.language or settings.LANGUAGE_CODE,
            context={
                "organization_name": organization.name,
                "rows": selectors.identity_change_rows(change),
                "reason": change.reason,
                "profile_url": settings.SITE_URL + reverse("organizations:edit"),
            },
        )


def identity_change_accept(actor: User, change: IdentityChangeRequest, reason: str = "") -> Organization:
    """Staff accept a pending request: its values are checked again, applied and published; owners mailed.

    Refused when the request is no longer pending, a value breaks today's rules (check digit, kana), the
    new 法人番号 is held by another active organisation, or the organisation's 法人番号 was verified by
    GビズID meanwhile. The organisation's change is audited as ``organization.update`` with before/after.
    """
    staff_require(actor)
    try:
        with transaction.atomic():
            change = IdentityChangeRequest.objects.select_for_update().get(pk=change.pk)
            if change.status != Status.PENDING:
                raise ServiceError(_("この申請は既に対応済みか、取り下げ済みです。"))
            organization = Organization.objects.select_for_update().get(pk=change.organization_id)
            values = _changed_values_clean(organization, change.after)
            _verified_number_guard(organization, _identity_changes_of(organization, values))
            number = values.get("corporate_number", organization.corporate_number)
            if number != organization.corporate_number and selectors.organization_by_corporate_number(
                number, exclude_pk=organization.pk
            ):
                raise _duplicate_error()
            before = model_snapshot(organization)
            for field, value in values.items():
                setattr(organization, field, value)
            # Only the requested fields are checked: an old value elsewhere must not block the request.
            others = [f.name for f in Organization._meta.concrete_fields if f.name not in values]
            try:
                organization.full_clean(exclude=others, validate_constraints=False)
            except ValidationError as exc:
                raise ServiceError(exc.message_dict) from exc
            organization.save()  # the registry's read model follows through its post_save signal
            audit_record(
                actor=actor,
                action="organization.update",
                target=organization,
                before=before,
                after=model_snapshot(organization),
                message=f"identity change request {change.pk} accepted",
            )
            change.status = Status.ACCEPTED
            change.decided_by = actor
            change.decided_at = timezone.now()
            change.reason = (reason or "").strip()
            change.save(update_fields=["status", "decided_by", "decided_at", "reason"])
            change.organization = organization
            audit_record(
                actor=actor,
                action="identity_change.accept",
                target=change,
                before={"status": Status.PENDING},
                after={"status": Status.ACCEPTED},
                message=change.reason,
            )
            _owners_mail(change, "organizations/mail/identity_change_accepted")
    except IntegrityError as exc:  # another organisation took the 法人番号 between the check and the save
        raise _duplicate_error() from exc
    return organization


def identity_change_reject(actor: User, change: IdentityChangeRequest, reason: str) -> IdentityChangeRequest:
    """Staff reject a pending request with a reason the owners are mailed; the organisation is unchanged."""
    staff_require(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError({"reason": _("却下の理由を入力してください。申請者へのメールに載ります。")})
    with transaction.atomic():
        change = IdentityChangeRequest.objects.select_for_update().get(pk=change.pk)
        if change.status != Status.PENDING:
            raise ServiceError(_("この申請は既に対応済みか、取り下げ済みです。"))
        change.status = Status.REJECTED
        change.decided_by = actor
        change.decided_at = timezone.now()
        change.reason = reason
        change.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        audit_record(
            actor=actor,
            action="identity_change.reject",
            target=change,
            before={"status": Status.PENDING},
            after={"status": Status.REJECTED},
            message=reason,
        )
        _owners_mail(change, "organizations/mail/identity_change_rejected")
    return change
