"""Automated WCAG 2.2 A/AA checks (axe-core) of the portal's key pages, desktop and phone, signed out and in.

Serious and critical violations fail the test; moderate and minor ones are printed in the test output.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from secaction.organizations.models import Organization
from secaction.organizations.services import invitation_create, organization_register
from secaction.policies.models import HandbookRecipient
from tests.browser.a11y import (
    AxeFindings,
    aria_reference_problems,
    axe_check,
    reflow_problems,
    violations_format,
)
from tests.registry.factories import corporate_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = [
    pytest.param("desktop", id="desktop"),
    pytest.param("phone", id="phone", marks=pytest.mark.phone),
]

ORG_DATA = {
    "entity_type": "corporation",
    "name": "株式会社アクセス商会",
    "name_kana": "カブシキガイシャアクセスショウカイ",
    "representative_name": "山田 太郎",
    "representative_title": "代表取締役",
    "postal_code": "100-0001",
    "prefecture": "13",
    "address": "千代田区千代田1-1",
    "industry": "I",
    "employees": "6-20",
    "capital": "-10m",
    "contact_name": "山田 花子",
    "contact_email": "contact@example.jp",
    "contact_phone": "03-0000-0000",
}


def _user(email: str) -> Any:
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(email=email, password="pw-Example-123")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _owner_with_organization(email: str = "owner@example.jp") -> tuple[Any, Organization]:
    user = _user(email)
    organization = organization_register(user, {**ORG_DATA, "corporate_number": corporate_number(4242)})
    return user, organization


def _login(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


class Auditor:
    """Visits pages, runs axe on each and keeps every finding so one run reports all pages at once."""

    def __init__(self, page: Any, base: str, viewport: str, shots: Any) -> None:
        self.page, self.base, self.viewport, self.shots = page, base, viewport, shots
        self.findings: list[AxeFindings] = []
        self.reflow: list[str] = []
        self.broken_refs: list[str] = []

    def check(self, label: str) -> None:
        self.findings.append(axe_check(self.page, f"{self.viewport}: {label}"))
        self.broken_refs.extend(f"[{label}] {ref}" for ref in aria_reference_problems(self.page))
        if self.viewport == "phone":
            sticking_out = reflow_problems(self.page)
            if sticking_out:
                self.reflow.append(f"[{label}] {self.page.url}: " + "; ".join(sticking_out))
        self.shots(label)

    def visit(self, path: str, label: str, *, status: int = 200) -> None:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == status, (path, response and response.status)
        self.check(label)

    def assert_clean(self) -> None:
        moderate = violations_format(self.findings, blocking=False)
        if moderate:
            print("\nModerate/minor accessibility findings (not failing):\n" + moderate)
        assert self.findings, "no page was checked"
        blocking = violations_format(self.findings, blocking=True)
        assert not blocking, "Serious/critical accessibility violations:\n" + blocking
        assert not self.broken_refs, "ARIA attributes pointing at missing ids:\n" + "\n".join(
            self.broken_refs
        )
        assert not self.reflow, "Pages that need sideways scrolling at 320px (WCAG 1.4.10):\n" + "\n".join(
            self.reflow
        )


def _diagnosis_fill_all(page: Any, value: str = "yes") -> None:
    for radio in page.locator(f'#dg-form input[type="radio"][value="{value}"]').all():
        radio.check()


@pytest.fixture
def audit(page: Any, live_server: Any, shots: Any, request: pytest.FixtureRequest) -> Callable[[], Auditor]:
    viewport = "phone" if request.node.get_closest_marker("phone") else "desktop"
    return lambda: Auditor(page, live_server.url, viewport, shots)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_public_pages_signed_out(audit, page, live_server, viewport):
    owner, organization = _owner_with_organization()
    from secaction.policies.services import policy_publish, policy_version_create

    version = policy_version_create(
        organization=organization,
        actor=owner,
        data={
            "organization_name": organization.name,
            "purpose": "お客様の情報を大切に守ります。",
            "management": "経営者が責任を持って取り組みます。",
            "structure": "責任者を置きます。",
            "staff": "全員が決まりを守ります。",
            "compliance": "法令と契約を守ります。",
            "incident": "事故が起きたら速やかに対応します。",
            "representative_title": "代表取締役",
            "representative_name": "山田 太郎",
            "established_on": "2026-04-01",
        },
    )
    policy_publish(version=version, actor=owner)
    slug = organization.policy_site.public_slug

    a = audit()
    a.visit("/", "home")
    a.visit("/faq/", "faq")
    a.visit("/programme/", "programme")
    a.visit("/survey/2024/", "survey-2024")
    page.locator(".survey-figure details summary").first.click()  # the table inside, opened
    a.check("survey-2024-table-open")
    a.visit("/accounts/signup/", "signup")
    page.fill('input[name="email"]', "new@example.jp")
    page.fill('input[name="password1"]', "123")
    page.fill('input[name="password2"]', "456")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    a.check("signup-errors")
    a.visit("/accounts/login/", "login")
    page.fill('input[name="login"]', "nobody@example.jp")
    page.fill('input[name="password"]', "wrong-password-1")
    page.press('input[name="password"]', "Enter")
    page.wait_for_load_state()
    a.check("login-errors")
    a.visit("/accounts/password/reset/", "password-reset")
    a.visit("/diagnosis/", "diagnosis")
    page.locator("#dg-form button[type=submit]").click()
    page.wait_for_load_state()
    a.check("diagnosis-errors")
    _diagnosis_fill_all(page, "partial")
    page.locator("#dg-form button[type=submit]").click()
    page.wait_for_url("**/diagnosis/result/")
    a.check("diagnosis-result")
    a.visit("/diagnosis/principles/", "principles")
    for number in range(1, 6):
        a.visit(f"/diagnosis/principles/{number}/", f"principle-{number}")
    a.visit("/diagnosis/principles/checklist/", "principles-checklist")
    a.visit(f"/policy/p/{slug}/", "policy-public")
    a.visit("/policy/p/no-such-page/", "policy-public-missing", status=404)
    a.visit("/no-such-page/", "404", status=404)
    _registry_pages(a, page)
    a.assert_clean()


def _registry_pages(a: Auditor, page: Any) -> None:
    """The public registry: search (with results and with a bad ID), verification, expression checker, statistics."""
    from tests.registry.factories import make_declaration, make_org

    found = make_declaration(make_org(name="株式会社アクセス登録"), level="two_star")
    a.visit("/registry/", "registry-search")
    a.visit("/registry/?name=アクセス", "registry-results")
    assert page.get_by_text("株式会社アクセス登録").first.is_visible()
    a.visit("/registry/?declaration_id=12345", "registry-search-error")
    a.visit("/registry/verify/", "verify-form")
    a.visit(f"/registry/verify/{found.declaration_id}/", "verify-found")
    a.visit("/registry/verify/50000000000/", "verify-bad-id", status=400)
    a.visit("/registry/verify/batch/", "verify-batch")
    page.locator("textarea").first.fill(f"{found.declaration_id}\n12345")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    a.check("verify-batch-result")
    a.visit("/registry/expressions/", "expressions")
    page.locator("textarea").first.fill("当社はSECURITY ACTIONの二つ星の認定を受けました。")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    a.check("expressions-findings")
    a.visit("/registry/statistics/", "registry-statistics")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_member_pages_signed_in(audit, page, live_server, viewport):
    newcomer = _user("newcomer@example.jp")
    owner, organization = _owner_with_organization()
    org = organization.pk

    a = audit()
    _login(page, live_server, newcomer)
    a.visit("/org/mypage/", "mypage-start")
    a.visit("/org/register/", "org-register")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible()
    a.check("org-register-errors")

    page.context.clear_cookies()
    _login(page, live_server, owner)
    a.visit("/", "home-signed-in")
    a.visit("/org/mypage/", "mypage")
    a.visit("/org/edit/", "org-edit")
    a.visit("/org/members/", "members")
    a.visit("/accounts/email/", "account-email")
    a.visit("/accounts/password/change/", "password-change")
    a.visit("/diagnosis/", "diagnosis-member")
    _diagnosis_fill_all(page, "yes")
    page.locator("#dg-form button[type=submit]").click()
    page.wait_for_load_state()
    a.check("diagnosis-saved-result")
    a.visit("/diagnosis/history/", "diagnosis-history")

    a.visit(f"/policy/org/{org}/", "policy-home")
    a.visit(f"/policy/org/{org}/edit/", "policy-edit")
    page.locator("textarea").first.fill("x" * 5000)
    page.get_by_role("button", name="保存する(新しい版を作る)").click()
    page.wait_for_load_state()
    assert page.locator(".errorlist").count()
    a.check("policy-edit-errors")
    page.goto(f"{live_server.url}/policy/org/{org}/edit/")
    page.get_by_role("button", name="保存する(新しい版を作る)").click()
    page.wait_for_url(f"**/policy/org/{org}/v/1/")
    a.check("policy-version")
    page.get_by_role("button", name="公開する").click()
    page.wait_for_load_state()
    a.check("policy-published")
    a.visit(f"/policy/org/{org}/handbook/", "handbook-home")
    a.visit(f"/policy/org/{org}/handbook/edit/", "handbook-edit")
    page.get_by_role("button", name="保存する(新しい版を作る)").click()
    page.wait_for_url(f"**/policy/org/{org}/handbook/v/1/")
    a.check("handbook-version")
    page.get_by_role("button", name="この版を採用する").click()
    page.wait_for_load_state()
    a.check("handbook-staff")
    page.get_by_label("送り先のメールアドレス").fill("not an address")
    page.get_by_role("button", name="確認依頼を送る").click()
    page.wait_for_load_state()
    assert page.locator(".errorlist").count()
    a.check("handbook-staff-errors")
    page.get_by_label("送り先のメールアドレス").fill("staff@example.jp")
    page.get_by_role("button", name="確認依頼を送る").click()
    page.get_by_text("件のアドレスに送信を始めました。").wait_for()
    a.check("handbook-staff-sent")
    a.visit("/diagnosis/combined/", "diagnosis-combined")
    a.visit("/accounts/2fa/", "mfa-index")
    a.visit("/accounts/2fa/totp/activate/", "mfa-totp-activate")
    invitation = invitation_create(owner, organization, "colleague@example.jp")
    a.visit("/org/members/", "members-with-invitation")
    a.visit("/no-such-page/", "404-signed-in", status=404)
    a.visit("/declarations/guideline/", "403-not-a-declarer", status=403)

    page.context.clear_cookies()  # what the invited colleague and the staff member see, signed out
    a.visit(f"/org/invitation/{invitation.token}/", "invitation")
    token = HandbookRecipient.objects.get(email="staff@example.jp").token
    a.visit(f"/policy/h/{token}/", "handbook-acknowledge")
    page.get_by_role("button", name="読んで理解しました").click()
    page.get_by_text("に確認しました。").first.wait_for()
    a.check("handbook-acknowledged")
    a.assert_clean()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_declaration_pages(audit, page, live_server, viewport, current_terms):
    """The ★★ declaration wizard (also with its errors), the done page, logo, guideline and terms."""
    import re

    from secaction.declarations.models import Declaration

    owner, organization = _owner_with_organization()
    _login(page, live_server, owner)

    a = audit()
    a.visit("/declarations/new/", "declare-goal")
    page.get_by_role("radio", name=re.compile(r"^\s*二つ星")).check()
    page.get_by_role("button", name="次へ").click()
    page.wait_for_url("**/new/principles/")
    a.check("declare-principles")
    page.get_by_role("button", name="次へ").click()
    page.wait_for_load_state()
    a.check("declare-principles-errors")
    for box in page.get_by_label("この項目に取り組みます").all():
        box.check()
    page.get_by_role("button", name="次へ").click()
    page.wait_for_url("**/new/two-star/")
    a.check("declare-two-star")
    page.get_by_role("button", name="次へ").click()
    page.get_by_text("基本方針の外部公開方法を選んでください。").first.wait_for()
    a.check("declare-two-star-errors")
    page.get_by_label(re.compile("自社診断」を実施しました")).check()
    page.get_by_label("情報セキュリティ基本方針を定め、外部に公開しています").check()
    page.get_by_label("自社ウェブサイト").check()
    page.get_by_label("基本方針を掲載しているページのURL").fill("https://access.example.jp/policy")
    page.get_by_label(re.compile("個人情報保護方針.*理解しました")).check()
    page.get_by_role("button", name="次へ").click()
    page.wait_for_url("**/new/terms/")
    a.check("declare-terms")
    page.get_by_role("button", name="次へ").click()
    page.wait_for_load_state()
    a.check("declare-terms-errors")
    page.get_by_label("ロゴマーク使用規約を読み、同意します").check()
    page.get_by_role("button", name="次へ").click()
    page.wait_for_url("**/new/confirm/")
    a.check("declare-confirm")
    page.check("input[name=public_ok]")
    page.get_by_role("button", name="この内容で宣言する").click()
    page.wait_for_url("**/done/*/")
    a.check("declare-done")
    declaration = Declaration.objects.get(organization=organization)
    a.visit("/org/mypage/", "mypage-declared")
    a.visit("/declarations/logo/", "logo")
    a.visit("/declarations/guideline/", "logo-guideline")
    a.visit("/declarations/terms/", "terms-public")
    a.visit("/declarations/withdraw/", "withdraw")
    a.visit("/declarations/downgrade/", "downgrade")
    a.visit(f"/registry/verify/{declaration.declaration_id}/", "verify-own")
    a.assert_clean()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_supporter_pages(audit, page, live_server, viewport):
    """普及賛同企業等: applying (with errors), the member page, the offer form, the public directory and detail."""
    from secaction.supporters import services as supporters

    owner, organization = _owner_with_organization()
    staff = _user("staff@example.jp")
    staff.is_staff = True
    staff.save()
    _login(page, live_server, owner)

    a = audit()
    a.visit("/supporters/mine/", "supporter-mine-undeclared")
    a.visit("/supporters/mine/apply/", "supporter-apply-undeclared")  # the reason and a link to declare
    assert page.get_by_role("link", name="自己宣言をする").is_visible()
    from tests.supporters.conftest import declare

    declare(organization)  # only a declarer may apply
    a.visit("/supporters/mine/", "supporter-mine-none")
    a.visit("/supporters/mine/apply/", "supporter-apply")
    page.get_by_role("button", name="申請する").click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible()
    a.check("supporter-apply-errors")
    page.get_by_label("団体").check()
    page.get_by_label("普及促進の取組み(公開)").fill("会員向けに SECURITY ACTION の説明会を開いています。")
    page.get_by_label("制度の趣旨に賛同し、普及促進に取り組みます").check()
    page.get_by_role("button", name="申請する").click()
    page.wait_for_url("**/supporters/mine/")
    a.check("supporter-mine-pending")
    supporter = supporters.supporter_approve(supporter=organization.supporter, staff=staff)
    a.visit("/supporters/mine/offers/new/", "supporter-offer-new")
    page.get_by_label("支援策の名称").fill("宣言事業者向け 無料相談")
    page.get_by_label("内容").fill("初回の相談は無料です。")
    page.get_by_role("button", name="登録して公開する").click()
    page.wait_for_url("**/supporters/mine/")
    a.check("supporter-mine-offers")
    page.context.clear_cookies()
    a.visit("/supporters/", "supporters-directory")
    assert page.get_by_text("宣言事業者向け 無料相談").first.is_visible()
    a.visit("/supporters/?category=organisation&prefecture=13", "supporters-directory-empty")
    a.visit(f"/supporters/{supporter.pk}/", "supporter-detail")
    a.assert_clean()
