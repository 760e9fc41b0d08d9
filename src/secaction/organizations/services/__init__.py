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
    organization_identity_sync_from_gbizid,
)
from .conflicts import identity_conflict_detect
from .identity import organization_claim
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
    organization_deactivate,
    organization_reactivate,
    organization_register,
    organization_update,
)

__all__ = [
    "DUPLICATE_CORPORATE_NUMBER",
    "IDENTITY_FIELDS",
    "INVITATION_LIFETIME",
    "identity_change_accept",
    "identity_change_reject",
    "identity_change_submit",
    "identity_change_withdraw",
    "identity_conflict_detect",
    "invitation_accept",
    "invitation_create",
    "invitation_revoke",
    "invitation_revoke_by_staff",
    "membership_deactivate",
    "organization_claim",
    "organization_deactivate",
    "organization_identity_sync_from_gbizid",
    "organization_reactivate",
    "organization_register",
    "organization_update",
]
