"""The contacts' webhook pages: register (secret shown once), read the log, replay, deactivate; and who may not."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.models import AuditEvent
from secaction.institutions.models import Webhook, WebhookDelivery
from secaction.institutions.services.webhooks import webhook_delivery_replay, webhook_register

pytestmark = pytest.mark.django_db


def _register(client, side, url: str, capture) -> object:
    client.force_login(side.contact)
    with capture(execute=True):
        return client.post(reverse("institutions:webhooks"), {"api_key": side.key.pk, "url": url})


def test_a_contact_registers_a_webhook_and_sees_the_secret_once(
    client, office_side, receiver, django_capture_on_commit_callbacks
) -> None:
    response = _register(client, office_side, receiver.url, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    webhook = Webhook.objects.get(api_key=office_side.key)
    page = response.content.decode()
    assert webhook.secret in page
    assert json.loads(receiver.requests[0].body)["type"] == "ping"
    assert AuditEvent.objects.filter(action="webhook.register").exists()
    listing = client.get(reverse("institutions:webhooks")).content.decode()
    assert receiver.url in listing and webhook.secret not in listing
    log = client.get(reverse("institutions:webhook", args=[webhook.pk])).content.decode()
    assert "送信済み" in log and webhook.secret not in log


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://hooks.example.jp/x", "https://"),
        ("https://10.1.2.3/hook", "内部ネットワーク"),
        ("not a url", "https://"),
        ("", "送信先URLを入力してください"),
    ],
)
def test_bad_urls_are_refused_on_the_form_without_a_500(
    client, office_side, django_capture_on_commit_callbacks, url, message
) -> None:
    response = _register(client, office_side, url, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Webhook.objects.exists()


def test_a_name_resolving_inside_is_refused(office_side, monkeypatch) -> None:
    monkeypatch.setattr(
        "secaction.institutions.services.webhooks.host_addresses", lambda host, port: ["192.168.0.9"]
    )
    with pytest.raises(ServiceError) as caught:
        webhook_register(api_key=office_side.key, url="https://hooks.example.jp/", actor=office_side.contact)
    assert "url" in caught.value.message_dict


def test_sending_refuses_an_address_that_changed_to_an_internal_one(
    office_side, receiver, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    """DNS rebinding: the name was public when registered, internal when sent: nothing is sent."""
    monkeypatch.setattr(
        "secaction.institutions.services.webhooks.host_addresses", lambda host, port: ["93.184.215.14"]
    )
    monkeypatch.setattr(
        "secaction.institutions.webhook_sender.host_addresses", lambda host, port: ["127.0.0.1"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        webhook, _secret = webhook_register(
            api_key=office_side.key, url="https://hooks.example.jp/", actor=office_side.contact
        )
    ping = WebhookDelivery.objects.get(webhook=webhook)
    assert ping.status == "pending" and ping.last_status_code is None and "内部" in ping.last_error
    assert receiver.requests == []


def test_another_institution_can_neither_see_nor_replay(
    client, office_side, other_side, receiver, django_capture_on_commit_callbacks
) -> None:
    _register(client, office_side, receiver.url, django_capture_on_commit_callbacks)
    webhook = Webhook.objects.get(api_key=office_side.key)
    delivery = WebhookDelivery.objects.get(webhook=webhook)
    client.force_login(other_side.contact)
    assert client.get(reverse("institutions:webhook", args=[webhook.pk])).status_code == 404
    assert receiver.url not in client.get(reverse("institutions:webhooks")).content.decode()
    assert client.post(reverse("institutions:webhook_replay", args=[delivery.pk])).status_code == 404
    assert client.post(reverse("institutions:webhook_deactivate", args=[webhook.pk])).status_code == 404
    # Registering for a key that is not theirs: the form does not offer it, the service refuses it.
    response = client.post(
        reverse("institutions:webhooks"), {"api_key": office_side.key.pk, "url": receiver.url}
    )
    assert "使えるAPIキーを選んでください" in response.content.decode()
    with pytest.raises(AccessDenied):
        webhook_delivery_replay(delivery=delivery, actor=other_side.contact)
    with pytest.raises(AccessDenied):
        webhook_register(api_key=office_side.key, url=receiver.url, actor=other_side.contact)
    assert WebhookDelivery.objects.filter(webhook=webhook).count() == 1
    webhook.refresh_from_db()
    assert webhook.is_active


def test_someone_who_is_no_contact_gets_403_and_anonymous_the_login(client, django_user_model) -> None:
    assert client.get(reverse("institutions:webhooks")).status_code == 302
    client.force_login(django_user_model.objects.create_user(email="nobody@example.jp"))
    assert client.get(reverse("institutions:webhooks")).status_code == 403


def test_replay_and_deactivate_from_the_pages(
    client, office_side, receiver, django_capture_on_commit_callbacks
) -> None:
    _register(client, office_side, receiver.url, django_capture_on_commit_callbacks)
    webhook = Webhook.objects.get(api_key=office_side.key)
    ping = WebhookDelivery.objects.get(webhook=webhook)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("institutions:webhook_replay", args=[ping.pk]))
    assert response.status_code == 302
    replay = WebhookDelivery.objects.get(replay_of=ping)
    assert replay.status == "delivered" and len(receiver.requests) == 2
    log = client.get(reverse("institutions:webhook", args=[webhook.pk])).content.decode()
    assert f"送信 {ping.pk} の再送" in log
    client.post(reverse("institutions:webhook_deactivate", args=[webhook.pk]))
    webhook.refresh_from_db()
    assert webhook.is_active is False
    response = client.post(reverse("institutions:webhook_replay", args=[ping.pk]), follow=True)
    assert "無効になっているため" in response.content.decode()


def test_the_webhook_pages_in_english_show_no_japanese(
    client, office_side, receiver, django_capture_on_commit_callbacks
) -> None:
    from django.conf import settings

    from tests.i18n.japanese import japanese_left

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    registered = _register(client, office_side, receiver.url, django_capture_on_commit_callbacks)
    webhook = Webhook.objects.get(api_key=office_side.key)
    ping = WebhookDelivery.objects.get(webhook=webhook)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("institutions:webhook_replay", args=[ping.pk]))
    names = (office_side.institution.name, office_side.key.institution)
    pages = {
        "registered": registered.content.decode(),
        "list": client.get(reverse("institutions:webhooks")).content.decode(),
        "log": client.get(reverse("institutions:webhook", args=[webhook.pk])).content.decode(),
        "refused": client.post(
            reverse("institutions:webhooks"), {"api_key": office_side.key.pk, "url": "http://x.example/"}
        ).content.decode(),
    }
    for name, html in pages.items():
        assert japanese_left(html, allowed=names) == [], name
    assert "Please use an https:// URL" in pages["refused"]
    assert "sent again from delivery" in pages["log"]
