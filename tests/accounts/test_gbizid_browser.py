"""In a real browser: the log-in page's GビズID button, the provider's own log-in and consent, back to the portal."""

from __future__ import annotations

import re
from typing import Any

import pytest

from secaction.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _at_the_provider(page: Any, login: str) -> None:
    page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/interaction/"))
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", "any")
    page.locator("button[type=submit]").first.click()
    # The provider's consent page.
    page.locator("button[type=submit]").first.click()


def test_a_prime_account_signs_up_with_the_button(
    page: Any, live_server: Any, oidc_browser_provider: Any
) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name="GビズIDでログイン").click()
    _at_the_provider(page, "prime")

    page.wait_for_url(re.compile(r"/org/"))
    assert User.objects.filter(email="taro@test-shoji.example.jp").exists()
    assert "ログアウト" in page.locator("header").inner_text()


def test_an_entry_account_reads_the_refusal(page: Any, live_server: Any, oidc_browser_provider: Any) -> None:
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_role("button", name="GビズIDでログイン").click()
    _at_the_provider(page, "entry")

    page.wait_for_url(re.compile(r"/accounts/oidc/gbizid/login/callback/"))
    assert "このGビズIDアカウントではログインできません" in page.locator("main h1").inner_text()
    assert not User.objects.exists()
