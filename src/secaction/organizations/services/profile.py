"""Registering and changing an organisation; staff deactivation and reactivation. Every change is audited."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secaction.core.errors import ServiceError
from secaction.core.services import audit_record, model_snapshot

from .. import selectors
from ..models import Membership, Organization
from ..permissions import organization_owner_require, staff_require
from ..validation import organization_data_clean
from .changes import (
    _identity_change_pending_supersede,
    _identity_changes_of,
    _verified_number_guard,
    identity_change_submit,
)

if TYPE_CHECKING:
    from secaction.accounts.models import User

DUPLICATE_CORPORATE_NUMBER = gettext_lazy(
    "この法人番号の事業者は既に登録されています。同じ会社の方が登録済みの場合は、"
    "その方(管理者)からメンバーとして招待してもらってください。"
)


def _duplicate_error() -> ServiceError:
    return ServiceError({"corporate_number": ServiceError(DUPLICATE_CORPORATE_NUMBER, code="duplicate")})


def organization_register(user: User, data: Mapping[str, Any]) -> Organization:
    """Create an organisation with ``user`` as its owner.

    Open to any signed-in person (no membership to check). Refuses (``ServiceError``) a 法人番号 that an active organisation already
    has, also when two registrations race, and a user who already belongs to
    an organisation.
    """
    cleaned = organization_data_clean(data)
    if selectors.membership_for_user(user) is not None:
        raise ServiceError(_("既に事業者に所属しています。1つのアカウントで登録できる事業者は1つです。"))
    if selectors.organization_by_corporate_number(cleaned["corporate_number"]):
        raise _duplicate_error()
    organization = Organization(**cleaned)
    organization.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            organization.save()
            membership = Membership.objects.create(
                organization=organization, user=user, role=Membership.Role.OWNER
            )
            audit_record(
                actor=user,
                action="organization.register",
                target=organization,
                after=model_snapshot(organization),
            )
            audit_record(
                actor=user, action="membership.create", target=membership, after=model_snapshot(membership)
            )
    except IntegrityError as exc:
        # Another registration with the same 法人番号 committed between our check and our insert.
        if selectors.organization_by_corporate_number(cleaned["corporate_number"]):
            raise _duplicate_error() from exc
        raise
    return organization


def organization_update(actor: User, organization: Organization, data: Mapping[str, Any]) -> Organization:
    """Change an organisation's profile; only its owner may. Audited with before/after.

    While the organisation has an active declaration, a change of its identity (legal name, フリガナ,
    事業形態, 法人番号; ``changes.IDENTITY_FIELDS``) does not apply: it is queued for staff as an
    ``IdentityChangeRequest`` (``changes.identity_change_submit``) and the other fields change at once.
    Without an active declaration everything changes at once (and a pending request, now stale, is
    withdrawn). A GビズID-verified 法人番号 is never changed here (field-keyed ``ServiceError``).
    The caller finds a queued request with ``selectors.identity_change_pending``.
    """
    organization_owner_require(actor, organization)
    cleaned = organization_data_clean(data)
    # Compared with the stored row, not the instance: a ModelForm has already written its values on it.
    current = Organization.objects.get(pk=organization.pk)
    changes = _identity_changes_of(current, cleaned)
    _verified_number_guard(current, changes)
    # Only a new number is checked: a verified organisation may share its number with an unverified
    # holder until staff resolve the conflict, and must still be able to change its address.
    if "corporate_number" in changes and selectors.organization_by_corporate_number(
        cleaned["corporate_number"], exclude_pk=organization.pk
    ):
        raise _duplicate_error()
    queued = changes if (changes and selectors.organization_declaration_is_active(organization)) else {}
    before = model_snapshot(current)
    for key, value in cleaned.items():
        setattr(organization, key, getattr(current, key) if key in queued else value)
    organization.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            organization.save()
            audit_record(
                actor=actor,
                action="organization.update",
                target=organization,
                before=before,
                after=model_snapshot(organization),
            )
            if queued:
                identity_change_submit(actor, organization, queued)
            elif changes:
                _identity_change_pending_supersede(actor, organization, "superseded by a direct change")
    except IntegrityError as exc:
        organization.refresh_from_db()
        if selectors.organization_by_corporate_number(
            cleaned["corporate_number"], exclude_pk=organization.pk
        ):
            raise _duplicate_error() from exc
        raise
    return organization


def organization_deactivate(actor: User, organization: Organization, *, reason: str) -> Organization:
    """Staff take an organisation out of use (a fraudulent or duplicate registration, a closed business).

    The row and its memberships stay; members lose access because every permission
    check requires an active organisation. ``reason`` is required and kept in the audit
    log. Deactivating twice is harmless.
    """
    staff_require(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError({"reason": _("無効にする理由を入力してください。")})
    if organization.is_active:
        with transaction.atomic():
            organization.is_active = False
            organization.save(update_fields=["is_active", "updated_at"])
            audit_record(
                actor=actor,
                action="organization.deactivate",
                target=organization,
                before={"is_active": True},
                after={"is_active": False},
                message=reason,
            )
    return organization


def organization_reactivate(actor: User, organization: Organization, *, reason: str) -> Organization:
    """Staff put a deactivated organisation back into use.

    Refused when another active organisation has the same 法人番号 (one active
    organisation per 法人番号, as on the site).
    """
    staff_require(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError({"reason": _("有効に戻す理由を入力してください。")})
    if organization.is_active:
        return organization
    if organization.corporate_number and selectors.organization_by_corporate_number(
        organization.corporate_number, exclude_pk=organization.pk
    ):
        raise _duplicate_error()
    try:
        with transaction.atomic():
            organization.is_active = True
            organization.save(update_fields=["is_active", "updated_at"])
            audit_record(
                actor=actor,
                action="organization.reactivate",
                target=organization,
                before={"is_active": False},
                after={"is_active": True},
                message=reason,
            )
    except IntegrityError as exc:  # another one with this 法人番号 was registered meanwhile
        organization.is_active = False
        raise _duplicate_error() from exc
    return organization
