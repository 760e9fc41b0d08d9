"""``last_confirmed_at`` and ``suspended`` in every verification answer (issue 14, "Continuation").

Single lookup (fast path and endpoint alike), by 法人番号 and the batch; a suspension's reason is never
public, and a declaration never gets an expiry.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secaction.api.registry import DeclarationOut, VerifyOut
from secaction.declarations import services
from secaction.institutions.services import api_key_issue
from tests.registry.factories import make_declaration

pytestmark = pytest.mark.django_db
FAST_PATH = "secaction.api.middleware.DeclarationLookupFastPath"
DECLARED = dt.datetime(2025, 5, 1, 16, 0, tzinfo=dt.UTC)  # 2025-05-02 01:00 in Japan
CONFIRMED = dt.datetime(2026, 6, 30, 20, 0, tzinfo=dt.UTC)  # 2026-07-01 05:00 in Japan


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(email="office@example.jp", is_staff=True)


@pytest.fixture
def declaration():
    return make_declaration(declared_at=DECLARED, last_confirmed_at=CONFIRMED)


def test_lookup_gives_the_japan_date_of_the_last_confirmation(client, declaration):
    response = client.get(f"/api/v1/declarations/{declaration.declaration_id}")
    assert response.status_code == 200
    data = response.json()
    DeclarationOut.model_validate(data)
    assert data["last_confirmed_at"] == "2026-07-01"
    assert data["suspended"] is False
    assert "expir" not in response.content.decode()


def test_suspension_shows_as_a_flag_without_its_reason(client, declaration, staff, settings):
    services.declaration_suspend(staff, declaration, reason="ロゴマークを改変して使用(非公開)")
    url = f"/api/v1/declarations/{declaration.declaration_id}"
    fast = client.get(url)
    data = fast.json()
    DeclarationOut.model_validate(data)
    assert (data["status"], data["suspended"]) == ("active", True)
    assert "改変" not in fast.content.decode()
    # the endpoint (without the fast path) answers byte for byte the same
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != FAST_PATH]
    cache.clear()
    slow = client.get(url)
    assert slow.content == fast.content
    services.declaration_unsuspend(staff, declaration)
    assert client.get(url).json()["suspended"] is False


def test_the_lookup_stays_one_query(client, declaration):
    url = f"/api/v1/declarations/{declaration.declaration_id}"
    client.get(url)  # warm the rate limiter's cache entries
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == 1


def test_an_ended_declaration_is_never_reported_suspended(client, declaration, staff):
    services.declaration_suspend(staff, declaration, reason="調査中")
    services.declaration_cancel(declaration=declaration, staff=staff, reason="不正利用")
    data = client.get(f"/api/v1/declarations/{declaration.declaration_id}").json()
    assert (data["status"], data["suspended"]) == ("cancelled", False)


def test_by_corporate_number_and_batch_carry_the_fields(client, declaration, staff):
    services.declaration_suspend(staff, declaration, reason="調査中")
    number = declaration.organization.corporate_number
    data = client.get(f"/api/v1/declarations/by-corporate-number/{number}").json()
    DeclarationOut.model_validate(data)
    assert (data["last_confirmed_at"], data["suspended"]) == ("2026-07-01", True)
    key = api_key_issue(institution="テスト県補助金事務局", contact="hojo@example.jp", actor=staff)[1]
    response = client.post(
        "/api/v1/declarations/verify",
        {"ids": [declaration.declaration_id]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    VerifyOut.model_validate(body)
    found = body["results"][0]["declaration"]
    assert (found["last_confirmed_at"], found["suspended"]) == ("2026-07-01", True)
