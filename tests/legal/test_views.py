"""The legal pages, the sign-up consent, the log-in gate and the back office, over HTTP."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse
from django.utils import timezone

from secaction.accounts.models import User
from secaction.legal import selectors, services
from secaction.legal.models import Acceptance, How, Kind, LegalDocument
from tests.declarations.conftest import add_member, make_org, make_user
from tests.i18n.japanese import japanese_left

pytestmark = pytest.mark.django_db
PASSWORD = "pw-Signup-2026x"


def _new_terms(staff, version="2.0", material=True):
    return services.legal_document_publish(
        staff,
        kind=Kind.TERMS,
        version=version,
        title="利用規約",
        body="改定後の本文",
        material=material,
        change_summary="第4条に禁止事項を追加しました",
        published_at=timezone.now() + dt.timedelta(seconds=1),
    )


def _accepted_member():
    user = add_member(make_org(), make_user())
    services.acceptance_record(user, selectors.acceptances_pending(user), How.SIGNUP)
    return user


def test_pages_show_the_version_in_force(client):
    for name, kind in (("privacy", Kind.PRIVACY), ("terms", Kind.TERMS), ("api_terms", Kind.API_TERMS)):
        html = client.get(reverse(f"legal:{name}")).content.decode()
        assert selectors.legal_document_current(kind).title in html
    footer = client.get("/").content.decode()
    assert reverse("legal:privacy") in footer and reverse("legal:terms") in footer


def test_pages_in_english_have_no_japanese_outside_the_marked_text(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    for name in ("privacy", "terms", "api_terms"):
        html = client.get(reverse(f"legal:{name}")).content.decode()
        assert not japanese_left(html), (name, japanese_left(html))
    assert "Japanese" in client.get(reverse("legal:privacy")).content.decode()


def test_signup_requires_consent_and_records_the_versions(client):
    url = reverse("account_signup")
    data = {"email": "new@example.jp", "password1": PASSWORD, "password2": PASSWORD}
    response = client.post(url, data)
    assert response.status_code == 200 and not User.objects.filter(email="new@example.jp").exists()
    assert "同意が必要です" in response.content.decode()
    assert client.post(url, {**data, "legal_agree": "on"}).status_code == 302
    rows = Acceptance.objects.filter(user__email="new@example.jp")
    assert {(row.document.kind, row.how) for row in rows} == {
        (Kind.PRIVACY, How.SIGNUP),
        (Kind.TERMS, How.SIGNUP),
    }
    assert all(row.document.is_current for row in rows)


def test_signup_form_links_to_the_pages(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert 'name="legal_agree"' in html
    assert reverse("legal:privacy") in html and reverse("legal:terms") in html


def test_gate_sends_a_member_to_accept_a_material_change_once(client, gate):
    user = _accepted_member()
    client.force_login(user)
    assert client.get(reverse("mypage:index")).status_code == 200
    _new_terms(make_user(staff=True))
    response = client.get(reverse("mypage:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("legal:accept"))
    page = client.get(response["Location"])
    assert page.status_code == 200  # the accept page is open: no loop
    assert "第4条に禁止事項を追加しました" in page.content.decode()
    assert "改定への同意のお願い" in page.content.decode()  # they accepted before: this is a revision
    # Without the box ticked, nothing is recorded and the gate stays.
    client.post(response["Location"], {"document": [d.pk for d in page.context["pending"]]})
    assert selectors.acceptances_pending(user)
    done = client.post(
        response["Location"], {"agree": "on", "document": [d.pk for d in page.context["pending"]]}
    )
    assert done.status_code == 302 and done["Location"] == reverse("mypage:index")
    row = Acceptance.objects.get(user=user, document__version="2.0")
    assert row.how == How.LOGIN
    assert client.get(reverse("mypage:index")).status_code == 200


def test_gate_leaves_open_the_legal_pages_logout_and_language(client, gate):
    user = add_member(make_org(), make_user())
    client.force_login(user)
    assert client.get(reverse("legal:privacy")).status_code == 200
    assert client.get(reverse("legal:terms")).status_code == 200
    assert client.post(reverse("set_language"), {"language": "ja", "next": "/"}).status_code == 302
    assert client.get(reverse("account_logout")).status_code == 200


def test_a_minor_change_does_not_stop_anyone(client, gate):
    user = _accepted_member()
    client.force_login(user)
    _new_terms(make_user(staff=True), version="1.1", material=False)
    assert client.get(reverse("mypage:index")).status_code == 200


def test_gate_does_not_block_staff_in_the_back_office(client, gate):
    staff = make_user(staff=True)
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    assert client.get("/backoffice/").status_code == 200
    # Staff never accepted anything here, and still no page sends them to the accept page.
    home = client.get("/")
    assert home.status_code == 200 and not Acceptance.objects.filter(user=staff).exists()


def test_accept_page_with_nothing_pending_goes_on(client, gate):
    client.force_login(_accepted_member())
    response = client.get(reverse("legal:accept") + "?next=https://evil.example/")
    assert response.status_code == 302 and response["Location"] == reverse("mypage:index")


@pytest.fixture
def staff_client(client):
    staff = make_user(staff=True)
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    return client


def test_admin_publishes_through_the_service(staff_client):
    add = reverse("admin:legal_legaldocument_add")
    response = staff_client.post(
        add,
        {
            "kind": Kind.PRIVACY,
            "version": "2.0",
            "title": "個人情報の取扱い",
            "body": "新しい本文",
            "change_summary": "保存期間を改めました",
            "material": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    doc = LegalDocument.objects.get(kind=Kind.PRIVACY, version="2.0")
    assert doc.is_current and doc.material
    # A published version is not edited: its change form does not save.
    change = reverse("admin:legal_legaldocument_change", args=[doc.pk])
    staff_client.post(change, {"body": "書き換え"})
    doc.refresh_from_db()
    assert doc.body == "新しい本文"
    assert staff_client.get(change.replace(str(doc.pk), "abc")).status_code in (302, 404)


def test_admin_shows_which_versions_a_person_accepted(staff_client):
    user = _accepted_member()
    html = staff_client.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode()
    assert selectors.legal_document_current(Kind.PRIVACY).title in html
    listing = staff_client.get(reverse("admin:legal_acceptance_changelist")).content.decode()
    assert user.email in listing


def test_someone_who_never_accepted_is_asked_for_a_first_agreement_not_a_revision(client, gate):
    # A GビズID sign-up has no form to tick: the gate asks at the first log-in.
    user = make_user("first@example.jp")
    client.force_login(user)
    response = client.get(reverse("mypage:index"))
    assert response["Location"].startswith(reverse("legal:accept"))
    html = client.get(response["Location"]).content.decode()
    assert "個人情報の取扱いと利用規約への同意のお願い" in html
    assert "改定への同意のお願い" not in html
