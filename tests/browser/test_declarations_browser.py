"""Declaring ★ and ★★ in a real browser, logo download, and the staff review in reviewed mode."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail

from secaction.declarations.ids import declaration_id_normalize
from secaction.declarations.models import Declaration, LogoDownload, ProgrammeSettings, ReviewMode, Status
from tests.declarations.conftest import add_member, make_org, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("current_terms"),
]
PASSWORD = "pw-Secret-123"


def log_in(page, base, email, password=PASSWORD):
    page.goto(f"{base}/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', password)
    page.locator('form button[type="submit"]').last.click()
    page.wait_for_load_state()


def declarer(name="株式会社みどり商店", email="owner@example.jp"):
    org = make_org(name)
    user = add_member(org, make_user(email), role="owner")
    return org, user


def walk_to_terms(page, base, level_label, shots):
    page.goto(f"{base}/declarations/new/")
    page.get_by_role("radio", name=re.compile(rf"^\s*{level_label}")).check()
    shots("goal")
    page.get_by_role("button", name="次へ").click()
    page.wait_for_url("**/new/principles/")
    for box in page.get_by_label("この項目に取り組みます").all():
        box.check()
    shots("principles")
    page.get_by_role("button", name="次へ").click()


def agree_and_submit(page, shots):
    page.wait_for_url("**/new/terms/")
    page.get_by_label("ロゴマーク使用規約を読み、同意します").check()
    shots("terms")
    page.get_by_role("button", name="次へ").click()
    page.wait_for_url("**/new/confirm/")
    shots("confirm")
    page.check("input[name=public_ok]")
    page.get_by_role("button", name="この内容で宣言する").click()
    page.wait_for_url("**/done/*/")


def test_declare_one_star_immediately_and_download_the_logo(live_server, page, shots):
    org, user = declarer()
    log_in(page, live_server.url, user.email)
    walk_to_terms(page, live_server.url, "一つ星", shots)
    agree_and_submit(page, shots)
    decl = Declaration.objects.get(organization=org)
    assert decl.status == Status.ACTIVE
    assert page.locator(".declaration-id").inner_text() == decl.declaration_id
    assert declaration_id_normalize(decl.declaration_id) == decl.declaration_id
    assert page.get_by_role("heading", name="一つ星を宣言しました").is_visible()
    shots("done")
    assert any(decl.declaration_id in m.subject for m in mail.outbox)

    page.get_by_role("link", name="確認ページを見る").click()
    page.wait_for_url(f"**/registry/verify/{decl.declaration_id}/")
    assert decl.declaration_id in page.content()
    shots("verification")
    page.go_back()

    page.get_by_role("link", name="ロゴマークをダウンロードする").click()
    page.wait_for_url("**/declarations/logo/")
    shots("logo-page")
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("PNG 幅240")).click()
    download = info.value
    assert download.suggested_filename == "security-action-one_star-240.png"
    assert Path(download.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("SVG")).click()
    assert "SECURITY" in Path(info.value.path()).read_text(encoding="utf-8")
    assert list(LogoDownload.objects.values_list("file_format", flat=True).order_by("id")) == [
        "png-240",
        "svg",
    ]

    page.get_by_role("link", name="ロゴマーク使用ガイドライン").click()
    assert page.get_by_text("「一つ星を宣言しました」").first.is_visible()
    shots("guideline")
    # a ★ declarer cannot fetch the ★★ mark by editing the address
    response = page.goto(f"{live_server.url}/declarations/logo/two_star.svg")
    assert response.status == 403

    page.goto(f"{live_server.url}/org/mypage/")
    panel = page.locator("#declaration-panel")
    assert decl.declaration_id in panel.inner_text()
    assert panel.get_by_role("link", name="二つ星へ変更する").is_visible()
    shots("mypage")


def test_declare_two_star(live_server, page, shots):
    org, user = declarer("有限会社あおば工務店", "aoba@example.jp")
    log_in(page, live_server.url, user.email)
    walk_to_terms(page, live_server.url, "二つ星", shots)
    page.wait_for_url("**/new/two-star/")
    assert page.get_by_text("個人情報保護方針(プライバシーポリシー)だけでは二つ星になりません").is_visible()
    page.get_by_role("button", name="次へ").click()  # nothing filled in: errors, nothing lost
    assert page.get_by_text("基本方針の外部公開方法を選んでください。").first.is_visible()
    shots("two-star-errors")
    page.get_by_label(re.compile("自社診断」を実施しました")).check()
    page.get_by_label("情報セキュリティ基本方針を定め、外部に公開しています").check()
    page.get_by_label("自社ウェブサイト").check()
    page.get_by_label("基本方針を掲載しているページのURL").fill("https://aoba.example.jp/security-policy")
    page.get_by_label(re.compile("個人情報保護方針.*理解しました")).check()
    shots("two-star-filled")
    page.get_by_role("button", name="次へ").click()
    agree_and_submit(page, shots)
    decl = Declaration.objects.get(organization=org)
    assert (decl.level, decl.status, decl.publication_url) == (
        "two_star",
        "active",
        "https://aoba.example.jp/security-policy",
    )
    assert page.get_by_role("heading", name="二つ星を宣言しました").is_visible()
    shots("done")


def staff_log_in(page, base, totp_code):
    staff = make_user("office@example.jp", staff=True)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    log_in(page, base, staff.email)
    page.wait_for_url("**/2fa/authenticate/**")
    page.fill('input[name="code"]', totp_code(secret))
    page.press('input[name="code"]', "Enter")  # the page also has a cancel button
    page.wait_for_load_state()
    return staff


def test_reviewed_mode_staff_accepts_from_the_queue(live_server, page, shots, totp_code):
    ProgrammeSettings.objects.update_or_create(pk=1, defaults={"review_mode": ReviewMode.REVIEWED})
    org, user = declarer("株式会社ひかり印刷", "hikari@example.jp")
    log_in(page, live_server.url, user.email)
    walk_to_terms(page, live_server.url, "一つ星", shots)
    agree_and_submit(page, shots)
    assert page.get_by_role("heading", name="お申込みを受け付けました").is_visible()
    shots("pending")
    decl = Declaration.objects.get(organization=org)
    assert decl.status == Status.PENDING and decl.declaration_id is None
    assert [m.subject for m in mail.outbox] == ["[SECURITY ACTION] 自己宣言完了のお知らせ"]
    assert page.goto(f"{live_server.url}/declarations/logo/").status == 403

    page.context.clear_cookies()
    staff_log_in(page, live_server.url, totp_code)
    page.goto(f"{live_server.url}/backoffice/declarations/reviewqueueitem/")
    assert page.get_by_role("heading", name=re.compile("株式会社ひかり印刷")).is_visible()
    assert page.get_by_text("経過 0 日").is_visible()
    shots("queue")
    page.get_by_role("button", name="株式会社ひかり印刷 を受理").click()
    page.wait_for_load_state()
    decl.refresh_from_db()
    assert decl.status == Status.ACTIVE and decl.declaration_id
    assert page.get_by_text(decl.declaration_id).first.is_visible()
    shots("accepted")
    subjects = [m.subject for m in mail.outbox]
    assert any("申込み受理のご連絡" in s and decl.declaration_id in s for s in subjects)
    assert any("ロゴマークのダウンロードのご案内" in s for s in subjects)

    page.context.clear_cookies()
    log_in(page, live_server.url, user.email)
    response = page.goto(f"{live_server.url}/declarations/logo/")
    assert response.status == 200
    shots("declarer-logo")


@pytest.mark.phone
def test_declaring_on_a_phone(live_server, page, shots):
    org, user = declarer("合同会社そよかぜ", "soyokaze@example.jp")
    log_in(page, live_server.url, user.email)
    walk_to_terms(page, live_server.url, "一つ星", shots)
    agree_and_submit(page, shots)
    assert page.locator(".declaration-id").is_visible()
    # nothing wider than the screen: the wizard stays usable without horizontal scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shots("done")


def test_upgrade_from_my_page_does_not_ask_for_the_same_terms_again(live_server, page, shots):
    from secaction.declarations import services
    from secaction.declarations.models import TermsVersion

    org, user = declarer("株式会社つばさ", "tsubasa@example.jp")
    terms = TermsVersion.objects.get(is_current=True)
    services.declaration_submit(
        organization=org, user=user, level="one_star", pledged_principles=[1, 2, 3, 4, 5], terms_version=terms
    )
    log_in(page, live_server.url, user.email)
    page.goto(f"{live_server.url}/org/mypage/")
    page.locator("#declaration-panel").get_by_role("link", name="二つ星へ変更する").click()
    page.wait_for_url("**/new/two-star/")
    page.get_by_label(re.compile("自社診断」を実施しました")).check()
    page.get_by_label("情報セキュリティ基本方針を定め、外部に公開しています").check()
    page.get_by_label("自社ウェブサイト").check()
    page.get_by_label("基本方針を掲載しているページのURL").fill("https://tsubasa.example.jp/policy")
    page.get_by_label(re.compile("個人情報保護方針.*理解しました")).check()
    page.get_by_role("button", name="次へ").click()
    page.wait_for_url("**/new/confirm/")  # straight to the confirmation: the terms did not change
    assert page.get_by_text(f"第{terms.version}版に同意済み").is_visible()
    shots("upgrade-confirm")
    page.check("input[name=public_ok]")
    page.get_by_role("button", name="二つ星に変更する").click()
    page.wait_for_url("**/done/*/")
    decl = Declaration.objects.get(organization=org)
    assert (decl.level, decl.terms_version_id) == ("two_star", terms.pk)
