"""In a real browser: a declarer of the older system takes over their declaration with a one-time code."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from tests.identity.claim_data import IMPORTED_ID, ON_RECORD, imported_declaration
from tests.organizations.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def _wait_for_mail(address: str, timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in reversed(mail.outbox):
            if address in message.to:
                return message
        time.sleep(0.1)
    raise AssertionError(f"no mail to {address}")


def test_take_over_with_a_code_in_the_browser(
    page: Any, shots: Any, live_server: Any, django_user_model: Any
) -> None:
    imported_declaration()
    user = make_user(django_user_model, "new-owner@minato.example.jp")
    _login(page, live_server, user)
    page.goto(live_server.url + "/org/mypage/")
    page.get_by_role("link", name="以前の宣言を引き継ぐ").click()
    page.wait_for_url(re.compile(r"/org/identity/claim/$"))
    shots("claim-start")

    page.fill("#id_declaration_id", "4000000009")  # a digit missing
    page.get_by_role("button", name="確認コードを送る").click()
    assert "入力された値は10桁です" in page.locator("main").inner_text()

    page.fill("#id_declaration_id", "４０００ ０００ ００１７")
    page.get_by_role("button", name="確認コードを送る").click()
    page.wait_for_url(re.compile(r"/org/identity/claim/code/$"))
    assert "i***@m***.jp" in page.locator("main").inner_text()
    shots("claim-code")
    code = re.search(r"\b(\d{6})\b", _wait_for_mail(ON_RECORD).body).group(1)

    page.fill("#id_code", "000000" if code != "000000" else "111111")
    page.get_by_role("button", name="引き継ぐ").click()
    assert "あと4回入力できます" in page.locator("main").inner_text()

    page.fill("#id_code", code)
    page.get_by_role("button", name="引き継ぐ").click()
    page.wait_for_url(re.compile(r"/org/mypage/$"))
    body = page.locator("main").inner_text()
    assert "株式会社みなと製作所" in body and IMPORTED_ID in body
    assert "事業者情報に未入力の項目があります" in body
    shots("claimed-mypage")
