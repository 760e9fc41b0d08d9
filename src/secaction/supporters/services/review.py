"""The programme office's decisions on a 普及賛同企業等: approve, return, suspend, reinstate.

Each checks that the actor is staff before it looks at anything else; each is audited and
mailed to the organisation's owners.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.accounts.models import User
from secaction.core.errors import ServiceError
from secaction.core.services import model_snapshot
from secaction.organizations.permissions import staff_require

from ..models import Supporter, SupporterStatus
from ..validation import required_text
from ._common import _lock, _record

SUSPENDABLE = (SupporterStatus.PENDING, SupporterStatus.RETURNED, SupporterStatus.APPROVED)


def _staff_transition(
    supporter: Supporter,
    staff: User,
    *,
    allowed_from: Iterable[str],
    to: str,
    verb: str,
    refusal: str,
    message: str = "",
) -> Supporter:
    """Move a supporter from one of ``allowed_from`` to ``to`` as a staff decision, audited and mailed.

    ``message`` (already checked by the caller) becomes the status reason the owners see;
    ``refusal`` is the error when the supporter is in another state. The caller has
    checked that ``staff`` is staff, before looking at the message.
    """
    with transaction.atomic():
        sup = _lock(supporter)
        if sup.status not in allowed_from:
            raise ServiceError(refusal, code="state")
        before = model_snapshot(sup)
        sup.status = to
        sup.status_reason = message
        sup.reviewed_at = timezone.now()
        sup.reviewed_by = staff
        sup.save()
        _record(sup, staff, verb, before, message=message)
    return sup


def supporter_approve(*, supporter: Supporter, staff: User) -> Supporter:
    """Staff approve a PENDING application: the supporter and its published offers become public."""
    staff_require(staff)
    return _staff_transition(
        supporter,
        staff,
        allowed_from=[SupporterStatus.PENDING],
        to=SupporterStatus.APPROVED,
        verb="approve",
        refusal=_("確認待ちの申請だけを承認できます。"),
    )


def supporter_return(*, supporter: Supporter, staff: User, message: str) -> Supporter:
    """Staff return a PENDING application with a message the applicant sees on the page and in the mail."""
    staff_require(staff)
    return _staff_transition(
        supporter,
        staff,
        allowed_from=[SupporterStatus.PENDING],
        to=SupporterStatus.RETURNED,
        verb="return",
        refusal=_("確認待ちの申請だけを差し戻せます。"),
        message=required_text(message, _("申請者への連絡")),
    )


def supporter_suspend(*, supporter: Supporter, staff: User, reason: str) -> Supporter:
    """Staff stop showing a supporter (misuse); its offers disappear from the public pages at once."""
    staff_require(staff)
    return _staff_transition(
        supporter,
        staff,
        allowed_from=SUSPENDABLE,
        to=SupporterStatus.SUSPENDED,
        verb="suspend",
        refusal=_("この状態の登録は掲載停止にできません。"),
        message=required_text(reason, _("掲載停止の理由")),
    )


def supporter_reinstate(*, supporter: Supporter, staff: User, message: str) -> Supporter:
    """Staff lift a suspension: the supporter and its published offers are shown again.

    Takes a message (what was corrected, or why the suspension ended) that is
    recorded and mailed to the owners, as the suspension's reason was.
    """
    staff_require(staff)
    return _staff_transition(
        supporter,
        staff,
        allowed_from=[SupporterStatus.SUSPENDED],
        to=SupporterStatus.APPROVED,
        verb="reinstate",
        refusal=_("掲載停止中の登録だけを再開できます。"),
        message=required_text(message, _("掲載再開の連絡")),
    )
