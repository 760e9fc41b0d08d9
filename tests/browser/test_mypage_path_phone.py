"""A new owner walks the whole path on a phone, following only My Page's next-step links:
★ → self-diagnosis → basic policy → ★★ → handbook sent to staff, and the last stage shows as done."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from secaction.declarations.models import Declaration
from tests.mypage import scenarios

pytestmark = [
    pytest.mark.browser,
    pytest.mark.phone,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("current_terms"),
]


def _log_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def _next_step(page, live_server, shots, expected_stage: str) -> None:
    """Open My Page, check which stage is current, and follow the next-step link."""
    page.goto(live_server.url + reverse("mypage:index"))
    current = page.locator('.stage-path li[aria-current="step"]')
    assert current.get_attribute("data-stage") == expected_stage
    shots(f"mypage-{expected_stage}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    page.locator(".next-step a").click()
    page.wait_for_load_state()


def test_owner_walks_every_stage_from_my_page_on_a_phone(page, live_server, shots):
    owner = scenarios.user_make("walker@example.jp")
    org = scenarios.organization_make(owner, name="株式会社あるく商店")
    _log_in(page, live_server, owner)

    # 1. ★
    _next_step(page, live_server, shots, "one_star")
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

    # 2. Self-diagnosis: a member's result is saved for the organisation straight away.
    _next_step(page, live_server, shots, "diagnosis")
    for number in range(1, 26):
        page.locator(f"#q{number} .dg-choice").nth(0 if number % 3 else 1).click()
    page.get_by_role("button", name="結果を見る(保存されます)").click()
    page.wait_for_url(re.compile(r"/diagnosis/\d+/$"))
    shots("diagnosis-saved")

    # 3. Basic policy: write from the template and publish.
    _next_step(page, live_server, shots, "policy")
    page.get_by_role("link", name="基本方針を作る").click()
    page.get_by_label("代表者氏名").fill("緑川 一郎")
    page.get_by_role("button", name="保存する(新しい版を作る)").click()
    page.get_by_role("heading", name=re.compile("基本方針 第1版")).wait_for()
    page.get_by_role("button", name="公開する").click()
    page.get_by_text("第1版を公開しました。").wait_for()
    shots("policy-published")

    # 4. ★★: the diagnosis and the published policy are linked; publication on the portal's page.
    _next_step(page, live_server, shots, "two_star")
    page.wait_for_url("**/new/two-star/")
    assert page.get_by_text("このポータルで公開している基本方針をこの申込みに結び付けます。").is_visible()
    page.get_by_label(re.compile("個人情報保護方針.*理解しました")).check()
    shots("two-star-form")
    page.get_by_role("button", name="次へ").click()
    page.wait_for_url(re.compile(r"/new/(terms|confirm)/"))
    if "/new/terms/" in page.url:  # asked again only when the terms version changed (issue 9)
        page.get_by_label("ロゴマーク使用規約を読み、同意します").check()
        page.get_by_role("button", name="次へ").click()
        page.wait_for_url("**/new/confirm/")
    page.check("input[name=public_ok]")
    page.get_by_role("button", name="二つ星に変更する").click()
    page.wait_for_url(re.compile(r"/(done/\d+|org/mypage)/"))
    assert Declaration.objects.get(organization=org).level == "two_star"
    shots("two-star-done")

    # 5. Handbook: build from the diagnosis, adopt, send to two staff members.
    _next_step(page, live_server, shots, "handbook")
    page.get_by_role("link", name="診断結果からハンドブックを作る").click()
    page.get_by_label("相談先・報告先").fill("総務 緑川(03-1234-5678)")
    page.get_by_role("button", name="保存する(新しい版を作る)").click()
    page.get_by_role("heading", name=re.compile("ハンドブック 第1版")).wait_for()
    page.get_by_role("button", name="この版を採用する").click()
    page.get_by_label("送り先のメールアドレス").fill("sato@example.jp\nsuzuki@example.jp")
    page.get_by_role("button", name="確認依頼を送る").click()
    page.get_by_text("2 件のアドレスに送信を始めました。").wait_for()
    shots("handbook-sent")

    # The end: every stage done, the handbook one included, and a next step that says so.
    page.goto(live_server.url + reverse("mypage:index"))
    stages = page.locator(".stage-path li")
    assert stages.count() == 5
    for i in range(5):
        assert stages.nth(i).get_attribute("class") == "done", stages.nth(i).inner_text()
    assert page.locator('.stage-path li[data-stage="handbook"]').get_attribute("class") == "done"
    assert page.locator('.stage-path li[aria-current="step"]').count() == 0
    assert page.locator(".next-step").get_attribute("data-next") == "complete"
    assert "5つの段階をすべて終えました" in page.locator(".next-step").inner_text()
    page.locator("#declaration-panel").scroll_into_view_if_needed()
    shots("mypage-all-done")
