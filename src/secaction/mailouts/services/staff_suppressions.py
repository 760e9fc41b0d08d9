"""Staff adding an address to the suppression list by hand (a declarer who asked by phone or letter)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from secaction.accounts.permissions import staff_require
from secaction.core.errors import ServiceError
from secaction.core.services import audit_record

from ..models import Suppression
from .suppressions import suppression_add


def suppression_staff_add(actor: Any, *, email: str, detail: str = "") -> Suppression:
    """Stop mail-outs to ``email`` at its owner's request; audited with the staff member as actor.

    Refused for a malformed address and for one already on the list (the message says which reason it has).
    """
    staff_require(actor)
    address = email.strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise ServiceError({"email": [_("メールアドレスの形式が正しくありません。")]}) from None
    existing = Suppression.objects.filter(email=address).first()
    if existing is not None:
        raise ServiceError(
            {
                "email": [
                    _("このアドレスは既に登録されています(%(reason)s)。")
                    % {"reason": existing.get_reason_display()}
                ]
            }
        )
    row, _created = suppression_add(address, reason=Suppression.Reason.UNSUBSCRIBED, detail=detail)
    audit_record(
        actor=actor,
        action="mailout.suppression.staff_add",
        target=row,
        after={"email": address},
        message=detail[:500],
    )
    return row
