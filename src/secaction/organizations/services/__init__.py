"""Writes about organisations, members and invitations, split by responsibility; import them from here.

- ``profile``: registering and changing an organisation; staff deactivation and reactivation.
- ``members``: invitations and memberships.
- ``identity``: GビズID-verified registration, taking over an ownerless (imported) organisation, and the
  conflicts between a verified and an unverified holder of one 法人番号.
- ``changes``: changes of legal name or 法人番号 that wait for staff while a declaration is active.

Every change is audited.

Each public function checks who is acting (``organizations.permissions``) and refuses
with ``ServiceError`` / ``AccessDenied``. Declarers act through the site; the programme
office's staff through the back office's actions, which call the ``*_by_staff`` /
``organization_deactivate`` / ``organization_reactivate`` services here.
"""

from .changes import (
    IDENTITY_FIELDS,
    identity_change_accept,
    identity_change_reject,
    identity_change_submit,
    identity_change_withdraw,
)
from .conflicts import (
    identity_conflict_deactivate,
    identity_conflict_detect,
    identity_conflict_keep,
    identity_conflict_merge,
)
from .identity import (
    ALREADY_VERIFIED,
    organization_claim,
    organization_claim_verified,
    organization_identity_sync,
    organization_identity_verify,
    organization_register_verified,
)
from .members import (
    INVITATION_LIFETIME,
    invitation_accept,
    invitation_create,
    invitation_revoke,
    invitation_revoke_by_staff,
    membership_deactivate,
)
from .profile import (
    DUPLICATE_CORPORATE_NUMBER,
    VERIFIED_CORPORATE_NUMBER,
    corporate_number_holder_problem,
    organization_deactivate,
    organization_reactivate,
    organization_register,
    organization_update,
)

__all__ = [
    "ALREADY_VERIFIED",
    "DUPLICATE_CORPORATE_NUMBER",
    "IDENTITY_FIELDS",
    "INVITATION_LIFETIME",
    "VERIFIED_CORPORATE_NUMBER",
    "corporate_number_holder_problem",
    "identity_change_accept",
    "identity_change_reject",
    "identity_change_submit",
    "identity_change_withdraw",
    "identity_conflict_deactivate",
    "identity_conflict_detect",
    "identity_conflict_keep",
    "identity_conflict_merge",
    "invitation_accept",
    "invitation_create",
    "invitation_revoke",
    "invitation_revoke_by_staff",
    "membership_deactivate",
    "organization_claim",
    "organization_claim_verified",
    "organization_deactivate",
    "organization_identity_sync",
    "organization_identity_verify",
    "organization_reactivate",
    "organization_register",
    "organization_register_verified",
    "organization_update",
]
