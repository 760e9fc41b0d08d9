"""The log-in and sign-up pages offer GビズID only when it is configured; the GビズID pages read in English too."""

from __future__ import annotations

from typing import Any

import pytest

from tests.accounts.gbizid_flow import sign_in, start
from tests.i18n.japanese import japanese_left

pytestmark = pytest.mark.django_db
BUTTON_FORM = 'action="/accounts/oidc/gbizid/login/"'


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/"])
def test_the_button_is_above_the_e_mail_form_when_gbizid_is_configured(
    client: Any, gbizid: Any, url: str
) -> None:
    html = client.get(url).content.decode()

    assert BUTTON_FORM in html
    form = html[html.index(BUTTON_FORM) - 200 :]
    assert 'method="post"' in form[:260]
    assert "GビズID</span>でログイン" in html
    assert "gBizIDプライムまたはgBizIDメンバー" in html
    assert "メールアドレスとパスワードで登録・ログインできます" in html
    assert html.index(BUTTON_FORM) < html.index('name="password')  # above the e-mail form


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/"])
def test_no_button_and_no_link_when_gbizid_is_not_configured(client: Any, settings: Any, url: str) -> None:
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": []}}

    response = client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "/accounts/oidc/" not in html
    assert "GビズID" not in html
    assert 'name="password' in html  # the e-mail log-in stays


def test_the_button_starts_the_sign_in(client: Any, gbizid: Any) -> None:
    assert start(client).startswith(gbizid.issuer)


def _english(client: Any) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/"])
def test_the_pages_with_the_button_read_in_english(client: Any, gbizid: Any, url: str) -> None:
    _english(client)
    html = client.get(url).content.decode()
    assert "Log in with" in html
    assert japanese_left(html) == []


def test_the_password_confirmation_reads_in_english(client: Any, gbizid: Any) -> None:
    from secaction.accounts.models import User

    User.objects.create_user("taro@test-shoji.example.jp", "kJ8#long-enough-pw")
    _english(client)
    sign_in(client, gbizid, "prime")
    html = client.get("/accounts/gbizid/confirm/").content.decode()
    assert "An account with this e-mail address already exists" in html
    assert japanese_left(html) == []


def test_the_refusal_of_a_broken_answer_reads_in_english(client: Any, gbizid: Any) -> None:
    _english(client)
    response = client.get("/accounts/oidc/gbizid/login/callback/?code=x&state=forged")
    html = response.content.decode()
    assert response.status_code == 400
    assert "could not log you in with gBizID" in html
    assert japanese_left(html) == []


def test_the_content_security_policy_lets_the_button_reach_the_provider(client: Any, gbizid: Any) -> None:
    from secaction.settings import _url_origin

    assert _url_origin("https://gbiz-id.example.go.jp/oidc/") == "https://gbiz-id.example.go.jp"
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    form_action = next(d for d in policy.split(";") if d.strip().startswith("form-action"))
    assert gbizid.issuer in form_action and "'self'" in form_action


def test_my_page_links_to_the_gbizid_connection_only_when_configured(
    client: Any, settings: Any, django_user_model: Any
) -> None:
    from django.urls import reverse

    from tests.organizations.conftest import make_user

    client.force_login(make_user(django_user_model, "someone@example.jp"))
    connections = reverse("socialaccount_connections")
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": []}}
    assert connections not in client.get(reverse("mypage:index"), follow=True).content.decode()

    from tests.conftest import oidc_settings_apply

    class _Configured:
        issuer, client_id, client_secret = "http://127.0.0.1:9", "client", "secret"

    oidc_settings_apply(settings, _Configured())
    html = client.get(reverse("mypage:index"), follow=True).content.decode()
    assert connections in html and "GビズIDとの連携" in html
