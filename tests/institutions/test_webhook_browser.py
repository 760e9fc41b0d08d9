"""A contact registers a webhook in the browser and sees a withdrawal arrive at a local receiver, signed."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.registry.factories import make_declaration

from .test_webhook_delivery import _docs_verifier
from .webhook_fixtures import side_make


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_register_a_webhook_and_receive_a_signed_withdrawal(live_server, page, shots, receiver) -> None:
    side = side_make("テスト県補助金事務局", "hojo@example.jp")
    declaration = make_declaration(level="two_star")
    client = Client()
    client.force_login(side.contact)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )

    page.goto(f"{live_server.url}/institutions/webhooks/")
    page.get_by_role("heading", name="Webhook(変更の自動通知)").wait_for()
    page.get_by_label("送信先URL").fill("http://hooks.example.jp/x")
    page.get_by_role("button", name="登録する").click()
    page.get_by_text("https:// のURLにしてください").wait_for()  # refused clearly, nothing lost
    shots("refused")
    page.get_by_label("送信先URL").fill(receiver.url)
    page.get_by_role("button", name="登録する").click()
    page.get_by_role("heading", name="Webhookを登録しました").wait_for()
    secret = page.locator("#webhook-secret").inner_text().strip()
    assert len(secret) == 64
    shots("registered")
    assert json.loads(receiver.requests[0].body)["type"] == "ping"

    declaration.status, declaration.ended_at = "withdrawn", timezone.now()
    declaration.save()
    got = receiver.requests[-1]
    change = json.loads(got.body)["changes"][0]
    assert (change["declaration_id"], change["kind"], change["status"]) == (
        declaration.declaration_id,
        "ended",
        "withdrawn",
    )
    assert _docs_verifier()(secret, got.headers, got.body)

    page.get_by_role("link", name="送信履歴を見る").click()
    page.get_by_role("heading", name="Webhookの送信履歴").wait_for()
    rows = page.locator("table.results tbody tr")
    assert rows.count() == 2 and "送信済み" in rows.nth(0).inner_text()
    shots("log")
    rows.nth(0).get_by_role("button", name="再送").click()
    page.get_by_text("再送しました").wait_for()
    assert len(receiver.requests) == 3 and receiver.requests[-1].body == got.body
    shots("replayed")
