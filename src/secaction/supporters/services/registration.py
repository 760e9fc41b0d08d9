"""An owner's side of a 普及賛同企業等 registration: apply, resubmit, update the profile, withdraw.

Applying (and applying again) needs an active ★ or ★★ declaration: the programme admits as
supporters only organisations that have declared themselves (docs/supporters.md).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.accounts.models import User
from secaction.core.errors import ServiceError
from secaction.core.services import audit_record, model_snapshot
from secaction.organizations.models import Organization
from secaction.organizations.permissions import organization_owner_require

from ..models import Supporter, SupporterStatus
from ..selectors import supporter_declaration_get
from ..validation import SupporterInput, supporter_input_clean
from ._common import _lock, _record

WITHDRAWABLE = (SupporterStatus.PENDING, SupporterStatus.RETURNED, SupporterStatus.APPROVED)


def _agreement_require(agreed: bool) -> None:
    if not agreed:
        raise ServiceError({"agreed": _("制度の趣旨への賛同にチェックを入れてください。")}, code="agreement")


def _declaration_require(organization: Organization) -> None:
    if supporter_declaration_get(organization) is None:
        raise ServiceError(
            _(
                "普及賛同企業等に申請できるのは、SECURITY ACTION の一つ星または二つ星を宣言している事業者だけです。"
                "先に自己宣言をしてください。"
            ),
            code="not_declared",
        )


def supporter_apply(
    *, organization: Organization, user: User, data: SupporterInput, agreed: bool
) -> Supporter:
    """An owner applies for ``organization`` to become a 普及賛同企業等; it waits for staff review.

    ``agreed`` is the ticked 「制度の趣旨に賛同し、普及促進に取り組みます」. An organisation that
    withdrew earlier applies again on the same row. Raises ``AccessDenied`` for anyone but an
    owner (checked first), ``ServiceError`` when the organisation has no active ★/★★
    declaration, for missing agreement, bad input, or an existing open registration.
    """
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=organization.pk)
        organization_owner_require(user, org)
        clean = supporter_input_clean(data)
        _agreement_require(agreed)
        _declaration_require(org)
        now = timezone.now()
        existing = Supporter.objects.select_for_update().filter(organization=org).first()
        if existing is not None and existing.status != SupporterStatus.WITHDRAWN:
            if existing.status == SupporterStatus.SUSPENDED:
                raise ServiceError(
                    _("この事業者の普及賛同企業等の掲載は停止されています。事務局にお問い合わせください。"),
                    code="suspended",
                )
            raise ServiceError(
                _("この事業者は既に普及賛同企業等として申請しています。状況を確認してください。"),
                code="exists",
            )
        supporter = existing or Supporter(organization=org)
        before = model_snapshot(supporter) if existing else {}
        supporter.kind = clean.kind
        supporter.description = clean.description
        supporter.contact = clean.contact
        supporter.website = clean.website
        supporter.status = SupporterStatus.PENDING
        supporter.status_reason = ""
        supporter.agreed_at = now
        supporter.agreed_by = user
        supporter.applied_at = now
        supporter.reviewed_at = None
        supporter.reviewed_by = None
        supporter.save()
        _record(supporter, user, "apply", before)
    return supporter


def supporter_update(*, supporter: Supporter, user: User, data: SupporterInput) -> Supporter:
    """An owner changes the public profile (kind, description, contact, website) without a new review."""
    with transaction.atomic():
        sup = _lock(supporter)
        organization_owner_require(user, sup.organization)
        clean = supporter_input_clean(data)
        if sup.status not in (SupporterStatus.PENDING, SupporterStatus.APPROVED):
            raise ServiceError(_("この状態では掲載内容を変更できません。"), code="state")
        before = model_snapshot(sup)
        sup.kind, sup.description, sup.contact, sup.website = (
            clean.kind,
            clean.description,
            clean.contact,
            clean.website,
        )
        sup.save()
        audit_record(
            actor=user, action="supporter.update", target=sup, before=before, after=model_snapshot(sup)
        )
    return sup


def supporter_resubmit(*, supporter: Supporter, user: User, data: SupporterInput, agreed: bool) -> Supporter:
    """An owner sends a RETURNED application again after correcting it; it goes back to PENDING.

    Like applying, it needs the organisation's active ★/★★ declaration.
    """
    with transaction.atomic():
        sup = _lock(supporter)
        organization_owner_require(user, sup.organization)
        clean = supporter_input_clean(data)
        _agreement_require(agreed)
        if sup.status != SupporterStatus.RETURNED:
            raise ServiceError(_("この申請は差し戻されていないため、再申請できません。"), code="state")
        _declaration_require(sup.organization)
        before = model_snapshot(sup)
        now = timezone.now()
        sup.kind, sup.description, sup.contact, sup.website = (
            clean.kind,
            clean.description,
            clean.contact,
            clean.website,
        )
        sup.status = SupporterStatus.PENDING
        sup.agreed_at = now
        sup.agreed_by = user
        sup.applied_at = now
        sup.save()
        _record(sup, user, "resubmit", before)
    return sup


def supporter_withdraw(*, supporter: Supporter, user: User, reason: str = "") -> Supporter:
    """An owner ends the registration; the record and its offers are kept but no longer shown."""
    with transaction.atomic():
        sup = _lock(supporter)
        organization_owner_require(user, sup.organization)
        if sup.status not in WITHDRAWABLE:
            raise ServiceError(_("この状態の登録は取り下げられません。"), code="state")
        before = model_snapshot(sup)
        sup.status = SupporterStatus.WITHDRAWN
        sup.status_reason = (reason or "").strip()
        sup.save()
        _record(sup, user, "withdraw", before, message=sup.status_reason)
    return sup
