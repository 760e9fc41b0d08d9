"""Staff resolve a conflict between a GビズID-verified and an unverified holder of one 法人番号.

The organisation-level halves live in ``organizations.services.conflicts``; this module sits above the
declarations app, so it can end the unverified organisation's open declaration through the declarations
app's own staff service (``declaration_cancel``: history event, audit, the declarer's mail, the public
registry entry shown as ended) before the organisation is merged or deactivated. The back office calls
only ``identity_conflict_resolve``. Nothing is deleted (docs/identity.md, "Verified organisations").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from secaction.core.errors import ServiceError
from secaction.declarations.selectors import declaration_open_for_organization
from secaction.declarations.services import declaration_cancel
from secaction.organizations.models import IdentityConflict
from secaction.organizations.permissions import staff_require
from secaction.organizations.services import (
    identity_conflict_deactivate,
    identity_conflict_keep,
    identity_conflict_merge,
)

if TYPE_CHECKING:
    from secaction.accounts.models import User

DECISIONS = ("keep", "merge", "deactivate")


def identity_conflict_resolve(
    actor: User, conflict: IdentityConflict, *, decision: str, reason: str
) -> IdentityConflict:
    """Carry out staff's ``decision`` (``keep``, ``merge`` or ``deactivate``) on an open conflict.

    ``merge`` and ``deactivate`` first end the unverified organisation's open declaration (pending,
    returned or active) as **cancelled** with the same reason, then retire the organisation; ``keep``
    changes nothing but the conflict. One transaction: if any step is refused, nothing changes. Staff
    only (``AccessDenied``); a missing reason or an unknown decision is a ``ServiceError`` keyed by field.
    """
    staff_require(actor)
    if decision not in DECISIONS:
        raise ServiceError({"decision": _("対応の内容を選んでください。")})
    text = (reason or "").strip()
    if not text:
        raise ServiceError(
            {
                "reason": _(
                    "対応の理由を入力してください。理由は監査ログに残り、両方の事業者の管理者へのメールにも記載されます。"
                )
            }
        )
    with transaction.atomic():
        if decision == "keep":
            return identity_conflict_keep(actor, conflict, reason=text)
        current = IdentityConflict.objects.select_for_update().get(pk=conflict.pk)
        if current.status != IdentityConflict.Status.OPEN:
            raise ServiceError(
                _("この法人番号の重複は既に対応済みです(%(status)s)。")
                % {"status": current.get_status_display()}
            )
        declaration = declaration_open_for_organization(current.unverified)
        if declaration is not None:
            declaration_cancel(declaration=declaration, staff=actor, reason=text)
        if decision == "merge":
            return identity_conflict_merge(actor, current, reason=text)
        return identity_conflict_deactivate(actor, current, reason=text)
