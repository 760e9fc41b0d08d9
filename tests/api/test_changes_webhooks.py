"""The read-only webhook endpoints of the API: a key reads its own webhooks and delivery log, nobody else's."""

from __future__ import annotations

import pytest

from secaction.api.changes import DeliveriesOut, WebhooksOut
from secaction.institutions.models import Webhook, WebhookDelivery
from secaction.institutions.services import api_key_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def keys(django_user_model):
    office = django_user_model.objects.create_user(email="office@example.jp", is_staff=True)
    return [
        api_key_issue(institution=n, contact="c@example.jp", actor=office) for n in ("県の事務局", "取引先")
    ]


def _get(client, key: str, path: str, **params: object):
    return client.get(f"/api/v1/{path}", params, HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_key_reads_its_webhooks_and_their_deliveries_only(client, keys) -> None:
    (mine, my_key), (theirs, their_key) = keys
    hook = Webhook.objects.create(api_key=mine, url="https://hooks.example.jp/a", secret="s" * 64)
    other = Webhook.objects.create(api_key=theirs, url="https://partner.example.jp/b", secret="t" * 64)
    first = WebhookDelivery.objects.create(
        webhook=hook, event_id=5, payload={"type": "registry.changes", "changes": [{}, {}]}, status="failed"
    )
    WebhookDelivery.objects.create(webhook=hook, event_id=5, payload=first.payload, replay_of=first)
    WebhookDelivery.objects.create(webhook=other, event_id=9, payload={"type": "ping", "changes": []})

    listed = _get(client, my_key, "webhooks").json()
    WebhooksOut.model_validate(listed)
    assert [w["url"] for w in listed["webhooks"]] == ["https://hooks.example.jp/a"]
    assert "secret" not in listed["webhooks"][0]

    log = _get(client, my_key, "webhooks/deliveries").json()
    DeliveriesOut.model_validate(log)
    assert [(d["event_id"], d["status"], d["changes"], d["replay_of"]) for d in log["deliveries"]] == [
        (5, "pending", 2, first.pk),
        (5, "failed", 2, None),
    ]
    # Another key's webhook, asked for by number, answers an empty log (not its deliveries).
    assert _get(client, my_key, "webhooks/deliveries", webhook_id=other.pk).json() == {"deliveries": []}
    assert [d["event_id"] for d in _get(client, their_key, "webhooks/deliveries").json()["deliveries"]] == [9]


def test_the_webhook_endpoints_need_a_key_and_refuse_unknown_parameters(client, keys) -> None:
    assert client.get("/api/v1/webhooks").status_code == 401
    assert client.get("/api/v1/webhooks/deliveries").status_code == 401
    response = _get(client, keys[0][1], "webhooks", page=2)
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "unknown_parameter"
    assert _get(client, keys[0][1], "webhooks/deliveries", limit=0).status_code == 400
