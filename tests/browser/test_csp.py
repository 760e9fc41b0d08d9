"""The Content-Security-Policy in chromium (issue 10, finding 8): no violation, and the pages' JavaScript still works.

Every violation is caught twice: chromium's console message ("Refused to …
Content Security Policy") and the ``securitypolicyviolation`` event, recorded
by an init script (Playwright injects it outside the page's policy). The first
test proves the recorder sees a violation, so the others cannot pass by
hearing nothing.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from tests.browser.test_declarations_browser import declarer, log_in, staff_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


class Violations:
    """Collects CSP violations of one page from the console and from the DOM event."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.console: list[str] = []
        page.add_init_script(RECORDER)
        page.on("console", self._on_console)

    def _on_console(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            self.console.append(message.text)

    def all(self) -> list[str]:
        return self.console + list(self.page.evaluate("window.__cspViolations || []"))


@pytest.fixture
def violations(page: Any) -> Violations:
    return Violations(page)


def test_the_recorder_sees_a_violation(live_server, page, violations):
    page.goto(live_server.url + "/")
    assert violations.all() == []
    # What the policy exists to stop: an injected inline script must not run, and is reported.
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__ran") is None
    assert any("script-src" in v for v in violations.all())


def test_public_pages_and_the_questionnaire_script_run_without_violations(live_server, page, violations):
    page.goto(live_server.url + "/")
    assert page.locator("script[src$='js/site.js']").count() == 1
    page.goto(live_server.url + "/diagnosis/")
    # take.js shows the live progress bar and counts answers.
    progress = page.locator("#dg-progress")
    assert progress.is_visible()
    page.locator("#q1 input[value=yes]").check()
    page.locator("#q2 input[value=no]").check()
    assert progress.locator("[data-count]").inner_text() == "2"
    # Sending it incomplete shows the error summary, which site.js focuses.
    page.get_by_role("button", name="結果を見る").click()
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.id") == "dg-errors"
    page.goto(live_server.url + "/diagnosis/principles/checklist/")
    assert page.get_by_role("button", name="印刷する").is_visible()
    assert violations.all() == []


@pytest.mark.parametrize(
    "name",
    [
        "pages:programme",
        "pages:faq",
        "pages:survey_latest",
        "registry:search",
        "registry:verify_form",
        "registry:statistics",
        "supporters:directory",
        "diagnosis:principles",
        "account_signup",
    ],
)
def test_other_public_pages_without_violations(live_server, page, violations, name):
    response = page.goto(live_server.url + reverse(name))
    assert response is not None and response.status == 200
    assert violations.all() == []


def test_api_docs_render_swagger_ui_from_static_files_without_violations(live_server, page, violations):
    external: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(live_server.url) else external.append(r.url))
    page.goto(live_server.url + "/api/v1/docs")
    # Swagger UI drew the document: its title and an operation of the API.
    page.locator(".swagger-ui .info .title").wait_for()
    assert "SECURITY ACTION Portal API" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock").count() > 0
    assert external == []
    assert violations.all() == []


def test_my_page_and_the_two_star_wizard_without_violations(live_server, page, violations):
    _, user = declarer("有限会社あおば工務店", "aoba@example.jp")
    log_in(page, live_server.url, user.email)
    page.goto(live_server.url + "/org/mypage/")
    assert page.get_by_role("heading", name="自社診断").first.is_visible()
    page.goto(f"{live_server.url}/declarations/new/")
    page.get_by_role("radio", name=re.compile(r"^\s*二つ星")).check()
    page.get_by_role("button", name="次へ").click()
    page.wait_for_url("**/new/principles/")
    for box in page.get_by_label("この項目に取り組みます").all():
        box.check()
    page.get_by_role("button", name="次へ").click()
    page.wait_for_url("**/new/two-star/")
    page.get_by_role("button", name="次へ").click()  # nothing filled in: the errors are shown
    page.wait_for_load_state()
    assert page.get_by_text("基本方針の外部公開方法を選んでください。").first.is_visible()
    # A form's error summary (organizations/_form_errors.html) is focused by site.js.
    page.goto(live_server.url + "/org/edit/")
    page.locator('input[name="name"]').fill("")
    page.get_by_role("button", name="変更を保存する").click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert violations.all() == []


def test_back_office_pages_without_violations(live_server, page, violations, totp_code):
    # Django's admin and allauth's TOTP pages run under the same policy: their scripts are static files.
    staff_log_in(page, live_server.url, totp_code)
    for path in (
        "/backoffice/",
        "/backoffice/declarations/reviewqueueitem/",
        "/backoffice/organizations/organization/",
        "/backoffice/core/auditevent/",
    ):
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        assert page.url == live_server.url + path  # not sent to a log-in or TOTP page
    assert violations.all() == []
