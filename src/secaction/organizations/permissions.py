"""Who may act for an organisation: the checks every app's services share.

This is the one access module: every public service of every app that acts for
an organisation, or as programme-office staff, calls these before reading private
data or writing. They raise ``secaction.core.errors.AccessDenied`` (a
``ServiceError`` and a ``PermissionDenied``) with a message the views show as it
is. A view decorator is never the only check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from secaction.accounts.permissions import staff_require
from secaction.core.errors import AccessDenied

from .models import Membership, Organization

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from secaction.accounts.models import User

__all__ = ["organization_member_require", "organization_owner_require", "organization_role", "staff_require"]


def organization_role(user: User | AnonymousUser, organization: Organization) -> str | None:
    """The user's active role in an active organisation (``owner`` / ``member``), or None."""
    user_pk = getattr(user, "pk", None)
    if user_pk is None:  # anonymous
        return None
    return (
        Membership.objects.filter(
            user_id=user_pk, organization=organization, is_active=True, organization__is_active=True
        )
        .values_list("role", flat=True)
        .first()
    )


def organization_member_require(user: User | AnonymousUser, organization: Organization) -> str:
    """The user's role; ``AccessDenied`` when the user is not an active member."""
    role = organization_role(user, organization)
    if role is None:
        raise AccessDenied(_("この事業者のメンバーだけが操作できます。"))
    return role


def organization_owner_require(user: User | AnonymousUser, organization: Organization) -> None:
    """``AccessDenied`` unless the user is an active owner of the organisation."""
    if organization_member_require(user, organization) != Membership.Role.OWNER:
        raise AccessDenied(_("この操作は事業者の管理者(オーナー)だけができます。"))
