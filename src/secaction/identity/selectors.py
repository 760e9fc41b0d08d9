"""Reads of the identity app: the facts the GビズID landing decides on, and taking over imported declarations
(docs/identity.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, QuerySet

from secaction.accounts.gbiz import GbizClaims
from secaction.accounts.selectors import gbiz_claims_for_user
from secaction.declarations.models import Declaration
from secaction.organizations import selectors as organization_selectors
from secaction.organizations.models import Membership, Organization

from .landing import Holder, OwnOrganization
from .models import ClaimCode, ClaimRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from secaction.accounts.models import User


def landing_facts_get(user: User) -> tuple[GbizClaims | None, OwnOrganization | None, list[Holder]]:
    """The person's GビズID claims, their own organisation and the other active holders of the claims' 法人番号."""
    claims = gbiz_claims_for_user(user)
    membership = organization_selectors.membership_for_user(user)
    own = None
    if membership is not None:
        org = membership.organization
        own = OwnOrganization(
            pk=org.pk,
            corporate_number=org.corporate_number,
            name=org.name,
            is_verified=org.is_identity_verified,
            user_is_owner=membership.is_owner,
        )
    holders: list[Holder] = []
    if claims is not None and claims.corporate_number:
        owners = Membership.objects.filter(
            organization=OuterRef("pk"), role=Membership.Role.OWNER, is_active=True, user__is_active=True
        )
        rows = Organization.objects.filter(corporate_number=claims.corporate_number, is_active=True)
        if own is not None:
            rows = rows.exclude(pk=own.pk)
        rows = rows.annotate(has_owner=Exists(owners)).order_by("pk")
        holders = [Holder(pk=o.pk, is_verified=o.is_identity_verified, has_owner=o.has_owner) for o in rows]
    return claims, own, holders


def landing_organization_get(pk: int | None) -> Organization | None:
    """The active organisation a landing step acts on (the decision named it), None if it is gone meanwhile."""
    if pk is None:
        return None
    return Organization.objects.filter(pk=pk, is_active=True).first()


# The profile fields the organisation form requires, which an imported record may lack.
PROFILE_REQUIRED_FIELDS = (
    "name_kana",
    "representative_name",
    "postal_code",
    "prefecture",
    "address",
    "industry",
    "employees",
    "capital",
    "contact_name",
    "contact_email",
    "contact_phone",
)


def organization_is_unclaimed(organization: Organization) -> bool:
    """True when nobody can act for the organisation: it has no active owner (an imported one)."""
    return not organization.memberships.filter(is_active=True, role=Membership.Role.OWNER).exists()


def declaration_imported_get(declaration_id: str) -> Declaration | None:
    """The declaration with this (normalised) ID, with its organisation, or None."""
    return Declaration.objects.select_related("organization").filter(declaration_id=declaration_id).first()


def claim_code_latest(declaration: Declaration, user: User) -> ClaimCode | None:
    """The person's newest code for the declaration that is neither used nor invalidated (maybe expired)."""
    return (
        ClaimCode.objects.filter(
            declaration=declaration, requested_by=user, used_at__isnull=True, invalidated_at__isnull=True
        )
        .order_by("-created_at", "-id")
        .first()
    )


def claim_requests_for_user(user: User | AnonymousUser) -> QuerySet[ClaimRequest]:
    """The person's claim requests, newest first (shown on the claim pages)."""
    if not user.is_authenticated:
        return ClaimRequest.objects.none()
    return (
        ClaimRequest.objects.filter(requested_by_id=user.pk)
        .select_related("declaration__organization")
        .order_by("-created_at", "-id")
    )


def claim_requests_pending() -> QuerySet[ClaimRequest]:
    """The staff queue: pending requests, oldest first."""
    return (
        ClaimRequest.objects.filter(status=ClaimRequest.Status.PENDING)
        .select_related("declaration__organization", "requested_by")
        .order_by("created_at", "id")
    )


def organization_profile_gaps(organization: Organization) -> list[str]:
    """The labels of the required profile fields the organisation lacks (imported records often do).

    My Page lists them so the owner completes the profile; no query, the fields are on the row.
    """
    fields = {field.name: field for field in Organization._meta.concrete_fields}
    return [
        str(fields[name].verbose_name)
        for name in PROFILE_REQUIRED_FIELDS
        if not str(getattr(organization, name) or "").strip()
    ]
