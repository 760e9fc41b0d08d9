"""Outsider cases for api's services: issuing and revoking keys is the programme office's."""

from __future__ import annotations

from typing import Any

from secaction.institutions.services import api_key_issue, api_key_revoke
from tests.contract.cases import OutsiderCase


def _revoke(outsider: Any) -> object:
    from secaction.accounts.models import User

    office = User.objects.create_user(email="office@example.jp", is_staff=True)
    row, _key = api_key_issue(institution="県の窓口", contact="c@example.jp", actor=office)
    return api_key_revoke(api_key=row, actor=outsider)


CASES = [
    OutsiderCase(
        "institutions.api_key_issue",
        lambda outsider: api_key_issue(institution="自称機関", contact="x@example.jp", actor=outsider),
    ),
    OutsiderCase("institutions.api_key_revoke", _revoke),
]

EXEMPT = {
    "institutions.api_key_authenticate": (
        "runs on every API call before anyone is known: the key presented is the credential being checked"
    ),
}
