"""Sign-in and sign-up with GビズID through the real provider: who gets in, who is refused, where they land."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core.cache import cache

from secaction.accounts.models import User
from secaction.core.models import AuditEvent, OutgoingMail
from tests.accounts.gbizid_flow import LANDING, sign_in, signed_in_user_id
from tests.conftest import oidc_callback_url, oidc_settings_apply

pytestmark = pytest.mark.django_db

EXTRA_ACCOUNTS = {
    "unknown": {
        "sub": "gbiz-unknown-0005",
        "account_type": "9",
        "corporate_type": "1",
        "corporate_number": "7000012050002",
        "name": "不明株式会社",
        "email": "unknown@example.jp",
        "email_verified": True,
    },
    "unverified": {
        "sub": "gbiz-unverified-0006",
        "account_type": "2",
        "corporate_type": "1",
        "corporate_number": "2000012010019",
        "name": "未確認株式会社",
        "user_last_nm": "田中",
        "user_first_nm": "次郎",
        "email": "jiro@unverified.example.jp",
        "email_verified": False,
    },
}


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def extra_provider() -> Iterator[Any]:
    from tests.oidc_provider.harness import OidcProvider, ProviderUnavailable

    try:
        with OidcProvider.started(
            [oidc_callback_url("http://testserver")], accounts=EXTRA_ACCOUNTS
        ) as provider:
            yield provider
    except ProviderUnavailable as exc:
        pytest.skip(str(exc))


@pytest.fixture
def gbizid_extra(extra_provider: Any, settings: Any) -> Any:
    oidc_settings_apply(settings, extra_provider)
    return extra_provider


@pytest.mark.parametrize(
    ("login", "email", "corporate_number", "last_name"),
    [
        ("prime", "taro@test-shoji.example.jp", "7000012050002", "山田"),
        ("member", "hanako@test-shoji.example.jp", "7000012050002", "佐藤"),
        ("sole", "misaki@takahashi-design.example.jp", "", "高橋"),
    ],
)
def test_a_new_person_signs_up_and_lands_on_the_gbizid_landing(
    client: Any, gbizid: Any, login: str, email: str, corporate_number: str, last_name: str
) -> None:
    response = sign_in(client, gbizid, login)

    assert response.status_code == 302
    assert response["Location"] == LANDING
    user = User.objects.get(email=email)
    assert signed_in_user_id(client) == str(user.pk)
    assert user.last_name == last_name  # the person, not the business's "name"
    assert user.language == "ja"
    assert not user.has_usable_password()
    # GビズID vouched for the address: no confirmation mail needed.
    assert EmailAddress.objects.get(user=user, email=email).verified is True
    assert not OutgoingMail.objects.filter(to=email, template__contains="email_confirmation").exists()
    account = SocialAccount.objects.get(user=user)
    assert account.provider == "gbizid"
    assert account.uid == login  # the test provider's subject is the login name
    event = AuditEvent.objects.get(action="gbizid.login", object_id=str(user.pk))
    assert event.after["corporate_number"] == corporate_number
    assert event.after["account_type"] in ("prime", "member")
    assert "token" not in str(event.after) and "access" not in str(event.after)


def test_a_returning_person_signs_in_to_the_same_account(client: Any, gbizid: Any) -> None:
    sign_in(client, gbizid, "prime")
    client.logout()

    response = sign_in(client, gbizid, "prime")

    assert response["Location"] == LANDING
    assert User.objects.filter(email="taro@test-shoji.example.jp").count() == 1
    user = User.objects.get(email="taro@test-shoji.example.jp")
    assert signed_in_user_id(client) == str(user.pk)
    assert AuditEvent.objects.filter(action="gbizid.login", object_id=str(user.pk)).count() == 2


def test_an_english_sign_up_keeps_english_for_mail(client: Any, gbizid: Any) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    sign_in(client, gbizid, "member")
    assert User.objects.get(email="hanako@test-shoji.example.jp").language == "en"


def test_an_address_gbizid_did_not_verify_needs_the_usual_confirmation(
    client: Any, gbizid_extra: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_in(client, gbizid_extra, "unverified")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="jiro@unverified.example.jp")
    assert signed_in_user_id(client) is None
    assert EmailAddress.objects.get(user=user).verified is False
    assert OutgoingMail.objects.filter(to=user.email, template__contains="email_confirmation").exists()


def test_entry_is_refused_with_a_clear_page_and_nothing_is_created(client: Any, gbizid: Any) -> None:
    response = sign_in(client, gbizid, "entry")

    assert response.status_code == 403
    html = response.content.decode()
    assert "このGビズIDアカウントではログインできません" in html
    assert "gBizIDプライムとgBizIDメンバー" in html
    assert "gBizIDエントリー" in html and "誰も確認していません" in html
    assert "メールアドレスとパスワードで登録・ログイン" in html
    assert 'href="/accounts/signup/"' in html
    assert not User.objects.filter(email="ichiro@entry.example.jp").exists()
    assert not SocialAccount.objects.exists()
    assert signed_in_user_id(client) is None
    event = AuditEvent.objects.get(action="gbizid.refused")
    assert event.actor is None
    assert event.after["account_type"] == "entry"
    assert event.after["subject"] == "entry"


def test_an_unknown_account_type_is_refused_like_entry(client: Any, gbizid_extra: Any) -> None:
    response = sign_in(client, gbizid_extra, "unknown")

    assert response.status_code == 403
    assert "種別(プライム・メンバー)を確認できませんでした" in response.content.decode()
    assert not User.objects.filter(email="unknown@example.jp").exists()
    assert not SocialAccount.objects.exists()
    assert AuditEvent.objects.get(action="gbizid.refused").after["account_type"] == "unknown"


def test_the_refusal_page_reads_in_english(client: Any, gbizid: Any) -> None:
    from tests.i18n.japanese import japanese_left

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = sign_in(client, gbizid, "entry")

    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "gBizID Prime and gBizID Member" in html
    assert japanese_left(html) == []
