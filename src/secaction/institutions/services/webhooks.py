"""Webhooks: registering and deactivating them, replaying a delivery, fanning changes out, sending.

Design (docs/api.md, "Webhook"): webhooks are fed from the change feed itself, in the feed's order and with
its limit (on PostgreSQL, by writing transaction then id, only finished transactions' changes). Each
webhook has a position in the feed, the change of its latest own (non-replay) delivery's ``event_id``;
registering one sends a ``ping`` delivery whose event id is the newest change the feed serves then, so it
starts there. The fan-out reads the feed
after each webhook's position and writes deliveries of up to ``CHANGES_PER_DELIVERY`` changes in bulk, so
an import of 350,000 rows makes 3,500 deliveries per webhook in a few statements, not 350,000 tasks. The
webhook row is locked while its deliveries are written, so two fan-outs never send the same change twice.
A delivery's ``event_id`` is the feed position of its last change.

Contacts (``institution_contact_require``) register, deactivate and replay; the fan-out and the sending
run in background tasks with no actor.
"""

from __future__ import annotations

import random
import time
from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.services import audit_record, model_snapshot
from secaction.registry.selectors import (
    FeedPosition,
    registry_change_last_position,
    registry_change_position,
    registry_changes_page,
)

from ..models import ApiKey, Webhook, WebhookDelivery
from ..permissions import institution_contact_require
from ..webhook_sender import host_addresses, webhook_post
from ..webhooks import (
    CHANGES_PER_DELIVERY,
    webhook_address_check,
    webhook_body,
    webhook_headers,
    webhook_next_attempt,
    webhook_payload,
    webhook_secret_new,
    webhook_url_problem,
)

if TYPE_CHECKING:
    from secaction.accounts.models import User

# Changes read from the feed per statement while fanning out.
FAN_OUT_PAGE = 5000
MAX_ACTIVE_WEBHOOKS_PER_KEY = 5


def _allowed_hosts() -> list[str]:
    return list(getattr(settings, "WEBHOOK_ALLOW_HTTP_HOSTS", []))


def _contact_require(actor: User, api_key: ApiKey) -> None:
    if api_key.holder is None:
        raise AccessDenied(_("この機関の担当者として登録されていません。"))
    institution_contact_require(actor, api_key.holder)


def _enqueue_send(delivery_ids: list[int] | None = None) -> None:
    from ..tasks_webhooks import webhook_deliveries_send, webhook_delivery_send

    if delivery_ids is None:
        transaction.on_commit(lambda: webhook_deliveries_send.enqueue())
    else:
        for pk in delivery_ids:
            transaction.on_commit(partial(webhook_delivery_send.enqueue, pk))


@transaction.atomic
def webhook_register(*, api_key: ApiKey, url: str, actor: User) -> tuple[Webhook, str]:
    """Register ``url`` for one of the actor's institution's active keys; returns the webhook and its secret.

    The secret signs every delivery, so it is stored as it is (a hash could not sign); it is shown
    once, when registered. A ``ping`` delivery (no changes) is sent at once, so the receiver can test
    its signature check; the webhook receives every change recorded after it.
    """
    _contact_require(actor, api_key)
    url = (url or "").strip()
    if api_key.revoked_at is not None:
        raise ServiceError({"api_key": _("このAPIキーは失効しています。")})
    problem = webhook_url_problem(url, allow_http_hosts=_allowed_hosts())
    if problem is None:
        parts = urlsplit(url)
        host = parts.hostname or ""
        problem = webhook_address_check(
            host, host_addresses(host, parts.port or 443), allow_hosts=_allowed_hosts()
        )
    if problem:
        raise ServiceError({"url": problem})
    if len(url) > Webhook._meta.get_field("url").max_length:  # type: ignore[operator]
        raise ServiceError({"url": _("URLが長すぎます(500文字まで)。")})
    if Webhook.objects.filter(api_key=api_key, is_active=True).count() >= MAX_ACTIVE_WEBHOOKS_PER_KEY:
        raise ServiceError(
            {
                "url": _("1つのAPIキーに登録できるWebhookは%(count)d件までです。")
                % {"count": MAX_ACTIVE_WEBHOOKS_PER_KEY}
            }
        )
    secret = webhook_secret_new()
    webhook = Webhook.objects.create(api_key=api_key, url=url, secret=secret, created_by=actor)
    audit_record(
        actor=actor,
        action="webhook.register",
        target=webhook,
        after=model_snapshot(webhook, ["url", "api_key_id"]),
    )
    event_id = registry_change_last_position()[1]
    ping = WebhookDelivery.objects.create(
        webhook=webhook,
        event_id=event_id,
        payload={"event_id": event_id, "type": "ping", "changes": []},
        next_attempt_at=timezone.now(),
    )
    _enqueue_send([ping.pk])
    return webhook, secret


@transaction.atomic
def webhook_deactivate(*, webhook: Webhook, actor: User) -> Webhook:
    """Stop sending to a webhook (idempotent); its deliveries stay in the log, pending ones are not sent."""
    _contact_require(actor, webhook.api_key)
    if webhook.is_active:
        webhook.is_active = False
        webhook.save(update_fields=["is_active"])
        audit_record(actor=actor, action="webhook.deactivate", target=webhook, after={"is_active": False})
    return webhook


@transaction.atomic
def webhook_delivery_replay(*, delivery: WebhookDelivery, actor: User) -> WebhookDelivery:
    """Send a delivery again, as a new delivery (``replay_of``) with the same event id and payload, at once."""
    webhook = delivery.webhook
    _contact_require(actor, webhook.api_key)
    if not webhook.is_active:
        raise ServiceError(_("このWebhookは無効になっているため、再送できません。"))
    replay = WebhookDelivery.objects.create(
        webhook=webhook,
        event_id=delivery.event_id,
        payload=delivery.payload,
        replay_of=delivery,
        next_attempt_at=timezone.now(),
    )
    audit_record(actor=actor, action="webhook.replay", target=replay, after={"replay_of": delivery.pk})
    _enqueue_send([replay.pk])
    return replay


def _webhook_position(webhook: Webhook) -> FeedPosition:
    """Where the webhook's feed continues: after the change of its latest own delivery.

    Its deliveries are written in feed order while the webhook row is locked, so the latest by id is the
    furthest; event ids follow the feed's order, not their numbers (a lower id can come later).
    """
    found = (
        WebhookDelivery.objects.filter(webhook=webhook, replay_of__isnull=True)
        .order_by("-pk")
        .values_list("event_id", flat=True)
        .first()
    )
    return registry_change_position(int(found or 0))


def webhook_changes_fan_out(*, max_changes: int | None = None) -> int:
    """Write deliveries for every active webhook of an active key for the changes after its position.

    Returns how many deliveries were created. Safe to run concurrently (the webhook row is locked while
    its deliveries are written). ``max_changes`` bounds one run per webhook (the next run continues).
    """
    created = 0
    now = timezone.now()
    webhook_ids = list(
        Webhook.objects.filter(is_active=True, api_key__revoked_at__isnull=True).values_list("pk", flat=True)
    )
    for webhook_id in webhook_ids:
        with transaction.atomic():
            webhook = Webhook.objects.select_for_update().filter(pk=webhook_id, is_active=True).first()
            if webhook is None:
                continue
            after, done = _webhook_position(webhook), 0
            while max_changes is None or done < max_changes:
                page = registry_changes_page(after, FAN_OUT_PAGE)
                rows = []
                for start in range(0, len(page.items), CHANGES_PER_DELIVERY):
                    event_id = page.ids[min(start + CHANGES_PER_DELIVERY, len(page.ids)) - 1]
                    chunk = page.items[start : start + CHANGES_PER_DELIVERY]
                    rows.append(
                        WebhookDelivery(
                            webhook=webhook,
                            event_id=event_id,
                            payload=webhook_payload(event_id, chunk),
                            next_attempt_at=now,
                        )
                    )
                WebhookDelivery.objects.bulk_create(rows, batch_size=500)
                created += len(rows)
                done += len(page.items)
                after = page.last
                if not page.has_more:
                    break
    if created:
        _enqueue_send()
    return created


def webhook_delivery_attempt(delivery_id: int) -> str:
    """Try one pending delivery now and record the attempt; returns its status afterwards.

    A 2xx answer delivers it; anything else schedules the next try (backoff with jitter,
    ``webhooks.webhook_next_attempt``) or, 24 hours after the first try, gives up (``failed``).
    The row is claimed with ``SKIP LOCKED`` so two workers never send the same delivery.
    """
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("webhook__api_key")
            .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return "skipped"
        webhook = delivery.webhook
        now = timezone.now()
        if not webhook.is_active or webhook.api_key.revoked_at is not None:
            delivery.status = WebhookDelivery.Status.FAILED
            delivery.last_error = "webhook deactivated or key revoked"
            delivery.next_attempt_at = None
            delivery.save(update_fields=["status", "last_error", "next_attempt_at"])
            return str(delivery.status)
        body = webhook_body(delivery.payload)
        timestamp = int(now.timestamp())
        headers = webhook_headers(
            secret=webhook.secret, event_id=delivery.event_id, timestamp=timestamp, body=body
        )
        result = webhook_post(webhook.url, body=body, headers=headers, allow_hosts=_allowed_hosts())
        delivery.attempts += 1
        delivery.last_status_code = result.status_code
        delivery.last_error = result.error
        if result.ok:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = webhook_next_attempt(
                first_attempt_at=delivery.created_at,
                attempts=delivery.attempts,
                now=now,
                rand=random.random(),
            )
            if delivery.next_attempt_at is None:
                delivery.status = WebhookDelivery.Status.FAILED
        delivery.save(
            update_fields=[
                "attempts",
                "last_status_code",
                "last_error",
                "status",
                "delivered_at",
                "next_attempt_at",
            ]
        )
        return str(delivery.status)


def webhook_deliveries_send_due(*, batch: int = 500, budget_seconds: float = 50.0) -> int:
    """Attempt the pending deliveries whose time has come, oldest first, for up to ``budget_seconds``.

    Returns how many were attempted. After a failed attempt the webhook's other due deliveries wait for the
    next run, so a receiver that is down costs one timeout per run, not one per delivery (after an import of
    350,000 declarations it has 3,500 of them).
    """
    deadline = time.monotonic() + budget_seconds
    attempted, failing, taken = 0, set[int](), set[int]()
    while time.monotonic() < deadline:
        due = list(
            WebhookDelivery.objects.filter(
                status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=timezone.now()
            )
            .exclude(webhook_id__in=failing)
            .exclude(pk__in=taken)
            .order_by("next_attempt_at", "id")
            .values_list("pk", "webhook_id")[:batch]
        )
        if not due:
            break
        for pk, webhook_id in due:
            if webhook_id in failing or time.monotonic() >= deadline:
                continue
            status = webhook_delivery_attempt(pk)
            if status == "skipped":  # another worker holds it
                taken.add(pk)
                continue
            attempted += 1
            if status == WebhookDelivery.Status.PENDING:
                failing.add(webhook_id)
    return attempted
