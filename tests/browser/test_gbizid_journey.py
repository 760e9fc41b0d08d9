"""A company arrives through GビズID in chromium: the provider's own log-in and consent pages, the landing,
the registration pre-filled and verified, ★ declared from My Page, and the verified badge on My Page.
An エントリー account is refused clearly."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from secaction.declarations.models import Declaration
from secaction.organizations.models import Organization

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("current_terms"),
]

NUMBER = "7000012050002"


@pytest.fixture
def provider(oidc_browser_provider: Any) -> Any:
    return oidc_browser_provider


def _sign_in_with_gbizid(page: Any, live_server: Any, provider: Any, shots: Any, login_name: str) -> None:
    """From the portal's log-in page to the provider's log-in and consent pages, and back to the portal."""
    page.goto(live_server.url + reverse("account_login"))
    shots("login-page")
    button = page.get_by_role("button", name=re.compile("GビズID"))
    if button.count():
        button.first.click()
    else:  # before the log-in page has its GビズID button: allauth's own confirmation page
        page.goto(live_server.url + reverse("openid_connect_login", kwargs={"provider_id": "gbizid"}))
        page.get_by_role("button", name="続ける").click()
    page.wait_for_url(provider.issuer + "/**")
    page.locator("input[name=login]").fill(login_name)
    page.locator("input[name=password]").fill("any password")
    shots("provider-login")
    page.locator("button[type=submit]").first.click()
    page.wait_for_load_state()
    if page.url.startswith(provider.issuer):  # the provider's consent page
        shots("provider-consent")
        page.locator("button[type=submit]").first.click()
    page.wait_for_url(live_server.url + "/**")


def test_prime_registers_pre_filled_and_verified_and_declares_one_star(page, live_server, provider, shots):
    _sign_in_with_gbizid(page, live_server, provider, shots, "prime")
    register = live_server.url + reverse("identity:gbiz_register")
    if page.url != register:  # the sign-in lands on My Page until it redirects to the landing itself
        page.goto(live_server.url + reverse("identity:gbiz_landing"))
    page.wait_for_url(register)
    shots("registration-pre-filled")

    number = page.locator("input[name=corporate_number]")
    assert number.input_value() == NUMBER and number.is_disabled()
    name = page.locator("input[name=name]")
    assert name.input_value() == "株式会社テスト商事" and name.is_disabled()
    assert (
        page.locator("#field-corporate_number").locator(".badge.verified").inner_text() == "GビズIDで確認済み"
    )
    assert page.locator("input[name=name_kana]").input_value() == "カブシキガイシャテストショウジ"
    assert page.locator("input[name=contact_email]").input_value() == "taro@test-shoji.example.jp"
    assert page.locator("select[name=prefecture]").input_value() == "13"

    page.select_option("select[name=industry]", "G")
    page.select_option("select[name=employees]", "6-20")
    page.select_option("select[name=capital]", "-10m")
    page.locator("input[name=representative_title]").fill("代表取締役")
    page.locator("input[name=contact_phone]").fill("03-1234-5678")
    page.get_by_role("button", name="この内容で登録する").click()
    page.wait_for_url("**/org/mypage/")
    assert page.locator("#identity-verified").is_visible()
    shots("mypage-verified")
    org = Organization.objects.get()
    assert (org.corporate_number, org.is_identity_verified) == (NUMBER, True)

    # ★ from My Page's own next-step link.
    page.locator(".next-step a").click()
    page.wait_for_load_state()
    page.get_by_role("radio", name=re.compile(r"^\s*一つ星")).check()
    page.get_by_role("button", name="次へ").click()
    page.wait_for_url("**/new/principles/")
    for box in page.get_by_label("この項目に取り組みます").all():
        box.check()
    page.get_by_role("button", name="次へ").click()
    page.wait_for_url("**/new/terms/")
    page.get_by_label("ロゴマーク使用規約を読み、同意します").check()
    page.get_by_role("button", name="次へ").click()
    page.wait_for_url("**/new/confirm/")
    page.check("input[name=public_ok]")
    page.get_by_role("button", name="この内容で宣言する").click()
    page.wait_for_url("**/done/*/")
    shots("one-star-done")

    declaration = Declaration.objects.get(organization=org)
    page.goto(live_server.url + reverse("mypage:index"))
    badge = page.locator("#identity-verified")
    assert badge.is_visible() and "GビズIDで確認済み" in badge.inner_text()
    assert declaration.declaration_id and page.get_by_text(declaration.declaration_id).first.is_visible()
    shots("mypage-declared-verified")


def test_an_entry_account_is_refused_with_the_accepted_account_types(page, live_server, provider, shots):
    _sign_in_with_gbizid(page, live_server, provider, shots, "entry")
    # Either the sign-in refuses it at once, or the landing does: both name the accepted types.
    if "プライム" not in page.locator("body").inner_text():
        page.goto(live_server.url + reverse("identity:gbiz_landing"))
    shots("entry-refused")
    body = page.locator("body").inner_text()
    assert "エントリー" in body and "プライム" in body and "メンバー" in body
    assert not Organization.objects.exists()
    page.goto(live_server.url + reverse("identity:gbiz_register"))
    assert page.locator("input[name=corporate_number]").count() == 0  # no registration form for it
