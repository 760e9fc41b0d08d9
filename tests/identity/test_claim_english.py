"""The claim pages, the profile guidance and the claim mails in English show no Japanese."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from secaction.identity import services
from tests.i18n.japanese import japanese_left
from tests.identity.claim_data import IMPORTED_ID, imported_declaration
from tests.organizations.conftest import make_user

pytestmark = pytest.mark.django_db


def _english_user(django_user_model: Any, email: str) -> Any:
    user = make_user(django_user_model, email)
    user.language = "en"
    user.save()
    return user


def _assert_english(client: Any, url: str, allowed: tuple[str, ...] = ()) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert '<html lang="en">' in html, url
    assert not japanese_left(html, allowed), (url, japanese_left(html, allowed))
    return html


def test_claim_pages_in_english(
    client: Any, django_user_model: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.OIDC_ISSUER = "https://gbizid.example.jp"
    declaration = imported_declaration()
    user = _english_user(django_user_model, "en@example.jp")
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "gBizID" in _assert_english(client, reverse("identity:claim_start"))
    _assert_english(client, reverse("identity:claim_request"))
    assert "Take over a previous declaration" in _assert_english(client, reverse("mypage:index"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("identity:claim_start"), {"declaration_id": IMPORTED_ID})
    sent = mail.outbox[-1]
    own = (declaration.organization.name,)
    assert not japanese_left(sent.subject) and not japanese_left(sent.body, own), sent.body
    _assert_english(client, reverse("identity:claim_code"))
    r = client.post(
        reverse("identity:claim_code"), {"code": "000000" if "000000" not in sent.body else "111111"}
    )
    assert "The confirmation code is wrong" in r.content.decode()
    r = client.post(reverse("identity:claim_start"), {"declaration_id": "40000000099"})
    assert "No declaration was found" in r.content.decode()


def test_profile_guidance_in_english(client: Any, django_user_model: Any) -> None:
    imported_declaration()
    user = _english_user(django_user_model, "en-owner@example.jp")
    staff = make_user(django_user_model, "office@example.jp")
    staff.is_staff = True
    staff.save()
    request = services.claim_request_submit(
        user, IMPORTED_ID, message="Our contact person has left the company.", contact_name="Hanako Minato"
    )
    services.claim_request_accept(staff, request, reason="Confirmed by phone.")
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("mypage:index")).content.decode()
    assert "Some organisation details are missing" in html
