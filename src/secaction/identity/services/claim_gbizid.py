"""Way 1: the 法人番号 that GビズID verified matches an unclaimed imported organisation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from secaction.accounts.selectors import gbiz_claims_for_user
from secaction.core.services import audit_record
from secaction.organizations.models import Membership, Organization
from secaction.organizations.services import organization_claim

from .. import selectors
from ._common import _require_claimant

if TYPE_CHECKING:
    from secaction.accounts.models import User


def claim_gbizid_apply(user: User) -> Membership | None:
    """Take over the unclaimed imported organisation whose 法人番号 the person's GビズID verified.

    The proof is the GビズID claims of the person's latest sign-in (an accepted account type, a 法人番号);
    None when there is nothing to take over. Audited as ``claim.gbizid``. For the GビズID landing page.
    """
    _require_claimant(user)
    claims = gbiz_claims_for_user(user)
    if claims is None or not claims.is_accepted or not claims.corporate_number:
        return None
    candidates = Organization.objects.filter(
        corporate_number=claims.corporate_number, is_active=True, declarations__imported=True
    ).distinct()
    for organization in candidates:
        if selectors.organization_is_unclaimed(organization):
            membership = organization_claim(user, organization, method="gbizid")
            audit_record(
                actor=user,
                action="claim.gbizid",
                target=organization,
                after={"corporate_number": claims.corporate_number},
            )
            return membership
    return None
