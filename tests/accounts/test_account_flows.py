import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache

from secaction.core.models import AuditEvent, OutgoingMail

pytestmark = pytest.mark.django_db
PASSWORD = "kJ8#long-enough-pw"
LINK = re.compile(r"https?://[^\s]+")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # allauth keeps rate-limit counters in the cache
    yield
    cache.clear()


def _path(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def _signup(client, capture, email="new@example.jp"):
    with capture(execute=True):
        response = client.post(
            "/accounts/signup/",
            {"email": email, "password1": PASSWORD, "password2": PASSWORD, "legal_agree": "on"},
        )
    return response


def test_signup_sends_verification_through_the_mail_service(client, django_capture_on_commit_callbacks):
    response = _signup(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    address = EmailAddress.objects.get(email="new@example.jp")
    assert address.verified is False
    row = OutgoingMail.objects.get(to="new@example.jp")
    assert row.status == OutgoingMail.Status.SENT
    assert row.language == "ja"
    assert row.template.startswith("account/email/email_confirmation")
    assert mail.outbox[-1].to == ["new@example.jp"]
    assert "/accounts/confirm-email/" in mail.outbox[-1].body
    assert AuditEvent.objects.filter(action="account.signup", object_id=str(address.user_id)).exists()


def test_verify_then_log_in_then_out(client, django_capture_on_commit_callbacks, mailoutbox_text):
    _signup(client, django_capture_on_commit_callbacks)
    client.logout()
    # Before verification the log-in stops at "check your mail".
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/login/", {"login": "new@example.jp", "password": PASSWORD})
    assert response["Location"] == "/accounts/confirm-email/"
    link = _path(next(x for x in LINK.findall(mailoutbox_text("new@example.jp")) if "confirm-email" in x))
    page = client.get(link)
    assert page.status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new@example.jp").verified
    assert AuditEvent.objects.filter(action="account.email_confirm").exists()
    assert response["Location"] == "/org/mypage/"
    assert client.get("/org/mypage/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/org/mypage/").status_code == 302
    response = client.post("/accounts/login/", {"login": "new@example.jp", "password": PASSWORD})
    assert response["Location"] == "/org/mypage/"


@pytest.fixture
def verified_user(django_user_model):
    user = django_user_model.objects.create_user(email="user@example.jp", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_password_reset_by_mail(client, verified_user, django_capture_on_commit_callbacks, mailoutbox_text):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "user@example.jp"})
    assert response.status_code == 302
    assert OutgoingMail.objects.filter(to="user@example.jp", template__contains="password_reset").exists()
    link = _path(
        next(x for x in LINK.findall(mailoutbox_text("user@example.jp")) if "password/reset/key" in x)
    )
    response = client.get(link)
    assert response.status_code == 302  # allauth moves the key into the session
    form_url = response["Location"]
    new = "Another-long-pw-42"
    response = client.post(form_url, {"password1": new, "password2": new})
    assert response.status_code == 302
    verified_user.refresh_from_db()
    assert verified_user.check_password(new)
    event = AuditEvent.objects.get(action="account.password_reset")
    assert event.actor == verified_user
    assert new not in str(event.before) + str(event.after)


def test_email_change_sends_verification_to_the_new_address(
    client, verified_user, django_capture_on_commit_callbacks
):
    client.post("/accounts/login/", {"login": "user@example.jp", "password": PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/email/", {"action_add": "", "email": "changed@example.jp"})
    assert response.status_code in (200, 302)
    assert EmailAddress.objects.filter(
        user=verified_user, email="changed@example.jp", verified=False
    ).exists()
    assert OutgoingMail.objects.filter(to="changed@example.jp").exists()
    assert mail.outbox[-1].to == ["changed@example.jp"]
    assert AuditEvent.objects.get(action="account.email_add").after == {"email": "changed@example.jp"}


def test_repeated_wrong_passwords_are_throttled_with_a_clear_message(client, verified_user):
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": "user@example.jp", "password": "wrong-password"})
        assert response.status_code == 200
        assert "一時的に止めています" not in response.content.decode()
    response = client.post("/accounts/login/", {"login": "user@example.jp", "password": PASSWORD})
    html = response.content.decode()
    assert response.status_code == 200
    assert "ログインに続けて失敗したため" in html and "5分ほど待って" in html
    assert "_auth_user_id" not in client.session


def test_account_pages_use_the_site_layout(client):
    for path in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        html = client.get(path).content.decode()
        assert 'class="site-header"' in html, path
        assert "css/site.css" in html


def test_account_pages_in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in html
    assert "Sign In" in html


def test_signup_in_english_remembers_the_language(
    client, django_capture_on_commit_callbacks, django_user_model
):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    _signup(client, django_capture_on_commit_callbacks, email="en@example.jp")
    assert django_user_model.objects.get(email="en@example.jp").language == "en"
    row = OutgoingMail.objects.get(to="en@example.jp")
    assert row.language == "en"
    assert "Confirm" in row.subject or "confirm" in row.body_text.lower()


def test_allauth_mail_is_signed_by_the_office_not_the_sites_framework(
    client, django_capture_on_commit_callbacks, settings
):
    from django.contrib.sites.models import Site

    # The signature comes from settings (PROGRAMME_OFFICE_NAME, SITE_URL), not from django.contrib.sites' row.
    settings.PROGRAMME_OFFICE_NAME = "テスト事務局"
    Site.objects.update_or_create(pk=1, defaults={"domain": "testserver", "name": "テスト用ポータル"})
    _signup(client, django_capture_on_commit_callbacks, email="site@example.jp")
    body = OutgoingMail.objects.get(to="site@example.jp").body_text
    assert "テスト事務局" in body and "テスト用ポータル" not in body
