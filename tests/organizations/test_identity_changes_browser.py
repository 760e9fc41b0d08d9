"""In a browser: a declared owner renames the organisation, is told it waits for the office, sees it, withdraws,
asks again, and the public verification page shows the new name only once staff accept."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from secaction.declarations.models import TermsVersion
from secaction.organizations.models import IdentityChangeRequest
from secaction.organizations.services import identity_change_accept, organization_register
from tests.organizations.conftest import make_user, org_data
from tests.organizations.test_identity_changes import declare

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Owner-pass-2024!"


def test_owner_renames_a_declared_organisation_and_staff_publish_it(
    page, shots, live_server, django_user_model
):
    cache.clear()
    if not TermsVersion.objects.filter(is_current=True).exists():  # transactional tests flush the seeded row
        TermsVersion.objects.create(
            version="1.0",
            title="ロゴマーク使用規約",
            body="第1条",
            published_at=timezone.now(),
            is_current=True,
        )
    base = live_server.url
    owner = make_user(django_user_model, "boss@example.jp", password=PASSWORD)
    organization = organization_register(owner, org_data())
    declaration_id = declare(organization).declaration_id
    office = django_user_model.objects.create_user(email="office@example.jp", is_staff=True)

    page.goto(base + "/accounts/login/")
    page.fill("#id_login", "boss@example.jp")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="ログイン", exact=True).click()
    page.wait_for_url(re.compile(r"/org/mypage/"))

    page.goto(base + "/org/edit/")
    page.fill("#id_name", "株式会社ブラウザ商事")
    page.fill("#id_address", "港区芝公園1-1")
    page.get_by_role("button", name="変更を保存する").click()
    page.wait_for_url(re.compile(r"/org/edit/"))
    said = page.locator(".messages").inner_text()
    assert "住所や連絡先などの変更は保存しました" in said
    assert "事務局が内容を確認してから公開されます" in said
    pending = page.locator("#identity-change-pending")
    assert "株式会社ブラウザ商事" in pending.inner_text()
    shots("identity-change-pending")

    pending.get_by_role("button", name="この変更申請を取り下げる").click()
    page.wait_for_url(re.compile(r"/org/edit/"))
    assert "取り下げました" in page.locator(".messages").inner_text()
    assert page.locator("#identity-change-pending").count() == 0

    page.fill("#id_name", "株式会社ブラウザ商事")
    page.get_by_role("button", name="変更を保存する").click()
    page.wait_for_url(re.compile(r"/org/edit/"))
    page.goto(base + f"/registry/verify/{declaration_id}/")
    assert "株式会社サンプル商事" in page.locator("main").inner_text()

    identity_change_accept(office, IdentityChangeRequest.objects.get(status="pending"), "")
    page.goto(base + f"/registry/verify/{declaration_id}/")
    text = page.locator("main").inner_text()
    assert "株式会社ブラウザ商事" in text and "株式会社サンプル商事" not in text
    shots("registry-after-accept")
