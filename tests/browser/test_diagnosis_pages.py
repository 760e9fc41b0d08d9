"""Desktop views of the 5 principles guide (and its print layout) and of the combined multi-unit result."""

import pytest
from django.utils import timezone

from secaction.diagnosis.services import assessment_save
from tests.diagnosis.factories import answers_all, member_make, organization_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_principles_guide_and_printable_checklist(page, live_server, shots):
    page.goto(live_server.url + "/diagnosis/principles/")
    shots("index")
    page.get_by_role("link", name="パスワードを強化しよう").click()
    page.wait_for_url("**/diagnosis/principles/3/")
    for platform in ("Windows", "macOS(Mac)", "Android", "iPhone・iPad(iOS)"):
        assert page.get_by_role("heading", name=platform).is_visible()
    shots("principle-3")
    page.goto(live_server.url + "/diagnosis/principles/checklist/")
    assert page.locator(".site-header").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_role("button", name="印刷する").is_visible()
    assert page.locator(".checklist li").count() >= 15
    shots("checklist-print")


def test_combined_result_of_two_sites(page, live_server, shots):
    org = organization_make("株式会社ふたば")
    user = member_make(org, email="boss@example.jp", password="pw-Secure-12345")
    now = timezone.now()
    tokyo = answers_all("yes")
    tokyo.update({1: "no", 11: "partial"})
    osaka = answers_all("partial")
    osaka.update({5: "yes", 24: "unknown"})
    assessment_save(
        organization=org,
        user=user,
        answers=answers_all("no"),
        unit_name="東京本社",
        taken_at=now - timezone.timedelta(days=90),
    )
    assessment_save(
        organization=org,
        user=user,
        answers=tokyo,
        unit_name="東京本社",
        taken_at=now - timezone.timedelta(days=10),
    )
    assessment_save(
        organization=org,
        user=user,
        answers=answers_all("unknown"),
        unit_name="大阪支店",
        taken_at=now - timezone.timedelta(days=60),
    )
    assessment_save(organization=org, user=user, answers=osaka, unit_name="大阪支店", taken_at=now)
    page.goto(live_server.url + "/accounts/login/?next=/diagnosis/history/")
    page.fill('input[name="login"]', "boss@example.jp")
    page.fill('input[name="password"]', "pw-Secure-12345")
    page.press('input[name="password"]', "Enter")
    page.wait_for_url("**/diagnosis/history/")
    assert page.locator("svg.chart-line polyline").count() == 2
    shots("history")
    page.get_by_role("link", name="拠点・部署をまとめた結果").click()
    page.wait_for_url("**/diagnosis/combined/**")
    # weakest per item: 1 no(0), 5 yes(4), 24 unknown(-1), the other 22 partial(2) = 47
    assert page.locator(".dg-score").inner_text().startswith("47")
    assert page.get_by_role("columnheader", name="大阪支店").is_visible()
    shots("combined")
