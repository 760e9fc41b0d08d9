"""Browser tests: write and publish the basic policy; send the handbook and confirm it."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from secaction.diagnosis.services import assessment_save
from secaction.policies.models import HandbookRecipient, PolicySite
from tests.policies.factories import member_make, organization_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def test_write_publish_and_open_the_public_policy(live_server, page, shots):
    org = organization_make(name="株式会社はなまる商店", industry="I", employees="1-5")
    owner = member_make(org, email="owner@example.jp")
    _login(page, live_server, owner)

    page.goto(f"{live_server.url}/policy/org/{org.pk}/")
    shots("policy-home-empty")
    page.get_by_role("link", name="基本方針を作る").click()
    purpose = page.get_by_label("基本理念(目的)")
    assert "顧客情報" in purpose.input_value()
    purpose.fill(
        "株式会社はなまる商店は、お客様の顧客情報を大切に守り、情報セキュリティに全員で取り組みます。<b>太字ではない</b>"
    )
    shots("policy-edit")
    page.get_by_role("button", name="保存する(新しい版を作る)").click()
    page.get_by_role("heading", name=re.compile("基本方針 第1版")).wait_for()
    shots("policy-version-1")
    page.get_by_role("button", name="公開する").click()
    page.get_by_text("第1版を公開しました。").wait_for()
    url = page.get_by_label(re.compile("公開ページのURL")).input_value()
    slug = PolicySite.objects.get(organization=org).public_slug
    assert url.endswith(f"/policy/p/{slug}/")
    shots("policy-published")

    public = page.context.browser.new_context(locale="ja-JP").new_page()  # a visitor without an account
    public.goto(f"{live_server.url}/policy/p/{slug}/")
    assert public.get_by_role("heading", name="情報セキュリティ基本方針").is_visible()
    body = public.locator(".policy-doc").inner_text()
    assert "お客様の顧客情報を大切に守り" in body
    assert "<b>太字ではない</b>" in body  # markup shown as text
    assert "代表取締役 山田 太郎" in body
    public.screenshot(path=str(shots.dir / "90-public-page.png"), full_page=True)
    public.emulate_media(media="print")
    assert not public.locator(".site-header").is_visible()
    public.screenshot(path=str(shots.dir / "91-public-page-print.png"), full_page=True)
    public.context.close()


def test_build_handbook_send_to_two_staff_who_confirm(live_server, page, shots):
    org = organization_make(name="有限会社こだま製作所", industry="E", employees="6-20")
    owner = member_make(org, email="boss@example.jp")
    assessment_save(
        organization=org, user=owner, answers={n: "yes" if n <= 5 else "no" for n in range(1, 26)}
    )
    _login(page, live_server, owner)

    page.goto(f"{live_server.url}/policy/org/{org.pk}/handbook/")
    shots("handbook-home")
    page.get_by_role("link", name="診断結果からハンドブックを作る").click()
    # Items 1–5 done: rules that keep them; the rest: rules to start.
    assert page.locator("#rule-1 .badge").inner_text() == "続けるルール"
    assert page.locator("#rule-6 .badge").inner_text() == "新しく始めるルール"
    page.get_by_label("相談先・報告先").fill("代表 山田(090-0000-0000)")
    page.get_by_label("14. 席を離れるときは画面をロックする").fill(
        "離席時は必ず Windowsキー+L で画面をロックします。"
    )
    shots("handbook-edit")
    page.get_by_role("button", name="保存する(新しい版を作る)").click()
    page.get_by_role("heading", name=re.compile("ハンドブック 第1版")).wait_for()
    shots("handbook-version")
    page.get_by_role("button", name="この版を採用する").click()
    page.get_by_label("送り先のメールアドレス").fill("sato@example.jp\nsuzuki@example.jp, sato@example.jp")
    page.get_by_role("button", name="確認依頼を送る").click()
    page.get_by_text("2 件のアドレスに送信を始めました。").wait_for()
    assert page.get_by_role("heading", name="確認済み 0/2 人").is_visible()
    shots("handbook-sent")

    links = {}
    for message in mail.outbox:
        found = re.search(r"https?://\S+/policy/h/\S+/", message.body)
        assert found, message.body
        links[message.to[0]] = found.group(0)
    assert sorted(links) == ["sato@example.jp", "suzuki@example.jp"]

    for index, (email, link) in enumerate(sorted(links.items()), start=1):
        staff = page.context.browser.new_context(locale="ja-JP").new_page()
        path = link.split("/policy/", 1)[1]
        staff.goto(f"{live_server.url}/policy/{path}")
        assert "離席時は必ず Windowsキー+L" in staff.locator(".handbook-doc").inner_text()
        staff.get_by_role("button", name="読んで理解しました").click()
        staff.get_by_text("に確認しました。ありがとうございました。").wait_for()
        staff.screenshot(path=str(shots.dir / f"8{index}-staff-confirmed.png"), full_page=True)
        staff.context.close()

    page.reload()
    assert page.get_by_role("heading", name="確認済み 2/2 人").is_visible()
    assert HandbookRecipient.objects.filter(confirmed_at__isnull=False).count() == 2
    shots("handbook-all-confirmed")


@pytest.mark.phone
def test_staff_member_reads_and_confirms_on_a_phone(
    live_server, page, shots, django_capture_on_commit_callbacks
):
    from secaction.policies.handbook import handbook_build
    from secaction.policies.services import handbook_adopt, handbook_recipients_add, handbook_version_create

    org = organization_make(name="合同会社スマホ")
    owner = member_make(org)
    version = handbook_version_create(
        organization=org,
        actor=owner,
        title="情報セキュリティハンドブック",
        intro="はじめに",
        contact="代表",
        rules=handbook_build(None),
        assessment_ref=None,
    )
    handbook_adopt(version=version, actor=owner)
    (recipient,), _ = handbook_recipients_add(version=version, emails=["phone@example.jp"], actor=owner)
    page.goto(f"{live_server.url}{recipient.link}")
    shots("phone-handbook-top")
    button = page.get_by_role("button", name="読んで理解しました")
    box = button.bounding_box()
    assert box and box["width"] <= 390 and box["height"] >= 44  # reachable and big enough to tap
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    button.click()
    page.get_by_text("に確認しました。ありがとうございました。").wait_for()
    shots("phone-confirmed")
    recipient.refresh_from_db()
    assert recipient.confirmed_at is not None
