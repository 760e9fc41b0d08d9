"""Deactivating an organisation's row: shared by the staff deactivation and the conflict decisions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from secaction.core.services import audit_record

from ..models import Organization

if TYPE_CHECKING:
    from secaction.accounts.models import User


def _organization_retire(actor: User, organization: Organization, reason: str) -> None:
    """Deactivate an organisation (the row, memberships and history stay), audited; nothing if inactive.

    The writing half of ``organization_deactivate`` and of the conflict decisions (``conflicts``), whose
    callers have checked who acts and the reason.
    """
    if not organization.is_active:
        return
    organization.is_active = False
    organization.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=actor,
        action="organization.deactivate",
        target=organization,
        before={"is_active": True},
        after={"is_active": False},
        message=reason,
    )
