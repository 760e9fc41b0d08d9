"""Browser test: a mail-out's page follows the delivery (bar and figures) and reloads when it is finished."""

import pytest
from django.test import Client
from django.urls import reverse

from secaction.mailouts.models import Mailout, Recipient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_figures_follow_the_delivery_and_the_page_reloads_when_done(live_server, page, settings):
    from secaction.accounts.models import User

    settings.BACKOFFICE_REQUIRE_MFA = False  # TOTP itself is tested in tests/backoffice/test_staff_mfa.py
    office = User.objects.create_superuser(email="office-m@example.jp", password="pw-123456789")
    client = Client()
    client.force_login(office)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
    mailout = Mailout.objects.create(
        subject_ja="お知らせ",
        body_ja="本文",
        created_by=office,
        status=Mailout.Status.SENDING,
        recipients_total=4,
    )
    Recipient.objects.bulk_create(
        Recipient(mailout=mailout, email=f"r{n}@example.jp", message_id=f"<{n}@example.jp>") for n in range(4)
    )

    page.goto(live_server.url + reverse("admin:mailouts_mailout_change", args=[mailout.pk]))
    assert page.get_by_role("link", name="中止する").is_visible()
    sent = page.locator('[data-progress-key="sent"]')
    assert sent.text_content() == "0"

    Recipient.objects.filter(email__in=["r0@example.jp", "r1@example.jp"]).update(
        status=Recipient.Status.SENT
    )
    page.locator("#mailout-count").filter(has_text="2 / 4").wait_for(timeout=10000)
    assert (
        sent.text_content() == "2" and page.locator('[data-progress-key="remaining"]').text_content() == "2"
    )

    Recipient.objects.update(status=Recipient.Status.SENT)
    Mailout.objects.filter(pk=mailout.pk).update(status=Mailout.Status.DONE)
    # The script reloads the page for the new state: the controls of a running mail-out are gone.
    page.get_by_role("link", name="中止する").wait_for(state="detached", timeout=10000)
    assert page.locator("#mailout-count").text_content() == "4 / 4"
    assert page.locator('[data-progress-key="sent"]').text_content() == "4"
