"""Reads about organisations, their members and invitations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from .models import IdentityConflict, Invitation, Membership, Organization

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from secaction.accounts.models import User


def membership_for_user(user: User | AnonymousUser) -> Membership | None:
    """The user's active membership of an active organisation, or None.

    A person belongs to at most one organisation at a time (the services
    enforce it), so "the" membership is well defined.
    """
    user_pk = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
    if user_pk is None:
        return None
    return (
        Membership.objects.select_related("organization")
        .filter(user_id=user_pk, is_active=True, organization__is_active=True)
        .order_by("created_at")
        .first()
    )


def organization_for_user(user: User | AnonymousUser) -> Organization | None:
    """The active organisation the user belongs to, or None."""
    membership = membership_for_user(user)
    return membership.organization if membership else None


def organization_owners(organization_id: int) -> list[User]:
    """The active users holding an active owner membership of the organisation: who is told about its affairs."""
    return [
        m.user
        for m in Membership.objects.select_related("user").filter(
            organization_id=organization_id, role=Membership.Role.OWNER, is_active=True
        )
        if m.user.is_active
    ]


def organization_by_corporate_number(number: str, *, exclude_pk: int | None = None) -> Organization | None:
    """The active organisation of record for this 法人番号: the GビズID-verified one when there is one.

    Two active organisations may share a 法人番号 (one verified, one unverified holder waiting for staff,
    docs/identity.md); whoever asks "who is this company" gets the verified one.
    """
    if not number:
        return None
    qs = Organization.objects.filter(corporate_number=number, is_active=True)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    # NULLs last: a verified organisation (a date) comes before an unverified one.
    return qs.order_by(F("identity_verified_at").asc(nulls_last=True), "pk").first()


def organization_verified_by_corporate_number(
    number: str, *, exclude_pk: int | None = None
) -> Organization | None:
    """The active GビズID-verified organisation with this 法人番号, if any (at most one: a constraint)."""
    if not number:
        return None
    qs = Organization.objects.filter(
        corporate_number=number, is_active=True, identity_verified_at__isnull=False
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def organization_unverified_by_corporate_number(
    number: str, *, exclude_pk: int | None = None
) -> Organization | None:
    """The active unverified organisation with this 法人番号, if any (at most one: a constraint)."""
    if not number:
        return None
    qs = Organization.objects.filter(
        corporate_number=number, is_active=True, identity_verified_at__isnull=True
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def identity_conflict_open_list() -> QuerySet[IdentityConflict]:
    """Open conflicts between a verified and an unverified holder of one 法人番号, oldest first."""
    return IdentityConflict.objects.select_related("unverified", "verified").filter(
        status=IdentityConflict.Status.OPEN
    )


def identity_conflict_open_for(organization: Organization) -> list[IdentityConflict]:
    """The open conflicts ``organization`` takes part in, as the unverified or the verified side."""
    return list(
        IdentityConflict.objects.select_related("unverified", "verified").filter(
            Q(unverified=organization) | Q(verified=organization), status=IdentityConflict.Status.OPEN
        )
    )


def membership_list(organization: Organization, *, include_inactive: bool = False) -> QuerySet[Membership]:
    qs = Membership.objects.select_related("user").filter(organization=organization)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs.order_by("-is_active", "role", "created_at")


def invitation_open_list(organization: Organization) -> QuerySet[Invitation]:
    """Invitations still waiting for an answer (not accepted, revoked or expired)."""
    return Invitation.objects.filter(
        organization=organization,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).order_by("-created_at")


def invitation_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 64:
        return None
    return Invitation.objects.select_related("organization", "invited_by").filter(token=token).first()


def user_verified_emails(user: User | AnonymousUser) -> set[str]:
    """The user's e-mail addresses that allauth has verified, lower-cased."""
    return {
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    }


def invitation_open_for_user(user: User | AnonymousUser) -> QuerySet[Invitation]:
    """Open invitations addressed to one of the user's verified e-mail addresses."""
    emails = user_verified_emails(user)
    if not emails:
        return Invitation.objects.none()
    match = Q()
    for email in emails:
        match |= Q(email__iexact=email)
    return (
        Invitation.objects.select_related("organization")
        .filter(match)
        .filter(
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            organization__is_active=True,
        )
        .order_by("-created_at")
    )
