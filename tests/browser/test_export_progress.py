"""Browser test: the progress page of a large back-office export follows the worker without a reload."""

import pytest
from django.test import Client
from django.urls import reverse

from secaction.backoffice.models import DataExport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_bar_follows_the_export_and_the_download_link_appears(live_server, page, settings):
    from secaction.accounts.models import User

    settings.BACKOFFICE_REQUIRE_MFA = False  # TOTP itself is tested in tests/backoffice/test_staff_mfa.py

    office = User.objects.create_superuser(email="office-b@example.jp", password="pw-123456789")
    client = Client()
    client.force_login(office)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
    export = DataExport.objects.create(
        created_by=office, model_label="core.auditevent", rows_total=10, rows_done=0, filename="audit.csv"
    )

    page.goto(live_server.url + reverse("admin:backoffice_dataexport_progress", args=[export.pk]))
    bar = page.locator("#export-bar")
    assert bar.get_attribute("value") == "0"
    page.wait_for_function("document.getElementById('export-refresh').hidden")  # the script took over
    assert page.locator("#export-download").is_hidden()

    DataExport.objects.filter(pk=export.pk).update(status="done", rows_done=10, content=b"x")
    page.locator("#export-download").wait_for(state="visible", timeout=10000)
    assert page.evaluate("document.getElementById('export-bar').value") == 10
    assert page.locator("#export-count").text_content() == "10 / 10"
