"""Pages rendered in English carry no Japanese, except what is Japanese on purpose.

On purpose means: marked ``lang="ja"`` in the page (documents that stay Japanese, the language switch's 日本語, the
Japanese wording the logo guideline teaches), the organisation's own data, and the seed's quoted phrases the
expression checker explains. See docs/i18n.md.
"""

import pytest

from secaction.declarations import services
from secaction.declarations.models import TermsVersion
from tests.declarations.conftest import add_member, make_org, make_user
from tests.i18n.japanese import japanese_left

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/",
    "/faq/",
    "/registry/",
    "/registry/verify/",
    "/registry/verify/batch/",
    "/registry/expressions/",
    "/registry/statistics/",
    "/supporters/",
    "/diagnosis/",
    "/diagnosis/principles/",
    "/diagnosis/principles/checklist/",
    "/diagnosis/principles/1/",
    "/declarations/terms/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]
MEMBER = [
    "/org/mypage/",
    "/org/edit/",
    "/org/members/",
    "/declarations/new/",
    "/declarations/logo/",
    "/declarations/guideline/",
    "/declarations/withdraw/",
    "/diagnosis/history/",
    "/supporters/mine/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
]
# The seed's own example phrases, which the expression checker's English explains (they are what it looks for).
SEED_QUOTES = ("「一つ星を宣言しました」「二つ星を宣言しました」", "「一つ星の認定を受けました」")


def _english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


def _check(client, urls, allowed):
    leftovers = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="en">' in html, url
        found = japanese_left(html, allowed)
        if found:
            leftovers[url] = sorted(set(found))
    assert not leftovers, leftovers


def test_the_checker_finds_japanese_and_skips_what_is_marked():
    html = '<p>Hello 東京</p><p lang="ja">日本語<b>です</b></p><textarea>方針</textarea><img alt="ロゴ">'
    assert japanese_left(html) == ["東京", "ロゴ"]
    assert japanese_left(html, ("東京",)) == ["ロゴ"]


def test_public_pages_in_english_have_no_japanese(client):
    org = make_org()
    owner = add_member(org, make_user("owner@example.jp", language="en"), role="owner")
    decl = services.declaration_submit(
        organization=org,
        user=owner,
        level="one_star",
        pledged_principles=[1, 2, 3, 4, 5],
        terms_version=TermsVersion.objects.get(is_current=True),
    )
    _english(client)
    found = [f"/registry/verify/{decl.declaration_id}/", "/registry/?prefecture=13"]
    _check(client, [*PUBLIC, *found], (org.name, org.name_kana, *SEED_QUOTES))
    results = client.get("/registry/?prefecture=13").content.decode()
    assert org.name in results and "Tokyo" in results


def test_new_user_pages_in_english_have_no_japanese(client):
    client.force_login(make_user("new@example.jp", language="en"))
    _english(client)
    _check(client, ["/org/mypage/", "/org/register/", "/diagnosis/"], ())


def test_member_pages_in_english_have_no_japanese(client):
    org = make_org()
    owner = add_member(org, make_user("owner@example.jp", language="en"), role="owner")
    services.declaration_submit(
        organization=org,
        user=owner,
        level="one_star",
        pledged_principles=[1, 2, 3, 4, 5],
        terms_version=TermsVersion.objects.get(is_current=True),
    )
    client.force_login(owner)
    _english(client)
    own_data = (org.name, org.name_kana, org.address, org.representative_name, org.contact_name)
    policy_pages = [
        f"/policy/org/{org.pk}/",
        f"/policy/org/{org.pk}/edit/",
        f"/policy/org/{org.pk}/handbook/",
        f"/policy/org/{org.pk}/handbook/edit/",
        f"/policy/org/{org.pk}/handbook/staff/",
    ]
    _check(client, [*MEMBER, *policy_pages], own_data)


def test_declaring_wizard_in_english_has_no_japanese(client):
    org = make_org()
    owner = add_member(org, make_user("owner@example.jp", language="en"), role="owner")
    client.force_login(owner)
    _english(client)
    assert client.post("/declarations/new/", {"level": "two_star"}).status_code == 302
    _check(client, ["/declarations/new/principles/"], ())
    assert (
        client.post("/declarations/new/principles/", {f"p{n}": "on" for n in range(1, 6)}).status_code == 302
    )
    _check(client, ["/declarations/new/two-star/"], ())


def test_declaration_document_in_english_is_not_called_a_certificate(client):
    import io

    from pypdf import PdfReader

    org = make_org()
    owner = add_member(org, make_user("owner@example.jp", language="en"), role="owner")
    decl = services.declaration_submit(
        organization=org,
        user=owner,
        level="one_star",
        pledged_principles=[1, 2, 3, 4, 5],
        terms_version=TermsVersion.objects.get(is_current=True),
    )
    client.force_login(owner)
    _english(client)
    response = client.get("/declarations/declaration.pdf")
    assert response.status_code == 200
    assert f"security-action-{decl.declaration_id}.pdf" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == "Declaration document — SECURITY ACTION"
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Declaration document" in text
    assert "certificate" not in text.lower()


def test_every_prefecture_has_an_english_name_and_data_stays_japanese():
    from django.utils import translation

    from secaction.organizations.choices import PREFECTURE_CHOICES, PREFECTURE_NAMES_JA

    assert len(PREFECTURE_CHOICES) == 47
    with translation.override("en"):
        english = {code: str(label) for code, label in PREFECTURE_CHOICES}
    assert english["01"] == "Hokkaido" and english["13"] == "Tokyo" and english["47"] == "Okinawa"
    assert all(not japanese_left(name) for name in english.values()), english
    assert len(set(english.values())) == 47
    with translation.override("ja"):
        assert {code: str(label) for code, label in PREFECTURE_CHOICES} == PREFECTURE_NAMES_JA
    assert PREFECTURE_NAMES_JA["13"] == "東京都"
