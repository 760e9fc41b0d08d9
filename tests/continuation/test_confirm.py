"""The one-click confirmation page: GET shows, POST confirms; bad and expired links; in English."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from secaction.continuation.models import Reminder
from secaction.continuation.services import continuation_reminders_send
from secaction.continuation.tokens import confirm_token
from secaction.core.models import AuditEvent
from secaction.declarations.models import Declaration
from tests.i18n.japanese import japanese_left

from .factories import NOW, confirmed

pytestmark = pytest.mark.django_db
YEARS_2 = dt.timedelta(days=730)


def _mailed_link(capture: Any, declaration: Declaration) -> str:
    with capture(execute=True):
        continuation_reminders_send(now=NOW)
    [message] = [m for m in mail.outbox if m.to == [declaration.organization.contact_email]]
    prefix = reverse("continuation:confirm", args=["T"]).removesuffix("T/")
    [path] = re.findall(rf"https?://[^/\s]+({re.escape(prefix)}\S+/)", message.body)
    return str(path)


def test_get_shows_the_declaration_and_does_not_confirm_post_does(
    django_capture_on_commit_callbacks: Any,
) -> None:
    declaration = confirmed(YEARS_2, level="two_star")
    path = _mailed_link(django_capture_on_commit_callbacks, declaration)
    client = Client(enforce_csrf_checks=True)

    page = client.get(path)
    html = page.content.decode()
    assert page.status_code == 200
    assert declaration.organization.name in html and declaration.declaration_id in html
    assert "内容に変更はありません" in html and 'method="post"' in html and "csrfmiddlewaretoken" in html
    assert reverse("diagnosis:take") in html and reverse("declarations:upgrade") not in html  # ★★ already
    declaration.refresh_from_db()
    assert declaration.last_confirmed_at == NOW - YEARS_2  # a mail scanner's GET changed nothing
    assert Reminder.objects.get().confirmed_at is None

    assert client.post(path).status_code == 403  # CSRF is checked
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token is not None
    later = NOW + dt.timedelta(days=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        done = client.post(path, {"csrfmiddlewaretoken": token.group(1)})
    assert done.status_code == 200 and "変更がないことを記録しました" in done.content.decode()
    declaration.refresh_from_db()
    assert declaration.last_confirmed_at == later
    assert declaration.status == "active"
    assert Reminder.objects.get().confirmed_at == later
    assert AuditEvent.objects.filter(action="declaration.confirm_unchanged").count() == 1
    assert AuditEvent.objects.filter(action="continuation.confirm").count() == 1


def test_a_one_star_page_links_the_upgrade(django_capture_on_commit_callbacks: Any, client: Client) -> None:
    declaration = confirmed(YEARS_2, level="one_star")
    html = client.get(_mailed_link(django_capture_on_commit_callbacks, declaration)).content.decode()
    assert reverse("declarations:upgrade") in html


def test_tampered_unknown_and_expired_links_send_to_my_page(
    django_capture_on_commit_callbacks: Any, client: Client
) -> None:
    declaration = confirmed(YEARS_2)
    path = _mailed_link(django_capture_on_commit_callbacks, declaration)
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    unknown = reverse("continuation:confirm", args=[confirm_token(999999, declaration.organization_id)])
    for bad in (tampered, unknown, reverse("continuation:confirm", args=["not-a-token"])):
        for response in (client.get(bad), client.post(bad)):
            assert response.status_code == 400, bad
            assert reverse("mypage:index") in response.content.decode()
    later = time.time() + 61 * 86400  # past CONTINUATION_LINK_MAX_AGE_DAYS (60)
    with mock.patch("django.core.signing.time.time", return_value=later):
        expired = client.post(path)
    assert expired.status_code == 400 and "有効期限" in expired.content.decode()
    declaration.refresh_from_db()
    assert declaration.last_confirmed_at == NOW - YEARS_2


def test_a_declaration_no_longer_active_is_not_confirmed(
    django_capture_on_commit_callbacks: Any, client: Client
) -> None:
    declaration = confirmed(YEARS_2)
    path = _mailed_link(django_capture_on_commit_callbacks, declaration)
    Declaration.objects.filter(pk=declaration.pk).update(status="withdrawn")
    response = client.post(path)
    assert response.status_code == 409 and reverse("mypage:index") in response.content.decode()
    declaration.refresh_from_db()
    assert declaration.last_confirmed_at == NOW - YEARS_2


def test_the_pages_in_english_have_no_japanese(
    django_capture_on_commit_callbacks: Any, client: Client
) -> None:
    declaration = confirmed(YEARS_2, level="one_star")
    path = _mailed_link(django_capture_on_commit_callbacks, declaration)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    own = (declaration.organization.name,)
    for response in (
        client.get(path),
        client.post(path),
        client.get(reverse("continuation:confirm", args=["x"])),
    ):
        html = response.content.decode()
        assert '<html lang="en">' in html
        assert not japanese_left(html, own), japanese_left(html, own)
    assert "Nothing has changed" in client.get(path).content.decode()
