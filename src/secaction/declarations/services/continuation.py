"""Confirming that a declaration is unchanged (the yearly continuation reminder, docs/privacy-and-retention.md).

MINIMAL STAND-IN written by the continuation reminders' branch so its tests run; the declarations branch
owns this service and its version replaces this one at the merge (same signature).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.core.errors import ServiceError
from secaction.core.services import audit_record

from ..models import Declaration, Status
from ._shared import _lock, _lock_for

if TYPE_CHECKING:
    from secaction.accounts.models import User


def declaration_confirm_unchanged(declaration: Declaration, *, by: User | None, via: str) -> Declaration:
    """Record that the active ``declaration`` is unchanged: ``last_confirmed_at`` = now, audited.

    ``by``: a member of the declaring organisation (checked here), or None when the caller authenticated
    the declarer another way (a signed mail link); ``via`` says which ("mypage", "mail-link").
    """
    with transaction.atomic():
        decl = _lock(declaration) if by is None else _lock_for(declaration, by)
        if decl.status != Status.ACTIVE:
            raise ServiceError(_("宣言中の宣言だけ内容を確認できます。"), code="not_active")
        before = {"last_confirmed_at": decl.last_confirmed_at}
        decl.last_confirmed_at = timezone.now()
        decl.save(update_fields=["last_confirmed_at"])
        audit_record(
            actor=by,
            action="declaration.confirm_unchanged",
            target=decl,
            before=before,
            after={"last_confirmed_at": decl.last_confirmed_at, "via": via},
        )
    return decl
