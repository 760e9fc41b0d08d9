"""Staff issue API keys in the back office (shown once) and revoke them."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import override_settings

from secaction.core.models import AuditEvent
from secaction.institutions.models import ApiKey, api_key_hash

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_no_mfa")]


@pytest.fixture
def _no_mfa():
    with override_settings(BACKOFFICE_REQUIRE_MFA=False):
        yield


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(email="office@example.jp", password="pw-123456789")
    client.force_login(user)
    return client, user


def test_issue_shows_the_key_once_and_stores_only_the_hash(staff_client):
    client, user = staff_client
    r = client.post(
        "/backoffice/institutions/apikey/add/",
        {"institution": "東京都 補助金事務局", "contact": "hojo@example.jp", "note": ""},
        follow=True,
    )
    assert r.status_code == 200
    texts = [str(m) for m in get_messages(r.wsgi_request)] or [r.text]
    shown = next(t for t in texts if "sa_" in t)
    key = "sa_" + shown.split("sa_", 1)[1].split()[0].split("<")[0]
    row = ApiKey.objects.get()
    assert row.key_hash == api_key_hash(key)
    assert row.created_by == user
    assert key.startswith(row.key_prefix)
    # The key works once issued, and the list page does not show it again.
    ok = client.post(
        "/api/v1/declarations/verify",
        {"ids": ["50000000000"]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert ok.status_code == 200
    assert key not in client.get("/backoffice/institutions/apikey/").text
    assert AuditEvent.objects.filter(action="api_key.issue").exists()


def test_revoke_action(staff_client):
    from secaction.institutions.services import api_key_issue

    client, user = staff_client
    row, key = api_key_issue(institution="X", contact="x@example.jp", actor=user)
    r = client.post(
        "/backoffice/institutions/apikey/", {"action": "revoke", "_selected_action": [row.pk]}, follow=True
    )
    assert r.status_code == 200
    row.refresh_from_db()
    assert row.revoked_at is not None
    r = client.post(
        "/api/v1/declarations/verify",
        {"ids": ["50000000000"]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert r.status_code == 401 and r.json()["code"] == "revoked_key"


def test_keys_cannot_be_deleted(staff_client):
    from secaction.institutions.services import api_key_issue

    client, user = staff_client
    row, _ = api_key_issue(institution="X", contact="x@example.jp", actor=user)
    assert client.get(f"/backoffice/institutions/apikey/{row.pk}/delete/").status_code == 403
