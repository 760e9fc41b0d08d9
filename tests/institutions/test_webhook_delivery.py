"""Webhooks end to end against a real receiver on 127.0.0.1: signed deliveries, retries, giving up, replay."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from secaction.institutions.models import WebhookDelivery
from secaction.institutions.services.webhooks import (
    webhook_changes_fan_out,
    webhook_deliveries_send_due,
    webhook_delivery_replay,
    webhook_register,
)
from secaction.institutions.webhooks import RETRY_WINDOW
from tests.registry.factories import make_declaration

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def _docs_verifier() -> Any:
    """The signature check exactly as docs/api.md prints it, executed."""
    text = DOCS.read_text()
    block = re.search(r"```python\n(import hashlib\n.*?)```", text, re.S)
    assert block, "the verification snippet is missing from docs/api.md"
    namespace: dict[str, Any] = {}
    exec(compile(block.group(1), str(DOCS), "exec"), namespace)  # noqa: S102 (our own documentation)
    return namespace["secaction_signature_ok"]


def _withdraw(declaration, capture) -> None:
    with capture(execute=True):
        declaration.status, declaration.ended_at = "withdrawn", timezone.now()
        declaration.save()


def test_a_withdrawal_arrives_signed_and_the_docs_snippet_verifies_it(
    office_side, receiver, django_capture_on_commit_callbacks
) -> None:
    declaration = make_declaration(level="two_star")
    with django_capture_on_commit_callbacks(execute=True):
        webhook, secret = webhook_register(
            api_key=office_side.key, url=receiver.url, actor=office_side.contact
        )
    assert len(secret) == 64
    ping = receiver.requests[0]
    assert json.loads(ping.body)["type"] == "ping"

    _withdraw(declaration, django_capture_on_commit_callbacks)
    assert len(receiver.requests) == 2
    got = receiver.requests[1]
    payload = json.loads(got.body)
    assert payload["type"] == "registry.changes"
    assert [(c["declaration_id"], c["kind"], c["status"]) for c in payload["changes"]] == [
        (declaration.declaration_id, "ended", "withdrawn")
    ]
    assert got.headers["X-SecAction-Event-Id"] == str(payload["event_id"])
    verify = _docs_verifier()
    assert verify(secret, got.headers, got.body) is True
    assert verify("another-secret", got.headers, got.body) is False
    assert verify(secret, got.headers, got.body + b" ") is False
    stale = {**got.headers, "X-SecAction-Timestamp": str(int(got.headers["X-SecAction-Timestamp"]) - 3600)}
    assert verify(secret, stale, got.body) is False
    delivery = WebhookDelivery.objects.get(webhook=webhook, event_id=payload["event_id"], replay_of=None)
    assert delivery.status == "delivered" and delivery.attempts == 1 and delivery.last_status_code == 204


def test_changes_before_registration_are_not_sent_and_none_is_sent_twice(
    office_side, receiver, django_capture_on_commit_callbacks
) -> None:
    make_declaration()  # recorded before the webhook existed
    with django_capture_on_commit_callbacks(execute=True):
        webhook_register(api_key=office_side.key, url=receiver.url, actor=office_side.contact)
    later = make_declaration()  # outside on_commit capture: written, not yet fanned out
    with django_capture_on_commit_callbacks(execute=True):
        assert webhook_changes_fan_out() == 1
        assert webhook_changes_fan_out() == 0
    sent = [json.loads(r.body) for r in receiver.requests]
    assert [c["declaration_id"] for p in sent for c in p["changes"]] == [later.declaration_id]


def test_an_import_sized_burst_is_packed_into_few_deliveries(
    office_side, receiver, django_capture_on_commit_callbacks
) -> None:
    from secaction.institutions.models import Webhook

    Webhook.objects.create(api_key=office_side.key, url=receiver.url, secret="s" * 64)
    for _ in range(250):
        make_declaration()
    with django_capture_on_commit_callbacks(execute=True):
        assert webhook_changes_fan_out() == 3  # 100 + 100 + 50 changes
    payloads = [json.loads(r.body) for r in receiver.requests]
    assert sorted(len(p["changes"]) for p in payloads) == [50, 100, 100]


def test_a_failing_receiver_is_retried_with_backoff_then_given_up_after_24_hours(
    office_side, receiver, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    start = dt.datetime(2026, 12, 1, 0, 0, tzinfo=dt.UTC)
    clock = {"now": start}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    monkeypatch.setattr("secaction.institutions.services.webhooks.random.random", lambda: 0.5)  # no jitter
    receiver.status = 500
    with django_capture_on_commit_callbacks(execute=True):
        webhook, _secret = webhook_register(
            api_key=office_side.key, url=receiver.url, actor=office_side.contact
        )
    ping = WebhookDelivery.objects.get(webhook=webhook)
    assert (ping.status, ping.attempts, ping.last_status_code) == ("pending", 1, 500)
    assert ping.next_attempt_at == start + dt.timedelta(minutes=1)
    assert ping.last_error == "HTTP 500"

    # Not due yet: nothing is sent.
    clock["now"] = start + dt.timedelta(seconds=59)
    assert webhook_deliveries_send_due() == 0
    times = []
    while True:
        ping.refresh_from_db()
        if ping.next_attempt_at is None:
            break
        times.append(ping.next_attempt_at - start)
        clock["now"] = ping.next_attempt_at
        assert webhook_deliveries_send_due() == 1
    minutes = [int(t.total_seconds() // 60) for t in times]
    assert minutes == [1, 6, 36, 156, 516, 1236, 1440]  # 1m, +5m, +30m, +2h, +6h, +12h, then 24 h
    assert ping.status == "failed" and ping.attempts == 8
    assert clock["now"] - start == RETRY_WINDOW
    assert len(receiver.requests) == 8


def test_a_receiver_back_up_gets_the_retry(
    office_side, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    start = timezone.now()
    receiver.status = 503
    with django_capture_on_commit_callbacks(execute=True):
        webhook, _secret = webhook_register(
            api_key=office_side.key, url=receiver.url, actor=office_side.contact
        )
    receiver.status = 200
    monkeypatch.setattr(timezone, "now", lambda: start + dt.timedelta(minutes=2))
    assert webhook_deliveries_send_due() == 1
    ping = WebhookDelivery.objects.get(webhook=webhook)
    assert (ping.status, ping.attempts, ping.last_status_code, ping.next_attempt_at) == (
        "delivered",
        2,
        200,
        None,
    )


def test_replay_sends_the_same_event_again_as_a_new_delivery(
    office_side, receiver, django_capture_on_commit_callbacks
) -> None:
    declaration = make_declaration()
    with django_capture_on_commit_callbacks(execute=True):
        webhook, secret = webhook_register(
            api_key=office_side.key, url=receiver.url, actor=office_side.contact
        )
    _withdraw(declaration, django_capture_on_commit_callbacks)
    original = WebhookDelivery.objects.filter(webhook=webhook).order_by("-event_id", "-id").first()
    with django_capture_on_commit_callbacks(execute=True):
        replay = webhook_delivery_replay(delivery=original, actor=office_side.contact)
    replay.refresh_from_db()
    assert replay.replay_of == original and replay.status == "delivered"
    assert receiver.requests[-1].body == receiver.requests[-2].body
    assert receiver.requests[-1].headers["X-SecAction-Event-Id"] == str(original.event_id)
    assert _docs_verifier()(secret, receiver.requests[-1].headers, receiver.requests[-1].body)
    # A replay does not move the webhook's position: the next change still arrives once.
    make_declaration()
    assert webhook_changes_fan_out() == 1


def test_a_deactivated_webhook_gets_nothing(
    office_side, receiver, django_capture_on_commit_callbacks
) -> None:
    from secaction.institutions.services.webhooks import webhook_deactivate

    with django_capture_on_commit_callbacks(execute=True):
        webhook, _secret = webhook_register(
            api_key=office_side.key, url=receiver.url, actor=office_side.contact
        )
    webhook_deactivate(webhook=webhook, actor=office_side.contact)
    make_declaration()
    assert webhook_changes_fan_out() == 0
    assert len(receiver.requests) == 1  # the ping only


def test_a_receiver_that_is_down_costs_one_attempt_per_run_not_one_per_delivery(
    office_side, receiver, django_capture_on_commit_callbacks
) -> None:
    from secaction.institutions.models import Webhook

    hook = Webhook.objects.create(api_key=office_side.key, url=receiver.url, secret="s" * 64)
    for _ in range(250):
        make_declaration()
    receiver.status = 500
    with django_capture_on_commit_callbacks(execute=True):
        assert webhook_changes_fan_out() == 3
    assert len(receiver.requests) == 1  # the first failed: the other two wait for the next run
    statuses = sorted(WebhookDelivery.objects.filter(webhook=hook).values_list("attempts", flat=True))
    assert statuses == [0, 0, 1]
    receiver.status = 204
    assert webhook_deliveries_send_due() == 2  # the two never tried are due; the failed one waits a minute
    assert len(receiver.requests) == 3
