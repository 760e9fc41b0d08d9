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


# Bulk CSV uploads (institutions/services_uploads.py).
def _bulk_upload_create(outsider: Any) -> object:
    from secaction.institutions.models import Institution
    from secaction.institutions.services import bulk_upload_create

    other = Institution.objects.create(name="他の補助金事務局")
    return bulk_upload_create(
        institution=other, filename="x.csv", data="宣言ID\r\n41234567895\r\n".encode(), actor=outsider
    )


CASES += [OutsiderCase("institutions.bulk_upload_create", _bulk_upload_create)]
EXEMPT |= {
    "institutions.bulk_upload_process": (
        "the background task's body, given an upload id: the upload was authorised when it was created"
    ),
    "institutions.bulk_uploads_purge": "the periodic retention task of the system, with no actor at all",
}
