"""Writes about organisations, members and invitations. Every change is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secaction.core.services import audit_record, mail_send, model_snapshot

from . import selectors
from .models import Invitation, Membership, Organization
from .validation import (
    corporate_number_for_entity,
    katakana_normalize,
    phone_normalize,
    postal_code_normalize,
)

ORGANIZATION_FIELDS = [
    "entity_type",
    "name",
    "name_kana",
    "corporate_number",
    "representative_name",
    "representative_title",
    "postal_code",
    "prefecture",
    "address",
    "industry",
    "employees",
    "capital",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
]
INVITATION_LIFETIME = dt.timedelta(days=7)

_NORMALIZERS: dict[str, Callable[[str], str]] = {
    "name_kana": katakana_normalize,
    "postal_code": postal_code_normalize,
    "contact_phone": phone_normalize,
}


DUPLICATE_CORPORATE_NUMBER = gettext_lazy(
    "この法人番号の事業者は既に登録されています。同じ会社の方が登録済みの場合は、"
    "その方(管理者)からメンバーとして招待してもらってください。"
)


def _duplicate_error() -> ValidationError:
    return ValidationError(
        {"corporate_number": ValidationError(DUPLICATE_CORPORATE_NUMBER, code="duplicate")}
    )


def organization_data_clean(data: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise the organisation fields with the pure validators.

    Returns the cleaned values for the known fields; raises ``ValidationError``
    keyed by field when a value is wrong. Idempotent, so data that a form has
    already cleaned passes through unchanged.
    """
    cleaned: dict[str, Any] = {k: data.get(k, "") for k in ORGANIZATION_FIELDS}
    for key, value in cleaned.items():
        if isinstance(value, str):
            cleaned[key] = value.strip()
    errors: dict[str, list[str]] = {}
    for field, normalize in _NORMALIZERS.items():
        try:
            cleaned[field] = normalize(str(cleaned[field]))
        except ValueError as exc:
            errors.setdefault(field, []).append(str(exc))
    try:
        cleaned["corporate_number"] = corporate_number_for_entity(
            str(cleaned["entity_type"]), str(cleaned["corporate_number"])
        )
    except ValueError as exc:
        errors.setdefault("corporate_number", []).append(str(exc))
    if errors:
        raise ValidationError(errors)
    return cleaned


def organization_register(user: Any, data: Mapping[str, Any]) -> Organization:
    """Create an organisation with ``user`` as its owner.

    Refuses (``ValidationError``) a 法人番号 that an active organisation already
    has, also when two registrations race, and a user who already belongs to
    an organisation.
    """
    cleaned = organization_data_clean(data)
    if selectors.membership_for_user(user) is not None:
        raise ValidationError(_("既に事業者に所属しています。1つのアカウントで登録できる事業者は1つです。"))
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


def organization_update(actor: Any, organization: Organization, data: Mapping[str, Any]) -> Organization:
    """Change an organisation's profile; only its owner may. Audited with before/after."""
    if not selectors.organization_is_owner(actor, organization):
        raise PermissionDenied(_("事業者情報を変更できるのは管理者(オーナー)だけです。"))
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


def _require_owner(actor: Any, organization: Organization) -> None:
    if not selectors.organization_is_owner(actor, organization):
        raise PermissionDenied(_("この操作ができるのは管理者(オーナー)だけです。"))


def invitation_create(actor: Any, organization: Organization, email: str) -> Invitation:
    """Invite ``email`` to join ``organization`` and send the personal link by mail.

    An earlier open invitation to the same address is revoked, so only the
    newest link works.
    """
    _require_owner(actor, organization)
    email = (email or "").strip()
    if not email:
        raise ValidationError({"email": _("メールアドレスを入力してください。")})
    if Membership.objects.filter(
        organization=organization, user__email__iexact=email, is_active=True
    ).exists():
        raise ValidationError({"email": _("この方は既にメンバーです。")})
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
        from django.contrib.auth import get_user_model

        existing = get_user_model().objects.filter(email__iexact=email).first()
        language = (
            getattr(existing, "language", None) or getattr(actor, "language", None) or settings.LANGUAGE_CODE
        )
        mail_send(
            to=email,
            template="organizations/email/invitation",
            language=language,
            context={
                "organization_name": organization.name,
                "inviter_email": getattr(actor, "email", ""),
                "accept_url": settings.SITE_URL
                + reverse("organizations:invitation", kwargs={"token": invitation.token}),
                "expires_at": invitation.expires_at,
            },
        )
    return invitation


def invitation_revoke(actor: Any, invitation: Invitation) -> Invitation:
    """Make an unanswered invitation unusable. Revoking twice is harmless."""
    _require_owner(actor, invitation.organization)
    if invitation.accepted_at is not None:
        raise ValidationError(_("この招待は既に承諾されています。"))
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="invitation.revoke", target=invitation)
    return invitation


def invitation_accept(user: Any, invitation: Invitation) -> Membership:
    """Join the invitation's organisation as a member.

    The invitation must be open and addressed to one of the user's verified
    e-mail addresses, and the user must not already belong to an organisation.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("organization").get(pk=invitation.pk)
        )
        if invitation.accepted_at is not None:
            raise ValidationError(_("この招待は既に使われています。"))
        if invitation.revoked_at is not None:
            raise ValidationError(_("この招待は取り消されています。管理者に新しい招待を依頼してください。"))
        if invitation.expires_at <= timezone.now():
            raise ValidationError(
                _("この招待の有効期限(7日間)が切れています。管理者に新しい招待を依頼してください。")
            )
        if not invitation.organization.is_active:
            raise ValidationError(_("この事業者は現在利用できません。"))
        if invitation.email.lower() not in selectors.user_verified_emails(user):
            raise ValidationError(
                _("この招待は %(email)s 宛てです。そのメールアドレスのアカウントでログインしてください。")
                % {"email": invitation.email}
            )
        current = selectors.membership_for_user(user)
        if current is not None:
            raise ValidationError(
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


def membership_deactivate(actor: Any, membership: Membership) -> Membership:
    """Remove a member from the organisation (the row stays, marked inactive). Owners cannot be removed."""
    _require_owner(actor, membership.organization)
    if membership.is_owner:
        raise ValidationError(_("管理者(オーナー)は外せません。"))
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
