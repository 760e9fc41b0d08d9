"""Who an organisation is: taking over an ownerless organisation (imported from the older system).

GビズID-verified registration and the conflicts between a verified and an unverified holder of one
法人番号 live here too (docs/identity.md).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secaction.accounts.gbiz import CorporateType, GbizClaims
from secaction.accounts.selectors import gbiz_claims_for_user
from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.public_text import public_text_problem
from secaction.core.services import audit_record, model_snapshot
from secaction.core.text import name_fold

from .. import selectors
from ..choices import EntityType
from ..models import Membership, Organization
from ..permissions import organization_member_require, organization_owner_require
from ..validation import katakana_normalize, organization_data_clean
from .changes import NAME_MAX_LENGTH, _identity_change_pending_supersede
from .conflicts import identity_conflict_detect

if TYPE_CHECKING:
    from secaction.accounts.models import User

CLAIM_METHODS = ("gbizid", "code", "staff")


def organization_claim(
    user: User, organization: Organization, *, method: str, message: str = ""
) -> Membership:
    """Make ``user`` the owner of an organisation that has no active owner (an imported one).

    A primitive for the callers that have checked the proof of ``method`` (``identity.services``: the
    GビズID 法人番号, a one-time code, or a staff decision); it checks only what it can see itself.
    Refuses an organisation that already has an owner (``AccessDenied``), an inactive one and a
    user who already belongs to an organisation (``ServiceError``). Audited as ``organization.claim``.
    """
    if method not in CLAIM_METHODS:
        raise ValueError(f"unknown claim method {method!r}")
    with transaction.atomic():
        # Lock the organisation: two people claiming at once must not both become owner.
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        if not organization.is_active:
            raise ServiceError(_("この事業者は無効になっています。事務局にお問い合わせください。"))
        if organization.memberships.filter(is_active=True, role=Membership.Role.OWNER).exists():
            # Someone else's organisation: taking it over is refused as an access, whatever the proof.
            raise AccessDenied(
                _(
                    "この宣言は既に引き継がれています。同じ会社の方が引き継ぎ済みの場合は、その方からメンバーとして招待してもらってください。"
                )
            )
        if selectors.membership_for_user(user) is not None:
            raise ServiceError(_("既に事業者に所属しています。1つのアカウントで登録できる事業者は1つです。"))
        membership, _created = Membership.objects.update_or_create(
            organization=organization, user=user, defaults={"role": Membership.Role.OWNER, "is_active": True}
        )
        audit_record(
            actor=user,
            action="organization.claim",
            target=organization,
            after={"owner": user.pk, "method": method},
            message=message,
        )
        audit_record(
            actor=user, action="membership.create", target=membership, after=model_snapshot(membership)
        )
    return membership


# ---------------------------------------------------------------------------------------------
# GビズID-verified organisations. The 法人番号 and legal name are always re-read from the claims
# of the person's latest GビズID sign-in, never from a form: a tampered form value changes nothing.

GBIZID = "gbizid"
ALREADY_VERIFIED = gettext_lazy(
    "この法人番号の事業者は、既にGビズIDで確認済みとして登録されています。"
    "同じ会社の方が登録済みの場合は、その方(管理者)からメンバーとして招待してもらってください。"
)


def _accepted_claims(user: User) -> GbizClaims:
    """The claims of the user's latest GビズID sign-in; ``AccessDenied`` without an accepted one."""
    claims = gbiz_claims_for_user(user)
    if claims is None:
        raise AccessDenied(_("GビズIDでログインしてから操作してください。"))
    if not claims.is_accepted:
        raise AccessDenied(
            _(
                "GビズIDエントリーのアカウントでは事業者を確認できません。"
                "GビズIDプライムまたはGビズIDメンバーのアカウントでログインしてください。"
            )
        )
    return claims


def _entity_type_for(claims: GbizClaims) -> str:
    if claims.corporate_number:
        return EntityType.CORPORATION
    if claims.corporate_type is CorporateType.SOLE_PROPRIETOR:
        return EntityType.SOLE_PROPRIETOR
    raise ServiceError(
        _(
            "GビズIDから法人番号を受け取れなかったため、確認済みの事業者として登録できません。"
            "GビズIDのアカウント情報を確認するか、通常の事業者登録をご利用ください。"
        )
    )


def _verified_holder(corporate_number: str, *, exclude_pk: int | None = None) -> Organization | None:
    if not corporate_number:
        return None
    qs = Organization.objects.filter(
        corporate_number=corporate_number, is_active=True, identity_verified_at__isnull=False
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def _already_verified_error() -> ServiceError:
    return ServiceError({"corporate_number": ServiceError(ALREADY_VERIFIED, code="verified")})


def _number_mismatch_error() -> ServiceError:
    return ServiceError(
        _(
            "GビズIDの法人番号と、登録されている事業者の法人番号が一致しません。"
            "GビズIDで確認済みにできるのは、同じ法人番号の事業者だけです。"
        )
    )


def organization_register_verified(user: User, data: Mapping[str, Any]) -> Organization:
    """Register an organisation verified by GビズID, with ``user`` as its owner.

    The entity type, 法人番号 and legal name come from the claims of ``user``'s latest GビズID sign-in
    (whatever ``data`` says); the rest from ``data``. ``AccessDenied`` without an accepted GビズID
    account (プライム/メンバー); ``ServiceError`` when ``user`` already belongs to an organisation or
    an active verified organisation already holds the 法人番号. An unverified holder of the 法人番号
    does not block it: a conflict is opened for staff (``identity_conflict_detect``). Audited as
    ``organization.register_verified``.
    """
    claims = _accepted_claims(user)
    merged = {
        **data,
        "entity_type": _entity_type_for(claims),
        "name": claims.legal_name,
        "corporate_number": claims.corporate_number,
    }
    cleaned = organization_data_clean(merged)
    if selectors.membership_for_user(user) is not None:
        raise ServiceError(_("既に事業者に所属しています。1つのアカウントで登録できる事業者は1つです。"))
    if _verified_holder(cleaned["corporate_number"]):
        raise _already_verified_error()
    organization = Organization(**cleaned, identity_verified_at=timezone.now(), identity_source=GBIZID)
    organization.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            organization.save()
            membership = Membership.objects.create(
                organization=organization, user=user, role=Membership.Role.OWNER
            )
            audit_record(
                actor=user,
                action="organization.register_verified",
                target=organization,
                after=model_snapshot(organization),
                message=f"GビズID {claims.account_type} {claims.subject}",
            )
            audit_record(
                actor=user, action="membership.create", target=membership, after=model_snapshot(membership)
            )
            identity_conflict_detect(organization)  # with the registration, or not at all
    except IntegrityError as exc:
        # Another verified registration with the same 法人番号 committed between our check and insert.
        if _verified_holder(cleaned["corporate_number"]):
            raise _already_verified_error() from exc
        raise
    return organization


def organization_identity_verify(user: User, organization: Organization) -> Organization:
    """Mark ``organization`` verified because its owner signed in with GビズID with the same 法人番号.

    Only an owner may (``AccessDenied``); the claims must be a プライム/メンバー account
    (``AccessDenied``) whose 法人番号 equals the organisation's (``ServiceError``). The legal name is
    taken from GビズID as well. Refused when another active organisation with the 法人番号 is already
    verified. Idempotent. Audited as ``organization.identity_verify``; opens conflicts for an
    unverified holder of the 法人番号.
    """
    organization_owner_require(user, organization)
    claims = _accepted_claims(user)
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        if not claims.corporate_number or organization.corporate_number != claims.corporate_number:
            raise _number_mismatch_error()
        if organization.is_identity_verified:
            return organization
        if _verified_holder(organization.corporate_number, exclude_pk=organization.pk):
            raise _already_verified_error()
        before = model_snapshot(organization)
        organization.identity_verified_at = timezone.now()
        organization.identity_source = GBIZID
        if claims.legal_name:
            organization.name = name_fold(claims.legal_name)
        organization.save(update_fields=["identity_verified_at", "identity_source", "name", "updated_at"])
        audit_record(
            actor=user,
            action="organization.identity_verify",
            target=organization,
            before=before,
            after=model_snapshot(organization),
            message=f"GビズID {claims.account_type} {claims.subject}",
        )
        identity_conflict_detect(organization)
    return organization


def organization_identity_sync(user: User, organization: Organization) -> Organization:
    """Take a verified organisation's legal name and its フリガナ from GビズID at once (no staff queue).

    A change that comes from GビズID is verified by it, so it goes live immediately; nothing is read from
    a form, only the claims of ``user``'s own latest GビズID sign-in. Any active member may bring it
    (``AccessDenied`` otherwise); the claims must be accepted and carry the organisation's 法人番号
    (``ServiceError``). The 法人番号 never changes here. A name GビズID sent that the registry cannot show
    (too long, invisible characters) and a reading that is not kana are left as they are. A pending
    change request is withdrawn (GビズID's values supersede it). Does nothing when nothing changes.
    Audited as ``organization.identity_sync``.
    """
    organization_member_require(user, organization)
    claims = _accepted_claims(user)
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        if not claims.corporate_number or organization.corporate_number != claims.corporate_number:
            raise _number_mismatch_error()
        if not organization.is_identity_verified:
            raise ServiceError(_("この事業者はまだGビズIDで確認されていません。"))
        values: dict[str, str] = {}
        name = name_fold(claims.legal_name)
        if name and len(name) <= NAME_MAX_LENGTH and not public_text_problem(name, pdf=True):
            values["name"] = name
        with contextlib.suppress(ValueError):  # GビズID sent no usable reading: the current one stays
            values["name_kana"] = katakana_normalize(claims.legal_name_kana)
        values = {field: value for field, value in values.items() if getattr(organization, field) != value}
        if not values:
            return organization
        before = {field: getattr(organization, field) for field in values}
        for field, value in values.items():
            setattr(organization, field, value)
        # save(), not update(): the registry's public entry follows through the post_save signal.
        organization.save(update_fields=[*values, "updated_at"])
        audit_record(
            actor=user,
            action="organization.identity_sync",
            target=organization,
            before=before,
            after=values,
            message=f"GビズID {claims.account_type} {claims.subject}",
        )
        _identity_change_pending_supersede(user, organization, "superseded by the values from GビズID")
    return organization


def organization_claim_verified(user: User, organization: Organization) -> Organization:
    """Take over an ownerless (imported) organisation by GビズID, at once, and verify it.

    The proof is the 法人番号 of ``user``'s accepted GビズID claims, equal to the organisation's
    (``AccessDenied`` otherwise: the person has no claim on it). An organisation with an owner is
    refused by ``organization_claim`` (``AccessDenied``). Audited as ``claim.gbizid`` (like the other ways
    of taking over, ``claim.*``), ``organization.claim`` (method ``gbizid``) and ``organization.identity_verify``.
    """
    claims = _accepted_claims(user)
    if not claims.corporate_number or organization.corporate_number != claims.corporate_number:
        raise AccessDenied(_number_mismatch_error().messages[0])
    with transaction.atomic():
        organization_claim(user, organization, method=GBIZID)
        audit_record(
            actor=user,
            action="claim.gbizid",
            target=organization,
            after={"corporate_number": claims.corporate_number},
        )
        return organization_identity_verify(user, organization)
