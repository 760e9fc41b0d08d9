"""Writes about organisations, members and invitations. Every change is audited.

Each public function checks who is acting (``organizations.permissions``) and refuses
with ``ServiceError`` / ``AccessDenied``. Declarers act through the site; the programme
office's staff through the back office's actions, which call the ``*_by_staff`` /
``organization_deactivate`` / ``organization_reactivate`` services here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secaction.accounts.selectors import user_by_email
from secaction.core.errors import ServiceError
from secaction.core.services import audit_record, mail_send, model_snapshot

from . import selectors
from .models import Invitation, Membership, Organization
from .permissions import organization_owner_require, staff_require
from .validation import organization_data_clean

if TYPE_CHECKING:
    from secaction.accounts.models import User

INVITATION_LIFETIME = dt.timedelta(days=7)

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
    """Change an organisation's profile; only its owner may. Audited with before/after."""
    organization_owner_require(actor, organization)
    cleaned = organization_data_clean(data)
    if selectors.organization_by_corporate_number(cleaned["corporate_number"], exclude_pk=organization.pk):
        raise _duplicate_error()
    before = model_snapshot(organization)
    for key, value in cleaned.items():
        setattr(organization, key, value)
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
    except IntegrityError as exc:
        organization.refresh_from_db()
        if selectors.organization_by_corporate_number(
            cleaned["corporate_number"], exclude_pk=organization.pk
        ):
            raise _duplicate_error() from exc
        raise
    return organization


def invitation_create(actor: User, organization: Organization, email: str) -> Invitation:
    """Invite ``email`` to join ``organization`` and send the personal link by mail.

    An earlier open invitation to the same address is revoked, so only the
    newest link works.
    """
    organization_owner_require(actor, organization)
    email = (email or "").strip()
    if not email:
        raise ServiceError({"email": _("メールアドレスを入力してください。")})
    if Membership.objects.filter(
        organization=organization, user__email__iexact=email, is_active=True
    ).exists():
        raise ServiceError({"email": _("この方は既にメンバーです。")})
    now = timezone.now()
    with transaction.atomic():
        for old in selectors.invitation_open_list(organization).filter(email__iexact=email):
            old.revoked_at = now
            old.save(update_fields=["revoked_at"])
            audit_record(
                actor=actor, action="invitation.revoke", target=old, message="replaced by a new invitation"
            )
        invitation = Invitation.objects.create(
            organization=organization, email=email, invited_by=actor, expires_at=now + INVITATION_LIFETIME
        )
        audit_record(
            actor=actor,
            action="invitation.create",
            target=invitation,
            after=model_snapshot(invitation, ["organization_id", "email", "expires_at"]),
        )
        existing = user_by_email(email)
        language = (existing.language if existing else "") or actor.language or settings.LANGUAGE_CODE
        mail_send(
            to=email,
            template="organizations/email/invitation",
            language=language,
            context={
                "organization_name": organization.name,
                "inviter_email": actor.email,
                "accept_url": settings.SITE_URL
                + reverse("organizations:invitation", kwargs={"token": invitation.token}),
                "expires_at": invitation.expires_at,
            },
        )
    return invitation


def invitation_revoke(actor: User, invitation: Invitation) -> Invitation:
    """Make an unanswered invitation unusable. Revoking twice is harmless."""
    organization_owner_require(actor, invitation.organization)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)  # see invitation_accept
        if invitation.accepted_at is not None:
            raise ServiceError(_("この招待は既に承諾されています。"))
        if invitation.revoked_at is None:
            invitation.revoked_at = timezone.now()
            invitation.save(update_fields=["revoked_at"])
            audit_record(actor=actor, action="invitation.revoke", target=invitation)
    return invitation


def invitation_accept(user: User, invitation: Invitation) -> Membership:
    """Join the invitation's organisation as a member.

    The invitation must be open and addressed to one of the user's verified
    e-mail addresses, and the user must not already belong to an organisation.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("organization").get(pk=invitation.pk)
        )
        if invitation.accepted_at is not None:
            raise ServiceError(_("この招待は既に使われています。"))
        if invitation.revoked_at is not None:
            raise ServiceError(_("この招待は取り消されています。管理者に新しい招待を依頼してください。"))
        if invitation.expires_at <= timezone.now():
            raise ServiceError(
                _("この招待の有効期限(7日間)が切れています。管理者に新しい招待を依頼してください。")
            )
        if not invitation.organization.is_active:
            raise ServiceError(_("この事業者は現在利用できません。"))
        if invitation.email.lower() not in selectors.user_verified_emails(user):
            raise ServiceError(
                _("この招待は %(email)s 宛てです。そのメールアドレスのアカウントでログインしてください。")
                % {"email": invitation.email}
            )
        current = selectors.membership_for_user(user)
        if current is not None:
            raise ServiceError(
                _("既に「%(name)s」に所属しているため、招待を承諾できません。")
                % {"name": current.organization.name}
            )
        membership, created = Membership.objects.get_or_create(
            organization=invitation.organization, user=user, defaults={"role": Membership.Role.MEMBER}
        )
        if not created:
            before = model_snapshot(membership)
            membership.is_active = True
            membership.role = Membership.Role.MEMBER
            membership.save(update_fields=["is_active", "role"])
            audit_record(
                actor=user,
                action="membership.reactivate",
                target=membership,
                before=before,
                after=model_snapshot(membership),
            )
        else:
            audit_record(
                actor=user, action="membership.create", target=membership, after=model_snapshot(membership)
            )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        audit_record(actor=user, action="invitation.accept", target=invitation)
    return membership


def membership_deactivate(actor: User, membership: Membership) -> Membership:
    """Remove a member from the organisation (the row stays, marked inactive). Owners cannot be removed."""
    organization_owner_require(actor, membership.organization)
    if membership.is_owner:
        raise ServiceError(_("管理者(オーナー)は外せません。"))
    if membership.is_active:
        before = model_snapshot(membership)
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="membership.deactivate",
            target=membership,
            before=before,
            after=model_snapshot(membership),
        )
    return membership


# --- the programme office's actions (back office) -------------------------------------------


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


def invitation_revoke_by_staff(actor: User, invitation: Invitation, *, reason: str = "") -> Invitation:
    """Staff make an unanswered invitation unusable (for example, sent to a wrong address)."""
    staff_require(actor)
    with transaction.atomic():
        # Read under lock: an acceptance racing with the revocation must not both succeed.
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise ServiceError(_("この招待は既に承諾されています。"))
        if invitation.revoked_at is None:
            invitation.revoked_at = timezone.now()
            invitation.save(update_fields=["revoked_at"])
            audit_record(
                actor=actor,
                action="invitation.revoke",
                target=invitation,
                message=(reason or "").strip() or "revoked by the programme office",
            )
    return invitation
