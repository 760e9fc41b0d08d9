"""Reads of webhooks for the contacts' pages, always scoped to one institution (another one's are None)."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ApiKey, Institution, Webhook, WebhookDelivery

DELIVERY_LOG_SIZE = 200


def webhook_keys_for(institution: Institution) -> QuerySet[ApiKey]:
    """The institution's active keys, the ones a webhook can be registered for."""
    return ApiKey.objects.filter(holder=institution, revoked_at__isnull=True).order_by("created_at", "id")


def webhooks_for(institution: Institution) -> QuerySet[Webhook]:
    """Every webhook of the institution's keys, active first, newest first."""
    return (
        Webhook.objects.filter(api_key__holder=institution)
        .select_related("api_key")
        .order_by("-is_active", "-created_at", "-id")
    )


def webhook_get(institution: Institution, pk: int) -> Webhook | None:
    """One of the institution's webhooks, or None (also for another institution's)."""
    return webhooks_for(institution).filter(pk=pk).first()


def webhook_deliveries(webhook: Webhook) -> QuerySet[WebhookDelivery]:
    """The webhook's latest deliveries, newest first (the log the contacts read)."""
    return WebhookDelivery.objects.filter(webhook=webhook).order_by("-created_at", "-id")[:DELIVERY_LOG_SIZE]


def webhook_delivery_get(institution: Institution, pk: int) -> WebhookDelivery | None:
    """One delivery of the institution's webhooks, or None (also for another institution's)."""
    return (
        WebhookDelivery.objects.filter(pk=pk, webhook__api_key__holder=institution)
        .select_related("webhook__api_key__holder")
        .first()
    )


def webhooks_for_key(api_key: ApiKey) -> QuerySet[Webhook]:
    """The webhooks registered for one key (what the key itself may read through the API)."""
    return Webhook.objects.filter(api_key=api_key).order_by("-is_active", "-created_at", "-id")


def webhook_deliveries_for_key(
    api_key: ApiKey, *, webhook_id: int | None = None, limit: int = DELIVERY_LOG_SIZE
) -> QuerySet[WebhookDelivery]:
    """The latest deliveries of the key's webhooks (of one of them with ``webhook_id``), newest first."""
    deliveries = WebhookDelivery.objects.filter(webhook__api_key=api_key)
    if webhook_id is not None:
        deliveries = deliveries.filter(webhook_id=webhook_id)
    return deliveries.order_by("-created_at", "-id")[:limit]
