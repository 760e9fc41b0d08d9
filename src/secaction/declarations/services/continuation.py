"""Writes that keep a declaration alive over the years: the declarer's "内容に変更はありません"
confirmation, and the staff's reversible suspension (docs/privacy-and-retention.md).

SECURITY ACTION declarations do not expire, and nothing here invents an expiry: a confirmation only
moves ``last_confirmed_at``, and a declaration that is not confirmed for years is flagged for staff
(``selectors.declarations_needing_attention``), never changed automatically.

A suspension overlays an ACTIVE declaration: the status stays ACTIVE (the declaration ID, its level and
its history are untouched), but while ``suspended_at`` is set logo downloads stop and the public
verification says 「一時停止中」. Staff lift it with ``declaration_unsuspend``; cancellation stays the final
measure (``lifecycle.declaration_cancel``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.core.errors import ServiceError
from secaction.core.services import model_snapshot
from secaction.organizations.permissions import organization_member_require, staff_require

from ..models import Declaration, EventKind, Status
from ._shared import _audit, _lock, _require_reason, _transition_record

if TYPE_CHECKING:
    from secaction.accounts.models import User

VIA_MAX_LENGTH = 40


def declaration_confirm_unchanged(declaration: Declaration, *, by: User | None, via: str) -> Declaration:
    """The declarer confirms that the declaration is unchanged: ``last_confirmed_at`` becomes now.

    ``via`` says where the confirmation came from (``"mypage"``, ``"mail-link"``) and is kept in the audit
    event. When ``by`` is given it must be a member of the declaration's organisation (``AccessDenied``
    otherwise). ``by=None`` is for a caller that has authenticated the declarer another way, such as a
    signed link in the yearly reminder mail: that caller is responsible for having checked that the link
    was made for this very declaration; this service then trusts it and records no user as the actor.

    Only an ACTIVE declaration is confirmed (``ServiceError`` with code ``state`` otherwise). A suspended
    one may be confirmed too: the confirmation is recorded, the suspension and its reason stay until staff
    lift it. No mail is sent and no history event is added (the date is shown instead).
    """
    kind = (via or "").strip()
    if not kind or len(kind) > VIA_MAX_LENGTH:
        raise ServiceError(_("確認の経路が正しくありません。"), code="via")
    with transaction.atomic():
        decl = _lock(declaration)
        if by is not None:
            organization_member_require(by, decl.organization)
        if decl.status != Status.ACTIVE:
            raise ServiceError(_("宣言中の自己宣言だけを確認できます。"), code="state")
        before = model_snapshot(decl)
        decl.last_confirmed_at = timezone.now()
        decl.save()  # the registry's read model follows (registry signals), as for every other change
        _audit(by, "declaration.confirm_unchanged", decl, before, message=f"via={kind}")
    return decl


def declaration_suspend(staff: User, declaration: Declaration, *, reason: str) -> Declaration:
    """Staff suspend an ACTIVE declaration for a while; the reason is shown to the declarer and mailed.

    The status stays ACTIVE; logo downloads stop and verification says suspended until
    ``declaration_unsuspend``. Staff only (``AccessDenied``); the reason is required; a declaration that
    is not active or is already suspended is refused (``ServiceError`` with code ``state``).
    """
    staff_require(staff)
    text = _require_reason(reason, _("一時停止の理由"))
    with transaction.atomic():
        decl = _lock(declaration)
        if decl.status != Status.ACTIVE:
            raise ServiceError(_("宣言中の自己宣言だけを一時停止できます。"), code="state")
        if decl.suspended_at is not None:
            raise ServiceError(_("この宣言はすでに一時停止しています。"), code="state")
        before = model_snapshot(decl)
        decl.suspended_at = timezone.now()
        decl.suspension_reason = text
        decl.save()
        _transition_record(
            decl, EventKind.SUSPENDED, staff, "declaration.suspend", before, reason=text, by_staff=True
        )
    return decl


def declaration_unsuspend(staff: User, declaration: Declaration, *, note: str = "") -> Declaration:
    """Staff lift a suspension: logo downloads and the normal verification answer come back at once.

    ``note`` (optional) goes into the history, the audit event and the mail to the declarer. The reason of
    the suspension is cleared from the declaration (it stays in the history and the audit log). Staff only;
    a declaration that is not suspended is refused (``ServiceError`` with code ``state``).
    """
    staff_require(staff)
    text = (note or "").strip()
    with transaction.atomic():
        decl = _lock(declaration)
        if decl.suspended_at is None or decl.status != Status.ACTIVE:
            raise ServiceError(_("この宣言は一時停止していません。"), code="state")
        before = model_snapshot(decl)
        decl.suspended_at = None
        decl.suspension_reason = ""
        decl.save()
        _transition_record(
            decl, EventKind.RESUMED, staff, "declaration.unsuspend", before, reason=text, by_staff=True
        )
    return decl
