"""Members and invitations. Every change is audited."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.accounts.selectors import user_by_email
from secaction.core.errors import ServiceError
from secaction.core.services import audit_record, mail_send, model_snapshot

from .. import selectors
from ..models import Invitation, Membership, Organization
from ..permissions import organization_owner_require, staff_require

if TYPE_CHECKING:
    from secaction.accounts.models import User

INVITATION_LIFETIME = dt.timedelta(days=7)


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
