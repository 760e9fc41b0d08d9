"""The office's mail-out pages in English: no Japanese but what staff typed and the declarers' data."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from secaction.mailouts.models import Mailout, Recipient, Suppression
from tests.i18n.japanese import japanese_left

from .factories import declarer, draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa(settings: Any) -> None:
    settings.BACKOFFICE_REQUIRE_MFA = False  # the 2FA gate has its own tests (backoffice)


@pytest.fixture
def office_en(client: Any) -> Any:
    user = get_user_model().objects.create_user(email="office@example.jp", is_staff=True, is_superuser=True)
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return user


def test_compose_draft_send_and_progress_pages_are_english(client, office_en):
    declarer(contact_email="a@example.jp", level="two_star", prefecture="13")
    Suppression.objects.create(email="gone@example.jp", reason=Suppression.Reason.UNSUBSCRIBED)
    mailout = draft(office_en)
    typed = (mailout.subject_ja, *mailout.body_ja.splitlines())
    pages = {
        "compose": client.get(reverse("admin:mailouts_mailout_add")),
        "draft": client.get(reverse("admin:mailouts_mailout_change", args=[mailout.pk])),
        "send": client.get(reverse("admin:mailouts_mailout_send", args=[mailout.pk])),
        "list": client.get(reverse("admin:mailouts_mailout_changelist")),
        "suppressions": client.get(reverse("admin:mailouts_suppression_changelist")),
    }
    Mailout.objects.filter(pk=mailout.pk).update(status=Mailout.Status.SENDING, recipients_total=1)
    Recipient.objects.create(mailout=mailout, email="a@example.jp", message_id="<a@example.jp>")
    pages["progress"] = client.get(reverse("admin:mailouts_mailout_change", args=[mailout.pk]))
    for name, response in pages.items():
        assert response.status_code == 200, name
        # The draft's preview shows the Japanese text staff typed; the footer's sender name is a setting.
        left = japanese_left(response.content.decode(), (*typed, "SECURITY ACTION 事務局"))
        assert left == [], (name, left)
