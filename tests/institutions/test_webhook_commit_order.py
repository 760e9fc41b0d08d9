"""Webhooks follow the change feed's order: a change whose lower id commits later is still sent, once
(PostgreSQL only; see tests/api/test_changes_commit_order.py for the feed itself)."""

from __future__ import annotations

import pytest
from django.db import connection

from secaction.institutions.models import WebhookDelivery
from secaction.institutions.services.webhooks import webhook_changes_fan_out, webhook_register
from secaction.registry.models import RegistryChange
from tests.api.test_changes_commit_order import (
    change_in_open_transaction,
    change_insert,
    eventually,
    other_connection,
)
from tests.registry.factories import make_declaration

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent transactions (DATABASE_URL=postgres://…)"
    ),
]


def _sent_codes(webhook) -> list[str]:
    deliveries = WebhookDelivery.objects.filter(webhook=webhook, replay_of__isnull=True).order_by("pk")
    return [c["declaration_id"] for d in deliveries for c in d.payload.get("changes", [])]


def test_a_webhook_registered_while_a_lower_id_is_in_flight_receives_it_and_the_higher_one(
    office_side, receiver
) -> None:
    before = make_declaration()  # served to nobody: the webhook starts after it
    eventually(lambda: RegistryChange.objects.filter(declaration_code=before.declaration_id).exists())
    with change_in_open_transaction("99999999992") as (lower_id, commit):
        later = make_declaration()  # committed now, with the higher id
        assert RegistryChange.objects.get(declaration_code=later.declaration_id).pk > lower_id
        webhook, _secret = webhook_register(
            api_key=office_side.key, url=receiver.url, actor=office_side.contact
        )
        webhook_changes_fan_out()
        assert _sent_codes(webhook) == []  # the higher id waits for the open transaction
        commit()

    def delivered() -> bool:
        webhook_changes_fan_out()
        return len(_sent_codes(webhook)) >= 2

    assert eventually(delivered), _sent_codes(webhook)
    assert _sent_codes(webhook) == ["99999999992", later.declaration_id]  # each once, in the feed's order
    webhook_changes_fan_out()
    assert _sent_codes(webhook) == ["99999999992", later.declaration_id]


def test_the_fan_out_continues_after_its_latest_delivery_not_its_highest_event_id(
    office_side, receiver
) -> None:
    """Event ids follow the feed's order, not their numbers: a delivery can carry a lower id than the one
    before it, and the fan-out must walk on from the latest delivery (or it would send it again forever)."""
    webhook, _secret = webhook_register(api_key=office_side.key, url=receiver.url, actor=office_side.contact)
    first, second = other_connection(), other_connection()
    try:
        first.execute("SELECT pg_current_xact_id()")  # the older transaction ...
        lower_id = change_insert(second, "99999999993")  # ... records its change after a younger one
        higher_id = change_insert(first, "99999999994")
        assert higher_id > lower_id
        first.commit()
        assert eventually(lambda: webhook_changes_fan_out() is not None and _sent_codes(webhook))
        assert _sent_codes(webhook) == ["99999999994"]  # the older transaction's change, the higher id
        second.commit()
    finally:
        for other in (first, second):
            other.rollback()
            other.close()
    assert eventually(lambda: webhook_changes_fan_out() is not None and len(_sent_codes(webhook)) >= 2)
    events = list(
        WebhookDelivery.objects.filter(webhook=webhook, payload__type="registry.changes")
        .order_by("pk")
        .values_list("event_id", flat=True)
    )
    assert events == [higher_id, lower_id]
    webhook_changes_fan_out()
    webhook_changes_fan_out()
    assert _sent_codes(webhook) == ["99999999994", "99999999993"]  # each once
