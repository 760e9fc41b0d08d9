"""Outsider cases for the privacy app's services (a person's requests about their own data)."""

from __future__ import annotations

from secaction.privacy.models import DataRequest
from secaction.privacy.services import correction_answer, deletion_stop
from tests.contract.cases import OutsiderCase


def _request(kind: str, status: str) -> DataRequest:
    from django.utils import timezone

    from tests.declarations.conftest import make_user

    return DataRequest.objects.create(
        kind=kind, user=make_user(), status=status, requested_at=timezone.now(), body="住所の訂正"
    )


CASES: list[OutsiderCase] = [
    OutsiderCase(
        "privacy.deletion_stop",
        lambda outsider: deletion_stop(outsider, _request("deletion", "scheduled"), reason="確認中"),
    ),
    OutsiderCase(
        "privacy.correction_answer",
        lambda outsider: correction_answer(outsider, _request("correction", "pending"), note="訂正しました"),
    ),
]

_OWN = "acts only on the signed-in person's own account; it takes no other person or record to reach"

EXEMPT = {
    "privacy.correction_request": _OWN,
    "privacy.deletion_request": _OWN + " (and asks for the password)",
    "privacy.deletion_cancel": _OWN,
    "privacy.deletions_due_apply": "run by the daily task with no actor; it carries out requests already made",
}
