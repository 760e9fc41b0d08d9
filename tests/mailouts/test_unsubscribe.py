"""The public unsubscribe page: GET shows a button, POST (or an RFC 8058 one-click POST) unsubscribes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from secaction.core.models import AuditEvent
from secaction.mailouts.models import Suppression
from secaction.mailouts.unsubscribe import unsubscribe_token
from tests.i18n.japanese import japanese_left

pytestmark = pytest.mark.django_db


def _url(email: str = "Someone@Example.jp") -> str:
    return reverse("mailouts:unsubscribe", args=[unsubscribe_token(email)])


def test_get_shows_a_button_and_does_not_unsubscribe(client):
    response = client.get(_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "someone@example.jp" in html and '<form method="post"' in html
    assert not Suppression.objects.exists()  # mail scanners follow links


def test_post_from_the_page_unsubscribes_and_says_transactional_mail_still_arrives(client):
    response = client.post(_url())
    assert response.status_code == 200
    assert "引き続き届きます" in response.content.decode()
    row = Suppression.objects.get()
    assert (row.email, row.reason) == ("someone@example.jp", "unsubscribed")
    assert AuditEvent.objects.filter(action="mailout.suppression.unsubscribed").count() == 1
    assert client.post(_url()).status_code == 200 and Suppression.objects.count() == 1  # twice is harmless


def test_one_click_post_needs_no_csrf_token():
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        _url("oneclick@example.jp"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert Suppression.objects.filter(email="oneclick@example.jp").exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_bad_token_gets_a_clear_page_with_status_400(client, method):
    token = unsubscribe_token("a@example.jp")[:-3] + "xyz"
    response = getattr(client, method)(reverse("mailouts:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert "リンクが正しくありません" in response.content.decode()
    assert not Suppression.objects.exists()


def test_the_pages_are_in_english_for_english_readers(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    for response in (
        client.get(_url()),
        client.post(_url()),
        client.get(reverse("mailouts:unsubscribe", args=["broken"])),
    ):
        html = response.content.decode()
        assert '<html lang="en">' in html
        assert japanese_left(html) == []
