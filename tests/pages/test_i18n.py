"""English is switchable and the foundation's pages and messages come out in English."""

import pytest

from tests.organizations.conftest import make_user, org_data

pytestmark = pytest.mark.django_db


def _english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


def test_home_shell_in_english(client):
    _english(client)
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    for text in ("Skip to content", "About the programme", "Sign up", "It is not a certification"):
        assert text in html
    assert "本文へ移動" not in html


def test_register_page_and_validation_messages_in_english(client, django_user_model):
    user = make_user(django_user_model, "en@example.jp")
    client.force_login(user)
    _english(client)
    html = client.get("/org/register/").content.decode()
    assert "Register your organisation" in html and "Step 1 of 5" in html
    assert "Corporate Number Publication Site" in html
    html = client.post(
        "/org/register/", org_data(corporate_number="8000012050002", postal_code="1")
    ).content.decode()
    assert "check digit" in html
    assert "The postal code is 7 digits" in html
    html = client.post("/org/register/", org_data(corporate_number="123")).content.decode()
    assert "The number you entered has 3." in html


def test_mypage_in_english(client, django_user_model):
    user = make_user(django_user_model, "en@example.jp")
    client.force_login(user)
    _english(client)
    html = client.get("/org/mypage/").content.decode()
    assert "First: register your organisation" in html and "Account settings" in html


def test_japanese_is_the_default(client):
    html = client.get("/").content.decode()
    assert '<html lang="ja">' in html and "本文へ移動" in html
