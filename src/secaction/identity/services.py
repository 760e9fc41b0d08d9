"""Taking over declarations imported from the older system (docs/identity.md).

Three ways, each audited as ``claim.*`` (the code itself is never stored or logged, only its hash):

- ``claim_gbizid_apply``: the person's GビズID 法人番号 matches an unclaimed imported organisation;
- ``claim_code_request`` / ``claim_code_confirm``: a one-time code mailed to the contact address on record;
- ``claim_request_submit`` then ``claim_request_accept`` / ``claim_request_reject``: staff decide.

Only a signed-in person with no organisation may claim (``AccessDenied`` otherwise: someone who already
acts for an organisation has no business taking over another one); only staff decide requests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.accounts.selectors import gbiz_claims_for_user
from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.services import audit_record, mail_send
from secaction.core.text import name_fold
from secaction.declarations.ids import DeclarationIdError, declaration_id_normalize
from secaction.declarations.models import Declaration
from secaction.organizations.models import Membership, Organization
from secaction.organizations.permissions import staff_require
from secaction.organizations.selectors import membership_for_user
from secaction.organizations.services import organization_claim
from secaction.organizations.validation import phone_normalize

from . import codes, selectors
from .models import ClaimCode, ClaimRequest

if TYPE_CHECKING:
    from secaction.accounts.models import User

MESSAGE_MIN_LENGTH = 10
MESSAGE_MAX_LENGTH = 2000


@dataclass(frozen=True)
class CodeSent:
    """What the page shows after a code was sent: never the address itself, only its mask."""

    declaration_id: str
    masked_email: str
    expires_at: dt.datetime


def _language(user: User) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _require_claimant(user: User) -> None:
    """Only a signed-in person without an organisation may take one over."""
    if not getattr(user, "is_authenticated", False):
        raise AccessDenied(_("ログインしてください。"))
    if membership_for_user(user) is not None:
        raise AccessDenied(
            _(
                "既に事業者に所属しているため、宣言を引き継げません。1つのアカウントで登録できる事業者は1つです。"
                "別の事業者の宣言を引き継ぐには、その事業者用のアカウントでログインしてください。"
            )
        )


def _refuse(user: User, action: str, typed: str, reason: str, message: str, field: str) -> ServiceError:
    """Audit a refused attempt (what was typed, why) and return the error to raise."""
    audit_record(
        actor=user,
        action=action,
        object_type="declarations.declaration",
        object_id=typed[:40],
        after={"refused": reason},
    )
    return ServiceError({field: message})


def _claimable(user: User, typed_id: str, *, action: str, field: str = "declaration_id") -> Declaration:
    """The imported, unclaimed declaration with the typed ID; refusals are audited under ``action``.

    The messages never show the address on record and say where to go next (the staff-reviewed claim).
    """
    try:
        declaration_id = declaration_id_normalize(typed_id)
    except DeclarationIdError as exc:
        raise _refuse(user, action, typed_id.strip(), f"malformed:{exc.code}", str(exc), field) from exc
    declaration = selectors.declaration_imported_get(declaration_id)
    if declaration is None:
        raise _refuse(
            user,
            action,
            declaration_id,
            "not_found",
            _(
                "この宣言IDの宣言は見つかりませんでした。番号をもう一度確認してください。"
                "お手元の番号で見つからない場合は、事務局に引き継ぎを申請してください。"
            ),
            field,
        )
    if not declaration.imported:
        raise _refuse(
            user,
            action,
            declaration_id,
            "not_imported",
            _(
                "この宣言は本ポータルで申し込まれたもので、引き継ぎの手続きはありません。"
                "同じ会社の管理者の方に、メンバーとして招待してもらってください。"
            ),
            field,
        )
    organization = declaration.organization
    if not organization.is_active:
        raise _refuse(
            user,
            action,
            declaration_id,
            "inactive",
            _("この宣言の事業者は無効になっています。事務局にお問い合わせください。"),
            field,
        )
    if not selectors.organization_is_unclaimed(organization):
        raise _refuse(
            user,
            action,
            declaration_id,
            "claimed",
            _(
                "この宣言は既に引き継がれています。同じ会社の方が引き継ぎ済みの場合は、その方からメンバーとして招待してもらってください。"
                "心当たりがない場合は、事務局に引き継ぎを申請してください。"
            ),
            field,
        )
    return declaration


def claim_code_request(user: User, declaration_id: str) -> CodeSent:
    """Mail a new one-time code to the contact address on record of an imported declaration.

    Never to an address the person types. The code expires after ``codes.CODE_LIFETIME``, replaces the
    person's older codes for the declaration, and is limited per declaration, per address and per person
    (``codes.CODES_PER_*`` in ``codes.RATE_WINDOW``); a refusal says how long to wait.
    """
    _require_claimant(user)
    declaration = _claimable(user, declaration_id, action="claim.code_refused")
    assert declaration.declaration_id is not None  # an imported declaration always has its ID
    email = declaration.organization.contact_email.strip()
    if not email:
        raise _refuse(
            user,
            "claim.code_refused",
            declaration.declaration_id,
            "no_address",
            _(
                "この宣言には連絡先メールアドレスが登録されていないため、確認コードを送れません。"
                "お手数ですが、事務局に引き継ぎを申請してください。"
            ),
            "declaration_id",
        )
    with transaction.atomic():
        # Lock the declaration so two requests at once cannot both pass the limits.
        Declaration.objects.select_for_update().filter(pk=declaration.pk).first()
        now = timezone.now()
        since = now - codes.RATE_WINDOW
        recent = ClaimCode.objects.filter(created_at__gt=since)
        limits = (
            ("declaration", recent.filter(declaration=declaration), codes.CODES_PER_DECLARATION),
            ("address", recent.filter(email__iexact=email), codes.CODES_PER_ADDRESS),
            ("user", recent.filter(requested_by=user), codes.CODES_PER_USER),
        )
        for scope, rows, limit in limits:
            wait = codes.rate_limit_wait(rows.values_list("created_at", flat=True), limit, now)
            if wait is not None:
                error = _refuse(
                    user,
                    "claim.code_refused",
                    declaration.declaration_id,
                    f"rate_limited:{scope}",
                    _(
                        "確認コードの送信が続いたため、しばらく送信できません。%(minutes)d分ほど待ってから、もう一度お試しください。"
                    )
                    % {"minutes": codes.minutes_ceil(wait)},
                    "declaration_id",
                )
                break
        else:
            error = None
    if error is not None:
        raise error  # outside the block: the audit of the refusal stays
    with transaction.atomic():
        now = timezone.now()
        ClaimCode.objects.filter(
            declaration=declaration, requested_by=user, used_at__isnull=True, invalidated_at__isnull=True
        ).update(invalidated_at=now)
        code = codes.code_generate()
        row = ClaimCode.objects.create(
            declaration=declaration,
            email=email,
            code_hash=codes.code_hash(code, declaration_pk=declaration.pk, user_pk=user.pk),
            requested_by=user,
            expires_at=codes.code_expires_at(now),
        )
        masked = codes.email_mask(email)
        audit_record(
            actor=user,
            action="claim.code_requested",
            target=declaration,
            after={"claim_code": row.pk, "sent_to": masked, "expires_at": row.expires_at},
        )
        mail_send(
            to=email,
            template="identity/mail/claim_code",
            language=_language(user),
            context={
                "code": code,
                "declaration_id": declaration.declaration_id,
                "organization_name": declaration.organization.name,
                "requester_email": user.email,
                "expires_at": row.expires_at,
                "minutes": int(codes.CODE_LIFETIME.total_seconds() // 60),
            },
        )
    return CodeSent(declaration.declaration_id, masked, row.expires_at)


def claim_code_confirm(user: User, declaration_id: str, code: str) -> Membership:
    """Take over the declaration's organisation with the right code: the person becomes its owner.

    A wrong code counts one try; after ``codes.CODE_MAX_ATTEMPTS`` the code is invalidated. An expired,
    used or replaced code does not work. Audited as ``claim.code_failed`` / ``claim.code_succeeded``.
    """
    _require_claimant(user)
    declaration = _claimable(user, declaration_id, action="claim.code_failed")
    failure = ""
    with transaction.atomic():
        now = timezone.now()
        row = (
            ClaimCode.objects.select_for_update()
            .filter(
                declaration=declaration, requested_by=user, used_at__isnull=True, invalidated_at__isnull=True
            )
            .order_by("-created_at", "-id")
            .first()
        )
        if row is None:
            failure = "no_code"
            message = _("有効な確認コードがありません。もう一度、確認コードを送ってください。")
        elif codes.code_is_expired(row.expires_at, now):
            failure = "expired"
            row.invalidated_at = now
            row.save(update_fields=["invalidated_at"])
            message = _("確認コードの有効期限(15分)が切れました。もう一度、確認コードを送ってください。")
        elif codes.code_matches(code, row.code_hash, declaration_pk=declaration.pk, user_pk=user.pk):
            row.used_at = now
            row.save(update_fields=["used_at"])
            membership = organization_claim(user, declaration.organization, method="code")
            audit_record(
                actor=user, action="claim.code_succeeded", target=declaration, after={"claim_code": row.pk}
            )
            return membership
        else:
            row.attempts += 1
            left = codes.attempts_left(row.attempts)
            if left == 0:
                row.invalidated_at = now
                failure = "wrong_code_invalidated"
                message = _(
                    "確認コードが違います。入力できる回数を超えたため、このコードは使えなくなりました。"
                    "もう一度、確認コードを送ってください。"
                )
            else:
                failure = "wrong_code"
                message = _("確認コードが違います。あと%(left)d回入力できます。") % {"left": left}
            row.save(update_fields=["attempts", "invalidated_at"])
        audit_record(
            actor=user,
            action="claim.code_failed",
            target=declaration,
            after={"refused": failure, "claim_code": row.pk if row else None},
        )
    raise ServiceError({"code": message})


def claim_gbizid_apply(user: User) -> Membership | None:
    """Take over the unclaimed imported organisation whose 法人番号 the person's GビズID verified.

    The proof is the GビズID claims of the person's latest sign-in (an accepted account type, a 法人番号);
    None when there is nothing to take over. Audited as ``claim.gbizid``. For the GビズID landing page.
    """
    _require_claimant(user)
    claims = gbiz_claims_for_user(user)
    if claims is None or not claims.is_accepted or not claims.corporate_number:
        return None
    candidates = Organization.objects.filter(
        corporate_number=claims.corporate_number, is_active=True, declarations__imported=True
    ).distinct()
    for organization in candidates:
        if selectors.organization_is_unclaimed(organization):
            membership = organization_claim(user, organization, method="gbizid")
            audit_record(
                actor=user,
                action="claim.gbizid",
                target=organization,
                after={"corporate_number": claims.corporate_number},
            )
            return membership
    return None


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
        row.status, row.decided_by, row.decided_at, row.reason = (
            ClaimRequest.Status.ACCEPTED,
            staff,
            timezone.now(),
            reason,
        )
        row.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        audit_record(
            actor=staff,
            action="claim.request_accepted",
            target=row,
            after={"status": row.status},
            message=reason,
        )
        _decision_mail(row)
    return row


def claim_request_reject(staff: User, claim_request: ClaimRequest, *, reason: str) -> ClaimRequest:
    """Staff refuse a claim request with a reason the requester reads in the mail."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError({"reason": _("申請者に伝える理由を書いてください。")})
    with transaction.atomic():
        row = _decide(staff, claim_request)
        row.status, row.decided_by, row.decided_at, row.reason = (
            ClaimRequest.Status.REJECTED,
            staff,
            timezone.now(),
            reason,
        )
        row.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        audit_record(
            actor=staff,
            action="claim.request_rejected",
            target=row,
            after={"status": row.status},
            message=reason,
        )
        _decision_mail(row)
    return row
