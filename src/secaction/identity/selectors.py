"""Reads for the identity pages: the facts the GビズID landing decides on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef

from secaction.accounts.gbiz import GbizClaims
from secaction.accounts.selectors import gbiz_claims_for_user
from secaction.organizations import selectors as organization_selectors
from secaction.organizations.models import Membership, Organization

from .landing import Holder, OwnOrganization

if TYPE_CHECKING:
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
