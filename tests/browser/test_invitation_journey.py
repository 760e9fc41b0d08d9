"""An owner invites a colleague who has no account yet; the colleague signs up from the link and joins."""

import re

import pytest
from django.core.cache import cache

from secaction.organizations.models import Membership
from secaction.organizations.services import organization_register
from tests.browser.test_new_user_journey import _wait_for_mail
from tests.organizations.conftest import make_user, org_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OWNER_PASSWORD = "Owner-pass-2024!"
GUEST = "colleague@example.jp"
GUEST_PASSWORD = "Colleague-pass-2024"


def _log_in(page, base, email, password):
    page.goto(base + "/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.get_by_role("button", name="ログイン", exact=True).click()
    page.wait_for_url(re.compile(r"/org/mypage/"))


def test_owner_invites_and_colleague_joins(page, shots, live_server, django_user_model, settings):
    cache.clear()
    base = live_server.url
    settings.SITE_URL = base  # invitation links are built from SITE_URL
    owner = make_user(django_user_model, "boss@example.jp", password=OWNER_PASSWORD)
    organization_register(owner, org_data())

    _log_in(page, base, "boss@example.jp", OWNER_PASSWORD)
    page.get_by_role("link", name="メンバーの招待・管理").click()
    page.fill("#id_email", GUEST)
    page.get_by_role("button", name="招待メールを送る").click()
    page.wait_for_url(re.compile(r"/org/members/"))
    assert f"{GUEST} に招待メールを送りました" in page.locator(".messages").inner_text()
    shots("members-invited")
    page.get_by_role("button", name="ログアウト").click()

    link = re.search(r"https?://\S+/org/invitation/\S+/", _wait_for_mail(GUEST).body).group(0)
    page.goto(link)
    assert "株式会社サンプル商事" in page.locator("main").inner_text()
    shots("invitation-anonymous")

    page.get_by_role("link", name="新規登録する").click()
    page.fill("#id_email", GUEST)
    page.fill("#id_password1", GUEST_PASSWORD)
    page.fill("#id_password2", GUEST_PASSWORD)
    page.check("#id_legal_agree")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    confirm = re.search(r"https?://\S+/accounts/confirm-email/\S+", _wait_for_mail(GUEST).body).group(0)
    page.goto(confirm)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(base + "/org/mypage/")
    shots("mypage-with-invitation")
    page.get_by_role("button", name="招待を承諾する").click()
    page.wait_for_url(re.compile(r"/org/mypage/"))
    assert "「株式会社サンプル商事」のメンバーになりました" in page.locator(".messages").inner_text()
    assert "事業者情報を変更する" not in page.locator("main").inner_text()  # members do not edit
    shots("mypage-member")
    assert Membership.objects.get(user__email=GUEST).role == Membership.Role.MEMBER
