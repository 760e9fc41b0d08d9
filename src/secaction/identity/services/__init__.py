"""Writes of the identity app: taking over declarations imported from the older system (docs/identity.md).

Three ways, each audited as ``claim.*`` (the code itself is never stored or logged, only its hash):

- by GビズID: the GビズID landing takes over at once when the person's verified 法人番号 matches an unclaimed
  organisation (``organizations.services.organization_claim_verified``, audited ``claim.gbizid`` too);
- ``claim_code_request`` / ``claim_code_confirm``: a one-time code mailed to the contact address on record;
- ``claim_request_submit`` then ``claim_request_accept`` / ``claim_request_reject``: staff decide.

``conflicts.identity_conflict_resolve``: staff decide between a verified and an unverified holder of one 法人番号.

Only a signed-in person with no organisation may claim (``AccessDenied`` otherwise: someone who already
acts for an organisation has no business taking over another one); only staff decide requests.
"""

from __future__ import annotations

from .claim_code import CodeSent, claim_code_confirm, claim_code_request
from .claim_requests import claim_request_accept, claim_request_reject, claim_request_submit
from .conflicts import identity_conflict_resolve

__all__ = [
    "CodeSent",
    "claim_code_confirm",
    "claim_code_request",
    "claim_request_accept",
    "claim_request_reject",
    "claim_request_submit",
    "identity_conflict_resolve",
]
