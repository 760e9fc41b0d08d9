"""Way 3: a claim request that staff accept or reject with a reason (the requester is mailed either way)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.core.errors import ServiceError
from secaction.core.services import audit_record, mail_send
from secaction.core.text import name_fold
from secaction.organizations.permissions import staff_require
from secaction.organizations.services import organization_claim
from secaction.organizations.validation import phone_normalize

from ..models import ClaimRequest
from ._common import _claimable, _language, _require_claimant

if TYPE_CHECKING:
    from secaction.accounts.models import User

MESSAGE_MIN_LENGTH = 10
MESSAGE_MAX_LENGTH = 2000


def claim_request_submit(
    user: User, declaration_id: str, *, message: str, contact_name: str, contact_phone: str = ""
) -> ClaimRequest:
    """Ask staff to hand over an imported declaration (e.g. the address on record no longer works).

    One pending request per person and declaration. Audited as ``claim.request_submitted``.
    """
    _require_claimant(user)
    declaration = _claimable(user, declaration_id, action="claim.request_refused")
    errors: dict[str, Any] = {}
    message = (message or "").strip()
    if len(message) < MESSAGE_MIN_LENGTH:
        errors["message"] = _(
            "事務局が確認できるよう、どなたか(会社名・お名前・部署)と、連絡先が変わった理由を%(count)d文字以上で書いてください。"
        ) % {"count": MESSAGE_MIN_LENGTH}
    elif len(message) > MESSAGE_MAX_LENGTH:
        errors["message"] = _("%(count)d文字以内で書いてください。") % {"count": MESSAGE_MAX_LENGTH}
    contact_name = name_fold(contact_name or "")
    if not contact_name:
        errors["contact_name"] = _("お名前を入力してください。")
    if contact_phone.strip():
        try:
            contact_phone = phone_normalize(contact_phone)
        except ValueError as exc:
            errors["contact_phone"] = str(exc)
    if errors:
        raise ServiceError(errors)
    if ClaimRequest.objects.filter(
        declaration=declaration, requested_by=user, status=ClaimRequest.Status.PENDING
    ).exists():
        raise ServiceError(
            {"declaration_id": _("この宣言の引き継ぎは既に申請済みです。事務局からの連絡をお待ちください。")}
        )
    try:
        with transaction.atomic():
            request = ClaimRequest.objects.create(
                declaration=declaration,
                requested_by=user,
                message=message,
                contact_name=contact_name,
                contact_phone=contact_phone.strip(),
            )
            audit_record(
                actor=user,
                action="claim.request_submitted",
                target=request,
                after={"declaration": declaration.declaration_id, "requested_by": user.pk},
            )
    except IntegrityError as exc:  # the same request sent twice at once
        raise ServiceError(
            {"declaration_id": _("この宣言の引き継ぎは既に申請済みです。事務局からの連絡をお待ちください。")}
        ) from exc
    return request


def _decide(staff: User, claim_request: ClaimRequest) -> ClaimRequest:
    staff_require(staff)
    locked = ClaimRequest.objects.select_for_update().select_related(
        "declaration__organization", "requested_by"
    )
    row = locked.get(pk=claim_request.pk)
    if row.status != ClaimRequest.Status.PENDING:
        raise ServiceError(_("この申請は既に対応済みです。"))
    return row


def _decision_mail(row: ClaimRequest) -> None:
    mail_send(
        to=row.requested_by.email,
        template=f"identity/mail/claim_request_{row.status}",
        language=_language(row.requested_by),
        context={
            "declaration_id": row.declaration.declaration_id,
            "organization_name": row.declaration.organization.name,
            "reason": row.reason,
        },
    )


def claim_request_accept(staff: User, claim_request: ClaimRequest, *, reason: str) -> ClaimRequest:
    """Staff hand the declaration's organisation to the requester (who becomes its owner), and mail them."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError({"reason": _("確認した内容(理由)を書いてください。")})
    with transaction.atomic():
        row = _decide(staff, claim_request)
        organization_claim(row.requested_by, row.declaration.organization, method="staff", message=reason)
        _decision_record(staff, row, ClaimRequest.Status.ACCEPTED, reason, "claim.request_accepted")
    return row


def claim_request_reject(staff: User, claim_request: ClaimRequest, *, reason: str) -> ClaimRequest:
    """Staff refuse a claim request with a reason the requester reads in the mail."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError({"reason": _("申請者に伝える理由を書いてください。")})
    with transaction.atomic():
        row = _decide(staff, claim_request)
        _decision_record(staff, row, ClaimRequest.Status.REJECTED, reason, "claim.request_rejected")
    return row


def _decision_record(staff: User, row: ClaimRequest, status: str, reason: str, action: str) -> None:
    """Store staff's decision on the request, audit it and mail the requester (inside the caller's transaction)."""
    row.status, row.decided_by, row.decided_at, row.reason = status, staff, timezone.now(), reason
    row.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    audit_record(actor=staff, action=action, target=row, after={"status": row.status}, message=reason)
    _decision_mail(row)
