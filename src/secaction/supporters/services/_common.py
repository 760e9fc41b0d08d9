"""What every supporter service shares: locking a row, mailing the owners, recording a transition."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from secaction.accounts.models import User
from secaction.core.services import audit_record, mail_send, model_snapshot

from ..models import Supporter
from ..selectors import supporter_recipients


def _lock(supporter: Supporter) -> Supporter:
    return Supporter.objects.select_for_update().select_related("organization").get(pk=supporter.pk)


def _mail(
    supporter: Supporter, template: str, message: str = "", extra: dict[str, Any] | None = None
) -> None:
    base = settings.SITE_URL
    context: dict[str, Any] = {
        "supporter": supporter,
        "organization": supporter.organization,
        "message": message,
        "supporter_url": base + reverse("supporters:mine"),
        "public_url": base + reverse("supporters:detail", args=[supporter.pk]),
        "mypage_url": base + reverse("mypage:index"),
        **(extra or {}),
    }
    for user in supporter_recipients(supporter):
        mail_send(
            to=user.email,
            template=f"supporters/email/{template}",
            context={**context, "recipient": user},
            language=user.language,
        )


def _record(
    supporter: Supporter, actor: User, verb: str, before: dict[str, Any], *, message: str = ""
) -> None:
    """Audit ``supporter.<verb>`` and mail the owners the ``<verb>`` template."""
    audit_record(
        actor=actor,
        action=f"supporter.{verb}",
        target=supporter,
        before=before,
        after=model_snapshot(supporter),
        message=message,
    )
    _mail(supporter, verb, message)
