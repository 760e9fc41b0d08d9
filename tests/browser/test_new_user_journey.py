"""A new user's first visit, in a real browser: sign up, verify, log in, register the organisation."""

import re
import time

import pytest
from django.core import mail
from django.core.cache import cache

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "hanako@example.jp"
PASSWORD = "Kiku-no-hana-2024"


def _header_menu_open(page):
    """On a phone the header's menu is folded into a disclosure: open it (a no-op on a desktop)."""
    menu = page.locator("summary.site-menu-toggle")
    if menu.is_visible():
        menu.click()


def _wait_for_mail(address: str, timeout: float = 10.0):
    """The newest mail to ``address``; the live server delivers it from its own thread."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in reversed(mail.outbox):
            if address in message.to:
                return message
        time.sleep(0.1)
    raise AssertionError(f"no mail to {address}")


def _fill_organisation(page, *, number: str, postal: str) -> None:
    page.check("#id_entity_type_0")  # 法人
    page.fill("#id_name", "株式会社はなこ商店")
    page.fill("#id_name_kana", "はなこしょうてん")  # hiragana is turned into katakana
    page.fill("#id_corporate_number", number)
    page.fill("#id_representative_name", "花子 太郎")
    page.fill("#id_representative_title", "代表取締役")
    page.fill("#id_postal_code", postal)
    page.select_option("#id_prefecture", "13")
    page.fill("#id_address", "千代田区丸の内1-1-1")
    page.select_option("#id_industry", "I")
    page.select_option("#id_employees", "1-5")
    page.select_option("#id_capital", "-10m")
    page.fill("#id_contact_name", "花子 太郎")
    page.fill("#id_contact_email", EMAIL)
    page.fill("#id_contact_phone", "03-1111-2222")


def _journey(page, shots, live_server):
    cache.clear()  # allauth's rate limits (one confirmation mail per address per 3 minutes) live in the cache
    base = live_server.url
    page.goto(base + "/")
    assert "SECURITY ACTION" in page.title()
    shots("home")

    _header_menu_open(page)
    page.get_by_role("link", name="新規登録", exact=True).first.click()
    page.wait_for_url(re.compile(r"/accounts/signup/"))
    page.fill("#id_email", EMAIL)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_legal_agree")
    shots("signup")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    shots("verification-sent")

    message = _wait_for_mail(EMAIL)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)
    page.goto(link)
    shots("confirm-email")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/org/mypage/"))

    # Log out and in again, as someone coming back the next day would.
    _header_menu_open(page)
    page.get_by_role("button", name="ログアウト").click()
    page.goto(base + "/accounts/login/")
    page.fill("#id_login", EMAIL)
    page.fill("#id_password", PASSWORD)
    shots("login")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/org/mypage/"))
    shots("mypage-start")

    page.get_by_role("link", name="事業者を登録する", exact=True).click()
    page.wait_for_url(re.compile(r"/org/register/"))
    shots("register-empty")

    # Wrong check digit (the right one is 7) and a postal code with a digit missing.
    _fill_organisation(page, number="８０００－０１２０－５０００２", postal="100-000")
    page.get_by_role("button", name="この内容で登録する").click()
    errors = page.locator(".error-summary")
    assert "法人番号の先頭のチェック用数字が一致しません" in errors.inner_text()
    assert "郵便番号は7桁の数字で入力してください" in errors.inner_text()
    assert page.locator("#id_corporate_number").get_attribute("aria-invalid") == "true"
    shots("register-wrong-check-digit-and-postal")

    page.fill("#id_corporate_number", "70000120500")
    page.fill("#id_postal_code", "１００－０００５")
    page.get_by_role("button", name="この内容で登録する").click()
    text = page.locator(".error-summary").inner_text()
    assert "法人番号は13桁です。入力された番号は11桁です。" in text
    assert "郵便番号" not in text
    shots("register-wrong-length")

    page.fill("#id_corporate_number", "7000 0120 50002")
    page.get_by_role("button", name="この内容で登録する").click()
    page.wait_for_url(re.compile(r"/org/mypage/"))
    body = page.locator("main").inner_text()
    assert "株式会社はなこ商店" in body and "ハナコショウテン" in body and "7000012050002" in body
    assert "100-0005" in body
    shots("mypage-registered")


def test_new_user_journey_desktop(page, shots, live_server):
    _journey(page, shots, live_server)


@pytest.mark.phone
def test_new_user_journey_phone(page, shots, live_server):
    _journey(page, shots, live_server)
