"""allauth's mails speak in the portal's voice: polite Japanese or English by the recipient's language, signed by
the programme office with the site's address, never allauth's stock greeting and bare host name."""

import pytest
from django.core import mail

from secaction.accounts.models import User
from secaction.core.models import OutgoingMail

pytestmark = pytest.mark.django_db
PASSWORD = "kJ8#long-enough-pw"


@pytest.fixture(autouse=True)
def _portal(settings):
    settings.SITE_URL = "https://portal.example.jp"
    settings.PROGRAMME_OFFICE_NAME = "SECURITY ACTION 事務局(テスト)"
    settings.PROGRAMME_OFFICE_NAME_EN = "SECURITY ACTION office (test)"


def _signup(client, capture, email):
    with capture(execute=True):
        client.post(
            "/accounts/signup/",
            {"email": email, "password1": PASSWORD, "password2": PASSWORD, "legal_agree": "on"},
        )
    return mail.outbox[-1]


def _stock_phrases_absent(text):
    for stock in (
        "Hello from",
        "Thank you for using",
        "こんにちは",
        "ご利用ありがとうございます",
        "example.com",
    ):
        assert stock not in text


def test_signup_mail_in_japanese_is_polite_and_signed(client, django_capture_on_commit_callbacks):
    sent = _signup(client, django_capture_on_commit_callbacks, "ja@example.jp")
    assert sent.subject == "[SECURITY ACTION] ご登録ありがとうございます。メールアドレスの確認をお願いします"
    assert "SECURITY ACTION ポータルにご登録いただき、ありがとうございます。" in sent.body
    assert "確認が済むとログインでき、事業者の登録に進めます。" in sent.body
    assert "/accounts/confirm-email/" in sent.body
    assert sent.body.rstrip().endswith(
        "このメールは送信専用です。\n-- \nSECURITY ACTION 事務局(テスト)\nhttps://portal.example.jp/"
    )
    _stock_phrases_absent(sent.body)
    assert OutgoingMail.objects.get(to="ja@example.jp").language == "ja"


def test_signup_mail_in_english_follows_the_language_chosen(client, django_capture_on_commit_callbacks):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    sent = _signup(client, django_capture_on_commit_callbacks, "en@example.jp")
    assert sent.subject == "[SECURITY ACTION] Thank you for signing up: please confirm your e-mail address"
    assert "Thank you for signing up to the SECURITY ACTION Portal." in sent.body
    assert sent.body.rstrip().endswith(
        "This mail is sent from a no-reply address.\n-- \nSECURITY ACTION office (test)\nhttps://portal.example.jp/"
    )
    assert not any(
        "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in sent.subject + sent.body
    )
    _stock_phrases_absent(sent.body)


@pytest.mark.parametrize(
    ("language", "subject", "wording"),
    [
        ("ja", "パスワード再設定のご案内", "新しいパスワードを設定してください。"),
        ("en", "Resetting your password", "Please open the link below to set a new password."),
    ],
)
def test_password_reset_mail_follows_the_users_language(
    client, django_capture_on_commit_callbacks, language, subject, wording
):
    # The request is in Japanese; the mail follows the account's language.
    user = User.objects.create_user(email="reset@example.jp", password=PASSWORD, language=language)
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "reset@example.jp"})
    sent = mail.outbox[-1]
    assert sent.subject == f"[SECURITY ACTION] {subject}"
    assert wording in sent.body and "/accounts/password/reset/key/" in sent.body
    assert "https://portal.example.jp/" in sent.body
    _stock_phrases_absent(sent.body)


def test_reset_for_an_unknown_address_says_so_politely(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "nobody@example.jp"})
    sent = mail.outbox[-1]
    assert sent.subject == "[SECURITY ACTION] このメールアドレスのアカウントはありません"
    assert "メールアドレス nobody@example.jp のアカウントへのアクセスが申し込まれましたが" in sent.body
    assert "/accounts/signup/" in sent.body
    _stock_phrases_absent(sent.body)


def test_signing_up_again_with_a_registered_address_points_to_the_reset(
    client, django_capture_on_commit_callbacks
):
    user = User.objects.create_user(email="twice@example.jp", password=PASSWORD)
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    sent = _signup(client, django_capture_on_commit_callbacks, "twice@example.jp")
    assert sent.subject == "[SECURITY ACTION] このメールアドレスは登録済みです"
    assert "/accounts/password/reset/" in sent.body
    _stock_phrases_absent(sent.body)


def test_every_allauth_mail_the_portal_can_send_is_overridden():
    # A template allauth adds or the portal starts sending must get the portal's wording too.
    from pathlib import Path

    import allauth

    stock = Path(allauth.__file__).parent / "templates" / "account" / "email"
    ours = Path(__file__).resolve().parents[2] / "src/secaction/accounts/templates/account/email"
    enabled_elsewhere = {"login_code", "password_reset_code"}  # log-in and reset by code are off in settings
    for template in stock.glob("*_message.txt"):
        name = template.name.removesuffix("_message.txt")
        if name in enabled_elsewhere or name == "base":
            continue
        assert (ours / template.name).exists(), template.name
        assert (ours / f"{name}_subject.txt").exists(), name


@pytest.mark.parametrize("language", ["ja", "en"])
def test_notification_mails_render_in_the_portal_frame(language):
    # Notifications are off today (ACCOUNT_EMAIL_NOTIFICATIONS); when switched on they must read like the rest.
    import datetime

    from django.template.loader import render_to_string
    from django.utils import translation

    context = {
        "from_email": "old@example.jp",
        "to_email": "new@example.jp",
        "ip": "192.0.2.1",
        "user_agent": "Firefox",
        "timestamp": datetime.datetime(2026, 4, 1, 9, 30, tzinfo=datetime.UTC),
        "office_name": "OFFICE",
        "site_url": "https://portal.example.jp/",
    }
    with translation.override(language):
        body = render_to_string("account/email/email_changed_message.txt", context)
    expected = {
        "ja": "メールアドレスが old@example.jp から new@example.jp に変更されました。",
        "en": "Your e-mail address was changed from old@example.jp to new@example.jp.",
    }[language]
    assert expected in body and "192.0.2.1" in body and "2026" in body
    assert body.rstrip().endswith("-- \nOFFICE\nhttps://portal.example.jp/")
    _stock_phrases_absent(body)
