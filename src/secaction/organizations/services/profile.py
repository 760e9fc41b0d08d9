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
from ._retire import _organization_retire
from .changes import (
    _identity_change_pending_supersede,
    _identity_changes_of,
    _verified_number_guard,
    identity_change_submit,
)
from .conflicts import identity_conflict_detect

if TYPE_CHECKING:
    from secaction.accounts.models import User

DUPLICATE_CORPORATE_NUMBER = gettext_lazy(
    "この法人番号の事業者は既に登録されています。同じ会社の方が登録済みの場合は、"
    "その方(管理者)からメンバーとして招待してもらってください。"
)
VERIFIED_CORPORATE_NUMBER = gettext_lazy(
    "この法人番号の事業者は、GビズIDで確認済みの事業者として既に登録されています。"
    "同じ会社の方は、その事業者の管理者からメンバーとして招待を受けてください。"
    "心当たりがない場合は事務局にお問い合わせください。"
)


def _duplicate_error(message: Any = DUPLICATE_CORPORATE_NUMBER) -> ServiceError:
    return ServiceError({"corporate_number": ServiceError(message, code="duplicate")})


UNCLAIMED_CORPORATE_NUMBER = gettext_lazy(
    "この法人番号の宣言は、以前の申込みシステムから移行されています。新しく登録するのではなく、"
    "「以前の申込みシステムで宣言済みの方」から、宣言IDで引き継いでください。"
    "GビズID(プライム・メンバー)でログインすると、その場で引き継げます。"
)


def corporate_number_holder_problem(
    number: str, *, organization: Organization | None = None, verified: bool = False
) -> Any:
    """Why ``number`` cannot be taken by an (unverified, unless ``verified``) active organisation, or None.

    A GビズID-verified holder takes precedence: an unverified organisation may not take its number
    (``VERIFIED_CORPORATE_NUMBER``); two unverified ones, or two verified ones, may never share it
    (``DUPLICATE_CORPORATE_NUMBER``; ``UNCLAIMED_CORPORATE_NUMBER`` when the holder has no owner yet, an
    organisation imported from the older system, to be taken over). ``organization`` is the one taking the number (itself excluded);
    an unverified organisation that already holds ``number`` keeps it while staff resolve the conflict
    with the verified holder. The web form and the services ask the same question.
    """
    if not number:
        return None
    exclude_pk = organization.pk if organization is not None else None
    if verified:
        if selectors.organization_verified_by_corporate_number(number, exclude_pk=exclude_pk):
            return DUPLICATE_CORPORATE_NUMBER
        return None
    keeps_its_number = (
        organization is not None
        and organization.pk
        and (Organization.objects.filter(pk=organization.pk, corporate_number=number).exists())
    )
    if not keeps_its_number and selectors.organization_verified_by_corporate_number(
        number, exclude_pk=exclude_pk
    ):
        return VERIFIED_CORPORATE_NUMBER
    holder = selectors.organization_unverified_by_corporate_number(number, exclude_pk=exclude_pk)
    if holder is not None:
        # Nobody can invite anyone into an organisation without an owner (one imported from the older
        # system): its declarer takes it over instead.
        has_owner = holder.memberships.filter(is_active=True, role=Membership.Role.OWNER).exists()
        return DUPLICATE_CORPORATE_NUMBER if has_owner else UNCLAIMED_CORPORATE_NUMBER
    return None


def _holder_error(number: str, organization: Organization | None = None, *, verified: bool = False) -> None:
    problem = corporate_number_holder_problem(number, organization=organization, verified=verified)
    if problem is not None:
        raise _duplicate_error(problem)


def _verified_race_flag(number: str) -> None:
    """After an unverified organisation committed ``number``: flag it if a verified holder slipped in.

    The two per-法人番号 constraints are separate partial indexes, so the database lets a verified and an
    unverified registration of one number both commit when they race. Each side looks for the other
    after its own commit (the verified side through ``identity_conflict_detect``), so the later one
    always sees the earlier, and staff get the conflict instead of nobody noticing.
    """
    verified = selectors.organization_verified_by_corporate_number(number)
    if verified is not None:
        identity_conflict_detect(verified)


def _race_error(number: str, organization: Organization | None, *, verified: bool) -> ServiceError | None:
    """After an IntegrityError: the clear message if another holder of ``number`` explains it."""
    exclude_pk = organization.pk if organization is not None else None
    if verified:
        holder = selectors.organization_verified_by_corporate_number(number, exclude_pk=exclude_pk)
        return _duplicate_error() if holder else None
    if selectors.organization_unverified_by_corporate_number(number, exclude_pk=exclude_pk):
        return _duplicate_error()
    if selectors.organization_verified_by_corporate_number(number, exclude_pk=exclude_pk):
        return _duplicate_error(VERIFIED_CORPORATE_NUMBER)
    return None


def organization_register(user: User, data: Mapping[str, Any]) -> Organization:
    """Create an organisation with ``user`` as its owner.

    Open to any signed-in person (no membership to check). The organisation is unverified (the
    GビズID path is ``organization_register_verified``). Refuses (``ServiceError``) a 法人番号 held by an
    active GビズID-verified organisation (``VERIFIED_CORPORATE_NUMBER``) or by another active unverified
    one (``DUPLICATE_CORPORATE_NUMBER``), also when two registrations race, and a user who already
    belongs to an organisation.
    """
    cleaned = organization_data_clean(data)
    if selectors.membership_for_user(user) is not None:
        raise ServiceError(_("既に事業者に所属しています。1つのアカウントで登録できる事業者は1つです。"))
    _holder_error(cleaned["corporate_number"])
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
        error = _race_error(cleaned["corporate_number"], None, verified=False)
        if error is not None:
            raise error from exc
        raise
    _verified_race_flag(organization.corporate_number)
    return organization


def organization_update(actor: User, organization: Organization, data: Mapping[str, Any]) -> Organization:
    """Change an organisation's profile; only its owner may. Audited with before/after.

    A new 法人番号 is refused like at registration (``corporate_number_holder_problem``); an unverified
    organisation in conflict with a verified holder keeps its own number and may still edit the rest.
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
    verified = current.is_identity_verified
    changes = _identity_changes_of(current, cleaned)
    _verified_number_guard(current, changes)
    # Only a new number is checked: a verified organisation may share its number with an unverified
    # holder until staff resolve the conflict, and must still be able to change its address.
    if "corporate_number" in changes:
        _holder_error(cleaned["corporate_number"], organization, verified=verified)
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
        error = _race_error(cleaned["corporate_number"], organization, verified=verified)
        if error is not None:
            raise error from exc
        raise
    if not verified:
        _verified_race_flag(organization.corporate_number)
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
    with transaction.atomic():
        _organization_retire(actor, organization, reason)
    return organization


def organization_reactivate(actor: User, organization: Organization, *, reason: str) -> Organization:
    """Staff put a deactivated organisation back into use.

    Refused when the 法人番号 is taken as at registration: an unverified organisation by an active
    verified or unverified holder, a verified one by another verified holder. A verified organisation
    that comes back beside an unverified holder opens a conflict for staff (``identity_conflict_detect``).
    """
    staff_require(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError({"reason": _("有効に戻す理由を入力してください。")})
    if organization.is_active:
        return organization
    verified = organization.is_identity_verified
    problem = corporate_number_holder_problem(
        organization.corporate_number, organization=None, verified=verified
    )
    if problem is not None:
        raise _duplicate_error(problem)
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
        raise (
            _race_error(organization.corporate_number, organization, verified=verified) or _duplicate_error()
        ) from exc
    if verified:
        identity_conflict_detect(organization)
    else:
        _verified_race_flag(organization.corporate_number)
    return organization
