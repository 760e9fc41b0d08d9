"""The list of addresses that get no more mail-outs: unsubscribed by their owner or hard-bounced."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from secaction.core.errors import ServiceError
from secaction.core.services import audit_record

from ..models import Mailout, Suppression
from ..unsubscribe import unsubscribe_email


def suppression_add(
    email: str, *, reason: Suppression.Reason, detail: str = "", mailout: Mailout | None = None
) -> tuple[Suppression, bool]:
    """Put ``email`` on the list (idempotent); return the row and whether it is new. Audited when new.

    Called by the delivery step for a hard bounce (no actor) and by ``suppression_for_token_add``.
    An address already on the list keeps its first reason.
    """
    address = email.strip().lower()
    existing = Suppression.objects.filter(email=address).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            row = Suppression.objects.create(
                email=address, reason=reason, detail=detail[:500], mailout=mailout
            )
    except IntegrityError:  # another worker added it between the read and the insert
        return Suppression.objects.get(email=address), False
    audit_record(
        actor=None,
        action=f"mailout.suppression.{reason}",
        target=row,
        after={"email": address, "reason": str(reason), "mailout": mailout.pk if mailout else None},
        message=detail[:500],
    )
    return row, True


def suppression_for_token_add(token: str) -> Suppression:
    """Unsubscribe the address a one-click link was made for; anyone holding the link may do it.

    Raises ``ServiceError`` when the token was not made by this site (a mistyped or forged link).
    """
    email = unsubscribe_email(token)
    if email is None:
        raise ServiceError(
            _("配信停止のリンクが正しくありません。メールに記載のリンクをそのまま開いてください。")
        )
    row, _created = suppression_add(email, reason=Suppression.Reason.UNSUBSCRIBED)
    return row
