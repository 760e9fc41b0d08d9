"""The privacy pages and the My Page panel in English carry no Japanese but the organisation's own data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from secaction.privacy.services import deletion_request
from tests.declarations.conftest import add_member, make_org, make_user
from tests.i18n.japanese import japanese_left

pytestmark = pytest.mark.django_db


def test_privacy_pages_in_english_have_no_japanese(client):
    org = make_org()
    person = add_member(org, make_user("en@example.jp", language="en"), role="owner")
    client.force_login(person)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    own = (org.name, org.name_kana, org.address, org.representative_name, org.contact_name)
    for name in ["privacy:index", "privacy:deletion"]:  # before a deletion is scheduled: the form
        assert japanese_left(client.get(reverse(name)).content.decode(), own) == [], name
    deletion_request(person, password="pw-Secret-123")
    for name in ["privacy:index", "privacy:correction", "privacy:deletion", "mypage:index"]:
        html = client.get(reverse(name)).content.decode()
        assert '<html lang="en">' in html, name
        assert japanese_left(html, own) == [], name
    html = client.get(reverse("privacy:index")).content.decode()
    assert "Cancel the deletion" in html


def test_the_printable_export_in_english_has_no_japanese_for_a_person_without_organisation(client):
    person = make_user("alone-en@example.jp", language="en")
    client.force_login(person)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("privacy:export_html")).content.decode()
    assert japanese_left(html) == [] and "alone-en@example.jp" in html
