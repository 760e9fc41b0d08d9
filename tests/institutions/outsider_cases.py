"""Outsider cases for the institutions' services: institutions, contacts and keys are the programme office's."""

from __future__ import annotations

from typing import Any

from secaction.institutions.models import Institution
from secaction.institutions.services import (
    api_key_assign,
    api_key_issue,
    api_key_revoke,
    institution_active_set,
    institution_contact_add,
    institution_contact_deactivate,
    institution_create,
)
from tests.contract.cases import OutsiderCase


def _office() -> Any:
    from secaction.accounts.models import User

    return User.objects.create_user(email="office@example.jp", is_staff=True)


def _institution(office: Any) -> Institution:
    return institution_create(actor=office, name="県の補助金窓口", kind=Institution.Kind.SUBSIDY_OFFICE)


def _revoke(outsider: Any) -> object:
    row, _key = api_key_issue(institution="県の窓口", contact="c@example.jp", actor=_office())
    return api_key_revoke(api_key=row, actor=outsider)


def _active_set(outsider: Any) -> object:
    return institution_active_set(actor=outsider, institution=_institution(_office()), is_active=False)


def _contact_add(outsider: Any) -> object:
    # The outsider adds themself: the most tempting misuse.
    return institution_contact_add(actor=outsider, institution=_institution(_office()), email=outsider.email)


def _contact_deactivate(outsider: Any) -> object:
    from secaction.accounts.models import User

    office = _office()
    User.objects.create_user(email="contact@example.jp")
    contact = institution_contact_add(
        actor=office, institution=_institution(office), email="contact@example.jp"
    )
    return institution_contact_deactivate(actor=outsider, contact=contact)


def _assign(outsider: Any) -> object:
    office = _office()
    row, _key = api_key_issue(institution="旧キー", contact="c@example.jp", actor=office)
    return api_key_assign(actor=outsider, api_key=row, holder=_institution(office))


CASES = [
    OutsiderCase(
        "institutions.api_key_issue",
        lambda outsider: api_key_issue(institution="自称機関", contact="x@example.jp", actor=outsider),
    ),
    OutsiderCase("institutions.api_key_revoke", _revoke),
    OutsiderCase(
        "institutions.institution_create",
        lambda outsider: institution_create(actor=outsider, name="自称機関", kind="other"),
    ),
    OutsiderCase("institutions.institution_active_set", _active_set),
    OutsiderCase("institutions.institution_contact_add", _contact_add),
    OutsiderCase("institutions.institution_contact_deactivate", _contact_deactivate),
    OutsiderCase("institutions.api_key_assign", _assign),
]

EXEMPT = {
    "institutions.api_key_authenticate": (
        "runs on every API call before anyone is known: the key presented is the credential being checked"
    ),
    "institutions.api_usage_record": (
        "counts a request the API already authenticated by its key; there is no person acting"
    ),
}
