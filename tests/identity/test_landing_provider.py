"""The GビズID landing through the real OpenID Connect provider (tests/oidc_provider), with Django's test client."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from secaction.accounts.selectors import gbiz_account_for_user
from secaction.core.models import AuditEvent
from secaction.declarations.models import Declaration
from secaction.organizations.models import IdentityConflict, Membership, Organization
from tests.declarations.conftest import add_member, make_org, make_user
from tests.identity.verified_helpers import completion_data

pytestmark = pytest.mark.django_db

NUMBER = "7000012050002"  # the 法人番号 of the provider's プライム and メンバー accounts
LANDING = reverse("identity:gbiz_landing")
REGISTER = reverse("identity:gbiz_register")


def sign_in(client: Any, provider: Any, login_name: str) -> Any:
    """Sign in at the real provider as ``login_name`` and follow the redirect back to the portal."""
    start = client.post(reverse("openid_connect_login", kwargs={"provider_id": "gbizid"}))
    back = provider.login(start["Location"], login_name)
    response = client.get(back)
    assert response.status_code == 302, response.content[:500]
    return response.wsgi_request.user


def texts(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def input_tag(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, f"no input {name}"
    return match.group(0)


def test_prime_without_an_organisation_gets_the_registration_pre_filled_and_verified(client, gbizid) -> None:
    sign_in(client, gbizid, "prime")
    landing = client.get(LANDING)
    assert landing.status_code == 302 and landing["Location"] == REGISTER
    page = client.get(REGISTER)
    html = page.content.decode()
    assert page.status_code == 200
    number = input_tag(html, "corporate_number")
    assert f'value="{NUMBER}"' in number and "disabled" in number
    name = input_tag(html, "name")
    assert 'value="株式会社テスト商事"' in name and "disabled" in name
    assert "GビズIDで確認済み" in html
    assert 'value="カブシキガイシャテストショウジ"' in input_tag(html, "name_kana")
    assert 'value="100-8901"' in input_tag(html, "postal_code") or 'value="1008901"' in input_tag(
        html, "postal_code"
    )
    assert 'value="千代田区霞が関1-3-1"' in input_tag(html, "address")
    assert 'value="山田 太郎"' in input_tag(html, "representative_name")
    assert 'value="taro@test-shoji.example.jp"' in input_tag(html, "contact_email")
    assert re.search(r'<option value="13" selected>', html)  # 東京都 from prefecture_name


def test_the_verified_registration_ignores_tampered_number_and_name(client, gbizid) -> None:
    user = sign_in(client, gbizid, "prime")
    data = completion_data(corporate_number="4000012090001", name="株式会社ニセモノ", entity_type="other")
    response = client.post(REGISTER, data)
    assert response.status_code == 302 and response["Location"] == reverse("mypage:index")
    org = Organization.objects.get()
    assert (org.corporate_number, org.name, org.entity_type) == (NUMBER, "株式会社テスト商事", "corporation")
    assert org.is_identity_verified
    assert Membership.objects.get(organization=org).user == user
    mypage = client.get(reverse("mypage:index"))
    assert "GビズIDで確認済み" in mypage.content.decode()


def test_missing_completion_values_show_the_form_again_with_errors(client, gbizid) -> None:
    sign_in(client, gbizid, "prime")
    response = client.post(REGISTER, completion_data(industry="", contact_phone="abc"))
    assert response.status_code == 200
    assert not Organization.objects.exists()
    html = response.content.decode()
    assert 'id="id_industry_error"' in html and 'id="id_contact_phone_error"' in html
    assert f'value="{NUMBER}"' in input_tag(html, "corporate_number")


def test_an_unverified_squatter_does_not_stop_the_company_and_is_flagged(client, gbizid) -> None:
    squatter_org = make_org("株式会社ニセ商事", corporate_number=NUMBER)
    add_member(squatter_org, make_user("squatter@example.jp"), role="owner")
    sign_in(client, gbizid, "prime")
    assert client.get(LANDING)["Location"] == REGISTER
    assert client.post(REGISTER, completion_data()).status_code == 302
    verified = Organization.objects.get(identity_verified_at__isnull=False)
    conflict = IdentityConflict.objects.get()
    assert (conflict.unverified, conflict.verified) == (squatter_org, verified)


def test_prime_matching_an_ownerless_imported_organisation_takes_it_over_verified(client, gbizid) -> None:
    imported = make_org("株式会社テスト商事", corporate_number=NUMBER)
    Declaration.objects.create(
        organization=imported,
        declaration_id="40000000011",
        level="one_star",
        status="active",
        declared_at=timezone.now(),
        imported=True,
    )
    user = sign_in(client, gbizid, "prime")
    response = client.get(LANDING)
    assert response["Location"] == reverse("mypage:index")
    imported.refresh_from_db()
    assert imported.is_identity_verified and imported.identity_source == "gbizid"
    assert Membership.objects.get(organization=imported, user=user, is_active=True).is_owner
    assert any("40000000011" in m and "引き継ぎました" in m for m in texts(response))
    assert AuditEvent.objects.filter(action="organization.claim", object_id=str(imported.pk)).exists()
    assert Organization.objects.count() == 1


def test_a_member_of_an_already_verified_company_is_told_to_ask_its_owner(client, gbizid) -> None:
    verified = make_org("株式会社テスト商事", corporate_number=NUMBER, identity_verified_at=timezone.now())
    add_member(verified, make_user("owner-secret@example.jp"), role="owner")
    sign_in(client, gbizid, "member")
    response = client.get(LANDING)
    html = response.content.decode()
    assert response.status_code == 200
    assert "株式会社テスト商事" in html and "招待" in html
    assert "owner-secret@example.jp" not in html and verified.contact_email not in html
    assert client.get(REGISTER).status_code == 200  # the form is there, but the service refuses:
    response = client.post(REGISTER, completion_data())
    assert "既にGビズIDで確認済み" in response.content.decode()
    assert Organization.objects.count() == 1


def test_the_owner_of_the_same_number_gets_it_verified(client, gbizid) -> None:
    org = make_org("株式会社テスト商事", corporate_number=NUMBER)
    owner = make_user("taro@test-shoji.example.jp")
    add_member(org, owner, role="owner")
    client.force_login(owner)
    # Connect GビズID to the signed-in account (process=connect), as the My Page hint does.
    start = client.post(
        reverse("openid_connect_login", kwargs={"provider_id": "gbizid"}),
        {"process": "connect", "next": LANDING},
    )
    back = gbizid.login(start["Location"], "prime")
    assert client.get(back)["Location"] == LANDING  # the connection comes back to the landing
    assert gbiz_account_for_user(owner) is not None
    response = client.get(LANDING)
    assert response["Location"] == reverse("mypage:index")
    org.refresh_from_db()
    assert org.is_identity_verified
    assert any("GビズIDで確認済み" in m for m in texts(response))


def test_a_verified_organisation_takes_gbizids_changed_name_on_landing(client, gbizid) -> None:
    org = make_org("株式会社旧テスト商事", corporate_number=NUMBER, identity_verified_at=timezone.now())
    user = sign_in(client, gbizid, "prime")
    add_member(org, user, role="owner")
    assert client.get(LANDING)["Location"] == reverse("mypage:index")
    org.refresh_from_db()
    assert org.name == "株式会社テスト商事"
    assert AuditEvent.objects.filter(action="organization.identity_sync", object_id=str(org.pk)).exists()


def test_a_sole_proprietor_gets_the_form_without_a_number(client, gbizid) -> None:
    sign_in(client, gbizid, "sole")
    assert client.get(LANDING)["Location"] == REGISTER
    html = client.get(REGISTER).content.decode()
    assert 'value="高橋デザイン事務所"' in input_tag(html, "name")
    assert 'value=""' in input_tag(html, "corporate_number") or "value=" not in input_tag(
        html, "corporate_number"
    )
    response = client.post(REGISTER, completion_data(capital="none", contact_email="misaki@example.jp"))
    assert response.status_code == 302
    org = Organization.objects.get()
    assert (org.entity_type, org.corporate_number) == ("sole_proprietor", "")
    assert org.is_identity_verified


def test_someone_who_never_used_gbizid_gets_a_clear_page_not_an_error(client) -> None:
    client.force_login(make_user("plain@example.jp"))
    for url in (LANDING, REGISTER):
        response = client.get(url)
        assert response.status_code == 403
        assert "GビズIDでログインし直してください" in response.content.decode()


def test_an_entry_account_that_got_through_is_refused_clearly_on_landing(client) -> None:
    # The sign-in itself refuses エントリー (the "oidc" part); the landing refuses it again in case
    # claims of an older sign-in are stored. Stored claims here, so this holds whatever the sign-in does.
    from tests.identity.verified_helpers import gbiz_sign_in_store

    user = make_user("ichiro@entry.example.jp")
    gbiz_sign_in_store(user, account_type="1")
    client.force_login(user)
    for url in (LANDING, REGISTER):
        response = client.get(url)
        assert response.status_code == 403
        html = response.content.decode()
        assert "エントリー" in html and "GビズIDプライム" in html
    assert client.post(REGISTER, completion_data()).status_code == 403
    assert not Organization.objects.exists()


def test_the_landing_pages_and_the_verified_form_speak_english(client, gbizid) -> None:
    from tests.i18n.japanese import japanese_left

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    verified = make_org("Test Shoji K.K.", corporate_number=NUMBER, identity_verified_at=timezone.now())
    add_member(verified, make_user("owner@example.jp"), role="owner")
    sign_in(client, gbizid, "member")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    ask_owner = client.get(LANDING)
    # GビズID's own data (the person's and company's names) stays as GビズID sent it.
    data = ("株式会社テスト商事", "カブシキガイシャテストショウジ", "佐藤 花子", "千代田区霞が関1-3-1")
    assert not japanese_left(ask_owner.content.decode(), data)
    assert "invite" in ask_owner.content.decode()
    verified.is_active = False
    verified.save()
    form = client.get(REGISTER)
    html = form.content.decode()
    assert "Verified by gBizID" in html
    assert not japanese_left(html, data)
