"""In a browser: a contact uploads a CSV, and the progress bar follows a running check until its result link shows."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from secaction.institutions.models import BulkUpload

from .bulk_helpers import csv_bytes, make_contact, make_institution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def test_upload_then_progress_bar_follows_the_check(page, live_server, shots, tmp_path) -> None:
    institution = make_institution()
    _log_in(page, live_server, make_contact(institution))
    errors: list[str] = []
    # Script errors and CSP violations (the live server has no favicon: its 404 is not counted).
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "404" not in m.text else None)

    page.goto(live_server.url + reverse("institutions:upload_new"))
    path = tmp_path / "申請一覧.csv"
    path.write_bytes(csv_bytes("41234567895,,株式会社テスト,", "123,,,"))
    page.set_input_files("#id_file", str(path))
    shots("upload-form")
    page.get_by_role("button", name="アップロードして確認を始める").click()
    page.wait_for_url(re.compile(r"/institutions/uploads/[\w-]+/$"))
    assert page.get_by_role(
        "link", name="結果のCSVをダウンロード"
    ).is_visible()  # checked at once (tests run tasks inline)

    # A check still running: the script polls the status URL and shows the result link once it is done.
    running = BulkUpload.objects.create(
        institution=institution, filename="大きな.csv", source=csv_bytes("41234567895,,,"), rows_total=10, rows_done=3,
        status="running",
    )  # fmt: skip
    page.goto(live_server.url + reverse("institutions:upload", args=[running.public_id]))
    assert page.locator("#upload-bar").get_attribute("value") == "3"
    assert not page.locator("#upload-refresh").is_visible()  # the script replaces the "更新" link
    assert not page.get_by_role("link", name="結果のCSVをダウンロード").is_visible()
    shots("progress-running")
    BulkUpload.objects.filter(pk=running.pk).update(rows_done=7)
    expect(page.locator("#upload-count")).to_have_text("7 / 10", timeout=10_000)
    assert page.locator("#upload-bar").evaluate("bar => bar.value") == 7
    BulkUpload.objects.filter(pk=running.pk).update(
        rows_done=10, status="done", result=b"\xef\xbb\xbfrow\r\n"
    )
    page.get_by_role("link", name="結果のCSVをダウンロード").wait_for(state="visible", timeout=10_000)
    assert page.locator("#upload-status").inner_text() == "完了"
    shots("progress-done")
    assert not errors, errors  # no CSP violation or script error
