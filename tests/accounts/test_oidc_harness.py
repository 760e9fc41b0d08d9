"""The test provider is real: a sign-in goes through its discovery, log-in form, token and userinfo endpoints."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from secaction.accounts.gbiz import AccountType
from secaction.accounts.selectors import gbiz_claims_for_user

pytestmark = pytest.mark.django_db


def test_sign_in_through_the_real_provider_stores_the_gbizid_claims(client: Any, gbizid: Any) -> None:
    start = client.post(reverse("openid_connect_login", kwargs={"provider_id": "gbizid"}))
    assert start.status_code == 302
    authorize_url = start["Location"]
    assert authorize_url.startswith(gbizid.issuer)
    assert "code_challenge=" in authorize_url and "state=" in authorize_url

    back = gbizid.login(authorize_url, "prime")
    response = client.get(back)
    assert response.status_code in (200, 302)

    account = SocialAccount.objects.get(provider="gbizid")
    claims = gbiz_claims_for_user(account.user)
    assert claims is not None
    assert claims.account_type is AccountType.PRIME
    assert claims.corporate_number == "7000012050002"
    assert claims.legal_name == "株式会社テスト商事"
