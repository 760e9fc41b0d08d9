"""The registry pages follow the visitor's language choice (English catalogue of the registry app)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from .factories import make_declaration

pytestmark = pytest.mark.django_db


def test_verify_page_in_english(client):
    d = make_declaration(status="withdrawn")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get(reverse("registry:verify", args=[d.declaration_id])).text
    assert "This declaration has been withdrawn" in text
    # Said as a denial; a bare "certifies" would also match the claim it must never make.
    assert "Neither IPA nor the programme office certifies the state of their measures." in text


def test_api_messages_in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    r = client.post("/api/v1/declarations/verify", {"ids": ["1"]}, content_type="application/json")
    assert r.status_code == 401
    assert r.json()["detail"].startswith("An API key is required")
