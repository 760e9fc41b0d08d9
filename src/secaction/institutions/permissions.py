"""Who may act for an institution: its active contacts (and staff, through the back office's services).

The institutions' services call these, as every app's services call their own access checks; refusals are
``AccessDenied`` (docs/architecture.md, "One contract in every app").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from secaction.core.errors import AccessDenied
from secaction.organizations.permissions import staff_require

from .models import Institution, InstitutionContact

if TYPE_CHECKING:
    from secaction.accounts.models import User

__all__ = ["institution_contact_require", "institution_for_contact", "staff_require"]


def institution_for_contact(user: User | AnonymousUser) -> Institution | None:
    """The active institution ``user`` is an active contact of, or None."""
    if not user.is_authenticated:
        return None
    contact = (
        InstitutionContact.objects.select_related("institution")
        .filter(user_id=user.pk, is_active=True, institution__is_active=True)
        .first()
    )
    return contact.institution if contact else None


def institution_contact_require(user: User | AnonymousUser, institution: Institution) -> None:
    """Refuse (``AccessDenied``) anyone who is not an active contact of this active institution."""
    if not user.is_authenticated or not user.is_active:
        raise AccessDenied(_("ログインしてください。"))
    if (
        not institution.is_active
        or not InstitutionContact.objects.filter(
            institution=institution, user_id=user.pk, is_active=True
        ).exists()
    ):
        raise AccessDenied(_("この機関の担当者として登録されていません。"))
