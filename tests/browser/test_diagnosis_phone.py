"""A new visitor takes the self-diagnosis on a phone, reads the result, gets the PDF, signs in, saves,
takes it again and sees what changed."""

import re

import pytest

from secaction.diagnosis.models import Assessment
from tests.diagnosis.factories import member_make, organization_make

pytestmark = [pytest.mark.browser, pytest.mark.phone, pytest.mark.django_db(transaction=True)]

YES, PARTIAL, NO, UNKNOWN = 0, 1, 2, 3


def answer_all(page, choices):
    for number in range(1, 26):
        page.locator(f"#q{number} .dg-choice").nth(choices.get(number, YES)).click()


def test_take_on_a_phone_see_result_sign_in_save_and_compare(page, live_server, shots):
    org = organization_make("株式会社みどり製作所")
    member_make(org, email="owner@example.jp", password="pw-Secure-12345")

    page.goto(live_server.url + "/diagnosis/")
    assert page.locator("#dg-progress").is_visible()  # the script enhanced the page
    shots("questionnaire")
    first = {3: NO, 11: UNKNOWN, 20: PARTIAL}
    answer_all(page, first)
    assert page.locator("[data-count]").inner_text() == "25"
    # the tapped option is visibly selected
    assert page.locator("#q3 input[value=no]").is_checked()
    shots("answered")
    page.get_by_role("button", name="結果を見る").click()

    page.wait_for_url("**/diagnosis/result/")
    assert page.locator(".dg-score").inner_text().startswith("89")  # 100 - 4 - 5 - 2
    assert page.get_by_text("おおむねできています").is_visible()
    todo = page.locator(".dg-todo > li h3").all_inner_texts()
    assert [re.match(r"No\.\d+", t).group() for t in todo] == ["No.11", "No.3", "No.20"]
    assert page.locator("svg.chart-bar").is_visible()
    shots("result")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDFでダウンロード").click()
    with open(download_info.value.path(), "rb") as fh:
        assert fh.read(4) == b"%PDF"

    page.get_by_role("link", name="ログインして保存する").click()
    page.fill('input[name="login"]', "owner@example.jp")
    page.fill('input[name="password"]', "pw-Secure-12345")
    shots("login")
    page.press('input[name="password"]', "Enter")
    page.wait_for_url("**/diagnosis/save/")
    assert page.get_by_text("株式会社みどり製作所").first.is_visible()
    shots("save")
    page.get_by_role("button", name="保存する").click()
    page.wait_for_url("**/diagnosis/*/")
    assert Assessment.objects.filter(organization=org, total=89).count() == 1
    assert page.get_by_text("この拠点・部署では初めての診断です").is_visible()
    shots("saved")

    page.get_by_role("link", name="もう一度診断する").click()
    page.wait_for_url("**/diagnosis/")
    answer_all(page, {3: YES, 11: PARTIAL, 20: NO})
    page.get_by_role("button", name="結果を見る(保存されます)").click()
    page.wait_for_url("**/diagnosis/*/")
    assert Assessment.objects.filter(organization=org).count() == 2
    improved = page.locator(".dg-up-item").all_inner_texts()
    worsened = page.locator(".dg-down-item").all_inner_texts()
    assert [re.match(r"No\.\d+", t).group() for t in improved] == ["No.3", "No.11"]
    assert [re.match(r"No\.\d+", t).group() for t in worsened] == ["No.20"]
    shots("compared")

    page.goto(live_server.url + "/diagnosis/history/")
    assert page.locator("svg.chart-line polyline").count() == 1
    shots("history")


def test_questionnaire_works_without_javascript(_playwright_browser, live_server):
    context = _playwright_browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}, locale="ja-JP"
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + "/diagnosis/")
        assert not page.locator("#dg-progress").is_visible()
        for number in range(1, 25):  # leave out item 25
            page.locator(f"#q{number} .dg-choice").first.click()
        page.get_by_role("button", name="結果を見る").click()
        assert page.get_by_text("No.25 の回答がありません").first.is_visible()
        page.locator("#q25 .dg-choice").nth(PARTIAL).click()
        assert page.locator("#q1 input[value=yes]").is_checked()  # earlier answers were kept
        page.get_by_role("button", name="結果を見る").click()
        page.wait_for_url("**/diagnosis/result/")
        assert page.locator(".dg-score").inner_text().startswith("98")
    finally:
        context.close()
