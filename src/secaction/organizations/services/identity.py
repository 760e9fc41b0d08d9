"""Who an organisation is: taking over an ownerless organisation (imported from the older system).

GビズID-verified registration and the conflicts between a verified and an unverified holder of one
法人番号 live here too (docs/identity.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.services import audit_record, model_snapshot

from .. import selectors
from ..models import Membership, Organization

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
