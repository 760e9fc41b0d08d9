"""No silent account takeover: a GビズID whose e-mail belongs to an existing account needs that account's password."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core.cache import cache

from secaction.accounts.models import User
from secaction.accounts.social import PENDING_CONNECT_SESSION_KEY
from secaction.core.models import AuditEvent
from tests.accounts.gbizid_flow import LANDING, sign_in, signed_in_user_id

pytestmark = pytest.mark.django_db
PASSWORD = "kJ8#long-enough-pw"
EMAIL = "taro@test-shoji.example.jp"  # the prime test account's e-mail
CONFIRM = "/accounts/gbizid/confirm/"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def existing() -> User:
    user = User.objects.create_user(EMAIL, PASSWORD)
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    return user


def _parked(client: Any, gbizid: Any) -> Any:
    response = sign_in(client, gbizid, "prime")
    assert response.status_code == 302
    assert response["Location"] == CONFIRM
    return response


def test_the_same_e_mail_does_not_log_in_nor_connect_without_the_password(
    client: Any, gbizid: Any, existing: User
) -> None:
    _parked(client, gbizid)

    assert signed_in_user_id(client) is None
    assert not SocialAccount.objects.exists()
    assert User.objects.count() == 1
    page = client.get(CONFIRM)
    html = page.content.decode()
    assert page.status_code == 200
    assert "このメールアドレスのアカウントが既にあります" in html
    assert "t***@test-shoji.example.jp" in html and EMAIL not in html
    assert 'name="password"' in html


def test_a_wrong_password_is_refused_and_audited(client: Any, gbizid: Any, existing: User) -> None:
    _parked(client, gbizid)

    response = client.post(CONFIRM, {"password": "not-the-password"})

    assert response.status_code == 400
    assert "パスワードが正しくありません。" in response.content.decode()
    assert signed_in_user_id(client) is None
    assert not SocialAccount.objects.exists()
    event = AuditEvent.objects.get(action="gbizid.connect_password_failed")
    assert event.actor is None and event.object_id == str(existing.pk)
    assert event.after["corporate_number"] == "7000012050002"


def test_the_right_password_connects_and_logs_in_to_the_existing_account(
    client: Any, gbizid: Any, existing: User
) -> None:
    _parked(client, gbizid)

    response = client.post(CONFIRM, {"password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == LANDING
    assert signed_in_user_id(client) == str(existing.pk)
    account = SocialAccount.objects.get()
    assert account.user == existing and account.provider == "gbizid" and account.uid == "prime"
    assert User.objects.count() == 1
    assert PENDING_CONNECT_SESSION_KEY not in client.session
    assert AuditEvent.objects.get(action="gbizid.connect").object_id == str(existing.pk)  # once
    assert AuditEvent.objects.filter(action="gbizid.login", object_id=str(existing.pk)).exists()
    # From now on GビズID signs in to that account directly.
    client.logout()
    again = sign_in(client, gbizid, "prime")
    assert again["Location"] == LANDING
    assert signed_in_user_id(client) == str(existing.pk)


def test_wrong_passwords_are_rate_limited_like_the_log_in_page(
    client: Any, gbizid: Any, existing: User, settings: Any
) -> None:
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "100/m/ip,3/5m/key"}
    _parked(client, gbizid)
    for _ in range(3):
        assert client.post(CONFIRM, {"password": "wrong"}).status_code == 400

    response = client.post(CONFIRM, {"password": PASSWORD})

    assert response.status_code == 400
    assert "一時的に止めています" in response.content.decode()
    assert signed_in_user_id(client) is None
    assert not SocialAccount.objects.exists()
    assert AuditEvent.objects.filter(action="gbizid.connect_password_failed").count() == 4


def test_an_existing_e_mail_in_other_letter_case_is_still_protected(client: Any, gbizid: Any) -> None:
    user = User.objects.create_user("other@example.jp", PASSWORD)
    EmailAddress.objects.create(user=user, email="Taro@Test-Shoji.example.jp", verified=True, primary=False)
    _parked(client, gbizid)
    assert not SocialAccount.objects.exists()


def test_an_account_already_tied_to_another_gbizid_is_never_connected_by_e_mail(
    client: Any, gbizid: Any, existing: User
) -> None:
    SocialAccount.objects.create(user=existing, provider="gbizid", uid="someone-else")

    response = sign_in(client, gbizid, "prime")

    assert response.status_code == 409
    assert "別のGビズIDと連携済みです" in response.content.decode()
    assert signed_in_user_id(client) is None
    assert SocialAccount.objects.count() == 1
    assert AuditEvent.objects.filter(action="gbizid.email_taken", object_id=str(existing.pk)).exists()


def test_the_confirmation_without_a_pending_sign_in_goes_back_to_log_in(client: Any) -> None:
    response = client.get(CONFIRM)
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert client.post(CONFIRM, {"password": PASSWORD})["Location"] == "/accounts/login/"


def test_an_old_pending_sign_in_expires(client: Any, gbizid: Any, existing: User) -> None:
    _parked(client, gbizid)
    session = client.session
    session[PENDING_CONNECT_SESSION_KEY] = {**session[PENDING_CONNECT_SESSION_KEY], "started": 0}
    session.save()

    response = client.post(CONFIRM, {"password": PASSWORD})

    assert response["Location"] == "/accounts/login/"
    assert signed_in_user_id(client) is None
    assert not SocialAccount.objects.exists()


def test_a_signed_in_person_connects_gbizid_from_the_connections_page(client: Any, gbizid: Any) -> None:
    user = User.objects.create_user("owner@example.jp", PASSWORD)
    EmailAddress.objects.create(user=user, email="owner@example.jp", verified=True, primary=True)
    client.force_login(user)
    page = client.get("/accounts/3rdparty/")
    assert page.status_code == 200
    assert '<html lang="ja">' in page.content.decode()
    assert "GビズID" in page.content.decode()

    response = sign_in(client, gbizid, "member", process="connect")

    assert response.status_code == 302
    assert response["Location"] == LANDING
    account = SocialAccount.objects.get()
    assert account.user == user and account.uid == "member"
    assert User.objects.count() == 1
    event = AuditEvent.objects.get(action="gbizid.connect")
    assert event.actor == user and event.after["account_type"] == "member"

    # Disconnecting (the person has a password to fall back on) is audited too; the account stays.
    response = client.post("/accounts/3rdparty/", {"account": account.pk})
    assert response.status_code == 302
    assert not SocialAccount.objects.exists()
    assert AuditEvent.objects.filter(action="gbizid.disconnect", object_id=str(user.pk)).exists()
    assert User.objects.filter(pk=user.pk).exists()


def test_an_entry_account_cannot_be_connected_either(client: Any, gbizid: Any) -> None:
    user = User.objects.create_user("owner@example.jp", PASSWORD)
    EmailAddress.objects.create(user=user, email="owner@example.jp", verified=True, primary=True)
    client.force_login(user)

    response = sign_in(client, gbizid, "entry", process="connect")

    assert response.status_code == 403
    assert not SocialAccount.objects.exists()
