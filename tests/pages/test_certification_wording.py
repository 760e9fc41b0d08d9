"""No page presents SECURITY ACTION as a certification (it is a self-declaration: 宣言, never 認定/認証).

Every public page, and the pages a signed-in owner sees, is rendered in Japanese and in English and
its visible text is run through the project's expression checker
(``secaction.registry.expressions``). The FAQ quotes the wrong wording on purpose, as the
incorrect example; a finding on a line that presents it as such is allowed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from secaction.registry.expressions import expressions_check

# Labels that present what follows them as the wrong way to put it.
INCORRECT_EXAMPLE_RE = re.compile(
    r"不適切な例|誤った例|使えない例|\b(?:Incorrect|Wrong|Not allowed)\s*:", re.IGNORECASE
)

_BLOCK_TAGS = {
    "p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "div", "section", "article", "main",
    "header", "footer", "nav", "tr", "td", "th", "label", "legend", "option", "button", "br", "title",
    "textarea", "blockquote", "pre", "summary", "figcaption", "caption", "form", "fieldset",
}  # fmt: skip


class _VisibleText(HTMLParser):
    """The text a reader sees, one line per block element (no scripts or styles).

    A table cell's line starts with its column heading ("使えない例: …"), as a screen reader
    announces it, so a column of wrong examples reads as such.
    """

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0
        self._headings: list[str] = []
        self._column = -1
        self._in_th: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "table":
            self._headings = []
        if tag == "tr":
            self._column = -1
        if tag in ("td", "th"):
            self._column += 1
        if tag == "th":
            self._in_th = []
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "td" and 0 <= self._column < len(self._headings) and self._headings[self._column]:
            self.parts.append(self._headings[self._column] + ": ")
        for name, value in attrs:  # text read out by screen readers counts too
            if name in ("alt", "aria-label", "title", "placeholder") and value:
                self.parts.append(f"\n{value}\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "th" and self._in_th is not None:
            while len(self._headings) < self._column:
                self._headings.append("")
            self._headings[self._column : self._column + 1] = [" ".join("".join(self._in_th).split())]
            self._in_th = None
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)
            if self._in_th is not None:
                self._in_th.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def misleading_phrases(html: str) -> list[str]:
    """Certification-like phrases in the page's text, except where quoted as the incorrect example."""
    found = []
    for line in visible_text(html).splitlines():
        for finding in expressions_check(line):
            # Quoted after an "incorrect example" label. The label is looked for up to the end of the
            # finding, because the checker may start a finding at a subject before the label
            # ("…two stars) / Wrong: 「一つ星の認定を受けました」").
            if INCORRECT_EXAMPLE_RE.search(line[: finding.end]):
                continue
            found.append(f"「{finding.phrase}」 in: {line[:120]}")
    return found


def test_the_checker_catches_what_it_must_and_allows_the_faq_example():
    bad = "<main><p>当社は SECURITY ACTION 二つ星の認定を受けました。</p></main>"
    assert misleading_phrases(bad), "the checker must catch a certification claim"
    faq = "<dl><dd><p>不適切な例 …「一つ星(二つ星)の認定を受けました」</p></dd></dl>"
    assert misleading_phrases(faq) == []
    outside_example = "<p>お客様へ:「一つ星(二つ星)の認定を受けました」</p>"
    assert misleading_phrases(outside_example), "the quote is only allowed as the incorrect example"
    table = (
        "<table><tr><th>良い例</th><th>使えない例</th></tr>"
        "<tr><td>「二つ星を宣言しました」</td><td>「二つ星を取得」</td></tr></table>"
    )
    assert misleading_phrases(table) == []
    wrong_column = table.replace("<th>良い例</th><th>使えない例</th>", "<th>使えない例</th><th>良い例</th>")
    assert len(misleading_phrases(wrong_column)) == 1  # 「二つ星を取得」 now sits under 良い例
    before_the_label = "<p>二つ星の認定を受けました。不適切な例 …「一つ星の認定を受けました」</p>"
    assert len(misleading_phrases(before_the_label)) == 1
    assert misleading_phrases("<p>認定・認証の制度ではありません。SECURITY ACTION を宣言しました。</p>") == []


PUBLIC_PATHS = [
    "/",
    "/faq/",
    "/survey/2024/",
    "/accounts/signup/",
    "/accounts/login/",
    "/accounts/password/reset/",
    "/diagnosis/",
    "/diagnosis/principles/",
    *[f"/diagnosis/principles/{n}/" for n in range(1, 6)],
    "/diagnosis/principles/checklist/",
    "/registry/",
    "/registry/verify/",
    "/registry/verify/batch/",
    "/registry/expressions/",
    "/registry/statistics/",
    "/supporters/",
    "/supporters/?category=information&prefecture=13&audience=declarers",
    "/no-such-page/",
]


def _client(language: str) -> Client:
    client = Client()
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ja", "en"])
def test_public_pages_never_call_it_a_certification(language):
    client = _client(language)
    problems = {}
    for path in PUBLIC_PATHS:
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        found = misleading_phrases(response.content.decode())
        if found:
            problems[path] = found
    # The FAQ does quote the wrong wording, as the incorrect example, so it must be there and be allowed.
    faq = visible_text(client.get("/faq/").content.decode())
    assert ("一つ星(二つ星)の認定を受けました" if language == "ja" else "certified one star") in faq
    assert problems == {}, "\n".join(f"{p}: {f}" for p, fs in problems.items() for f in fs)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ja", "en"])
def test_signed_in_pages_never_call_it_a_certification(language):
    from django.contrib.auth import get_user_model

    from secaction.diagnosis.services import assessment_save
    from secaction.organizations.models import Membership
    from tests.registry.factories import make_declaration, make_org

    organization = make_org(representative_title="代表取締役")
    from django.utils import timezone

    from secaction.declarations.models import TermsVersion

    # The logo guideline is for declarers who accepted the current terms.
    make_declaration(
        organization,
        level="two_star",
        terms_version=TermsVersion.objects.get(is_current=True),
        terms_accepted_at=timezone.now(),
    )
    user = get_user_model().objects.create_user(email="owner@example.jp", password="pw-Example-123")
    Membership.objects.create(user=user, organization=organization, role=Membership.Role.OWNER)
    assessment = assessment_save(
        organization=organization, user=user, answers={n: "yes" if n % 2 else "no" for n in range(1, 26)}
    )
    client = _client(language)
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    org = organization.pk
    paths = [
        "/org/mypage/",
        "/org/edit/",
        "/org/members/",
        "/diagnosis/history/",
        f"/diagnosis/{assessment.pk}/",
        f"/policy/org/{org}/",
        f"/policy/org/{org}/edit/",
        f"/policy/org/{org}/handbook/",
        f"/policy/org/{org}/handbook/edit/",
        "/declarations/guideline/",
        "/declarations/terms/",
        "/supporters/mine/",
        "/supporters/mine/apply/",
    ]
    problems = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        found = misleading_phrases(response.content.decode())
        if found:
            problems[path] = found
    assert problems == {}, "\n".join(f"{p}: {f}" for p, fs in problems.items() for f in fs)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ja", "en"])
def test_supporter_pages_never_call_it_a_certification(language):
    """The supporters' directory, a detail page and the member pages, with a supporter that has offers."""
    from tests.supporters.conftest import approved_supporter, offer

    supporter = approved_supporter()
    offer(supporter, supporter.agreed_by, title="宣言の準備を支援します")
    client = _client(language)
    client.force_login(supporter.agreed_by)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    problems = {}
    for path in ["/supporters/", f"/supporters/{supporter.pk}/", "/supporters/mine/",
                 "/supporters/mine/offers/new/", "/supporters/mine/withdraw/"]:  # fmt: skip
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        found = misleading_phrases(response.content.decode())
        if found:
            problems[path] = found
    assert problems == {}, "\n".join(f"{p}: {f}" for p, fs in problems.items() for f in fs)
