"""Way 2: a one-time code mailed to the contact address on record (rules in ``identity/codes.py``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.core.errors import ServiceError
from secaction.core.services import audit_record, mail_send
from secaction.declarations.models import Declaration
from secaction.organizations.models import Membership
from secaction.organizations.services import organization_claim

from .. import codes
from ..models import ClaimCode
from ._common import _claimable, _language, _refuse, _require_claimant

if TYPE_CHECKING:
    from secaction.accounts.models import User


@dataclass(frozen=True)
class CodeSent:
    """What the page shows after a code was sent: never the address itself, only its mask."""

    declaration_id: str
    masked_email: str
    expires_at: dt.datetime


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
