"""How a verified organisation is shown: the badge on My Page and the edit page, the hint for unverified owners."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.declarations.conftest import add_member, make_org, make_user
from tests.identity.verified_helpers import gbiz_sign_in_store

pytestmark = pytest.mark.django_db

VERIFIED_AT = dt.datetime(2026, 4, 3, 1, 0, tzinfo=dt.UTC)  # 10:00 on 3 April in Japan


def test_my_page_and_the_edit_page_show_the_badge_with_the_date(client) -> None:
    org = make_org(identity_verified_at=VERIFIED_AT, identity_source="gbizid")
    owner = add_member(org, make_user(), role="owner")
    client.force_login(owner)
    for url in (reverse("mypage:index"), reverse("organizations:edit")):
        html = client.get(url).content.decode()
        assert 'id="identity-verified"' in html, url
        assert "GビズIDで確認済み(2026年4月3日)" in html, url


def test_an_unverified_organisation_has_no_badge(client) -> None:
    org = make_org()
    client.force_login(add_member(org, make_user(), role="owner"))
    assert "identity-verified" not in client.get(reverse("mypage:index")).content.decode()


def test_the_hint_shows_for_an_unverified_owner_only_when_gbizid_is_configured(client, settings) -> None:
    org = make_org()
    owner = add_member(org, make_user(), role="owner")
    member = add_member(org, make_user(), role="member")
    settings.SOCIALACCOUNT_PROVIDERS = {}
    client.force_login(owner)
    assert "GビズIDで確認する" not in client.get(reverse("mypage:index")).content.decode()
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [{"provider_id": "gbizid", "client_id": "x", "settings": {"server_url": "x"}}]
        }
    }
    html = client.get(reverse("mypage:index")).content.decode()
    assert "GビズIDで確認する" in html
    assert reverse("openid_connect_login", kwargs={"provider_id": "gbizid"}) in html
    assert f'value="{reverse("identity:gbiz_landing")}"' in html
    client.force_login(member)
    assert "GビズIDで確認する" not in client.get(reverse("mypage:index")).content.decode()
    org.identity_verified_at = VERIFIED_AT
    org.save()
    client.force_login(owner)
    assert "GビズIDで確認する" not in client.get(reverse("mypage:index")).content.decode()


def test_the_ordinary_registration_refuses_a_number_already_verified(client) -> None:
    make_org(corporate_number="7000012050002", identity_verified_at=VERIFIED_AT)
    user = make_user()
    gbiz_sign_in_store(user)  # a GビズID sign-in does not open the ordinary form's duplicate check
    client.force_login(user)
    response = client.post(
        reverse("organizations:register"),
        {
            "entity_type": "corporation",
            "name": "株式会社ニセ商事",
            "name_kana": "ニセショウジ",
            "corporate_number": "7000012050002",
            "representative_name": "偽 太郎",
            "postal_code": "100-0001",
            "prefecture": "13",
            "address": "千代田区1-1",
            "industry": "G",
            "employees": "1-5",
            "capital": "-10m",
            "contact_name": "偽 太郎",
            "contact_email": "nise@example.jp",
            "contact_phone": "03-1234-5678",
        },
    )
    assert response.status_code == 200
    assert "GビズIDで確認済みの事業者として既に登録されています" in response.content.decode()
