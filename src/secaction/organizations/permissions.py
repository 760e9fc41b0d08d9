"""Who may act for an organisation: the checks every app's services share.

Services call these before writing; they raise ``PermissionDenied`` with a
message the views show as it is.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import Membership, Organization


def organization_role(user: Any, organization: Organization) -> str | None:
    """The user's active role in an active organisation (``owner`` / ``member``), or None."""
    if getattr(user, "pk", None) is None:
        return None
    return (
        Membership.objects.filter(
            user_id=user.pk, organization=organization, is_active=True, organization__is_active=True
        )
        .values_list("role", flat=True)
        .first()
    )


def organization_member_require(user: Any, organization: Organization) -> str:
    """The user's role; ``PermissionDenied`` when the user is not an active member."""
    role = organization_role(user, organization)
    if role is None:
        raise PermissionDenied(_("この事業者のメンバーだけが操作できます。"))
    return role


def organization_owner_require(user: Any, organization: Organization) -> None:
    """``PermissionDenied`` unless the user is an active owner of the organisation."""
    if organization_member_require(user, organization) != Membership.Role.OWNER:
        raise PermissionDenied(_("この操作は事業者の管理者(オーナー)だけができます。"))


def staff_require(user: Any) -> None:
    """``PermissionDenied`` unless the user is programme-office staff."""
    if not getattr(user, "is_staff", False):
        raise PermissionDenied(_("事務局の担当者だけが操作できます。"))
