"""A subsidy office's contact signs in, follows the link on My Page to the institution's page and reads it."""

from __future__ import annotations

import os
import re

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from secaction.institutions.models import ApiUsageDay, Institution
from secaction.institutions.services import api_key_issue, institution_contact_add, institution_create
from secaction.institutions.usage import usage_day

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Contact-pass-2026!"


def test_contact_reaches_the_portal_from_my_page(page, live_server, django_user_model):
    cache.clear()
    office = django_user_model.objects.create_user(email="office@example.jp", is_staff=True)
    institution = institution_create(
        actor=office, name="テスト県 補助金事務局", kind=Institution.Kind.SUBSIDY_OFFICE
    )
    key, _plain = api_key_issue(contact="hojo@example.jp", holder=institution, actor=office)
    ApiUsageDay.objects.create(api_key=key, day=usage_day(), requests=120, rows=9800)
    person = django_user_model.objects.create_user(email="tanto@example.jp", password=PASSWORD)
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    institution_contact_add(actor=office, institution=institution, email=person.email)

    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_login", person.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="ログイン", exact=True).click()
    page.wait_for_url(re.compile(r"/org/mypage/"))
    page.get_by_role("link", name="検証機関のページへ").click()
    page.wait_for_url(re.compile(r"/institutions/$"))
    main = page.locator("main").inner_text()
    assert "テスト県 補助金事務局 の担当者としてログインしています。" in main
    assert key.key_prefix in main
    assert "リクエスト 120回、確認した件数 9800件" in main
    assert page.locator("main svg.chart").count() == 1
    if os.environ.get("PORTAL_SHOTS"):
        page.screenshot(path=os.environ["PORTAL_SHOTS"], full_page=True)
