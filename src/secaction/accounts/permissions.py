"""The staff check, kept in the lowest layer that knows users.

``organizations.permissions`` re-exports it with the member and owner checks, so
every app imports its checks from the one access module; ``accounts`` itself, which
sits below ``organizations``, imports it from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from secaction.core.errors import AccessDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User


def staff_require(user: User | AnonymousUser) -> None:
    """``AccessDenied`` unless the user is programme-office staff."""
    if not getattr(user, "is_staff", False):
        raise AccessDenied(_("事務局の担当者だけが操作できます。"))
