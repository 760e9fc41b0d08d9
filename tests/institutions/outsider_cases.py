"""Outsider cases for the institutions' services: institutions, contacts and keys are the programme office's,
webhooks their holder's contacts'."""

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
    webhook_deactivate,
    webhook_delivery_replay,
    webhook_register,
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


def _held_key() -> Any:
    """A key held by an institution the outsider is not a contact of."""
    from secaction.accounts.models import User
    from secaction.institutions.models import Institution

    office = User.objects.create_user(email="office@example.jp", is_staff=True)
    holder = Institution.objects.create(name="県の補助金事務局")
    return api_key_issue(contact="c@example.jp", actor=office, holder=holder)[0]


def _webhook() -> Any:
    from secaction.institutions.models import Webhook

    return Webhook.objects.create(api_key=_held_key(), url="https://hooks.example.jp/", secret="s" * 64)


def _replay(outsider: Any) -> object:
    from secaction.institutions.models import WebhookDelivery

    delivery = WebhookDelivery.objects.create(webhook=_webhook(), event_id=1, payload={"changes": []})
    return webhook_delivery_replay(delivery=delivery, actor=outsider)


CASES = [
    OutsiderCase(
        "institutions.webhook_register",
        lambda outsider: webhook_register(
            api_key=_held_key(), url="https://hooks.example.jp/", actor=outsider
        ),
    ),
    OutsiderCase(
        "institutions.webhook_deactivate",
        lambda outsider: webhook_deactivate(webhook=_webhook(), actor=outsider),
    ),
    OutsiderCase("institutions.webhook_delivery_replay", _replay),
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
    "institutions.webhook_changes_fan_out": (
        "a background task with no actor: it copies public registry changes to the webhooks their keys registered"
    ),
    "institutions.webhook_delivery_attempt": (
        "a background task's delivery step with no actor: it sends a delivery already created for its webhook"
    ),
    "institutions.webhook_deliveries_send_due": (
        "a background task with no actor: it attempts deliveries whose retry time has come"
    ),
    "institutions.api_key_authenticate": (
        "runs on every API call before anyone is known: the key presented is the credential being checked"
    ),
    "institutions.api_usage_record": (
        "counts a request the API already authenticated by its key; there is no person acting"
    ),
}


# Bulk CSV uploads (institutions/services/uploads.py).
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
