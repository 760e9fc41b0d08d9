"""The lookup fast path (api.middleware.DeclarationLookupFastPath) against the ninja endpoint it shortcuts.

The endpoint is the reference: for every request the middleware answers, the
answer must be the one the endpoint would give, and every other request must
reach the endpoint unchanged.
"""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from secaction.api.ratelimit import RateLimited, rate_limit_address
from secaction.declarations.ids import damm_check_digit, damm_valid
from secaction.registry.models import RegistryEntry
from tests.registry.factories import make_declaration, new_id

pytestmark = pytest.mark.django_db

FAST_PATH = "secaction.api.middleware.DeclarationLookupFastPath"
ENDPOINT = "ninja.operation.Operation.run"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def endpoint_not_called() -> mock._patch:  # type: ignore[type-arg]
    return mock.patch(ENDPOINT, side_effect=AssertionError("the request reached the ninja endpoint"))


def _without_fast_path(settings) -> None:
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != FAST_PATH]


def test_the_fast_path_is_installed_right_after_security_middleware(settings):
    assert settings.MIDDLEWARE[:2] == ["django.middleware.security.SecurityMiddleware", FAST_PATH]


@pytest.mark.parametrize("status", ["active", "withdrawn", "cancelled", "pending"])
def test_known_id_is_answered_without_the_endpoint_and_identically(client, settings, status):
    d = make_declaration(status=status)
    url = f"/api/v1/declarations/{d.declaration_id}"
    with endpoint_not_called():
        fast = client.get(url)
    _without_fast_path(settings)
    cache.clear()
    slow = client.get(url)
    assert fast.status_code == slow.status_code == 200
    assert fast.content == slow.content
    assert fast["Content-Type"] == slow["Content-Type"] == "application/json; charset=utf-8"
    # SecurityMiddleware still runs before the fast path.
    assert fast["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/declarations/{new_id(424242)}",  # well-formed, unknown: 404
        "/api/v1/declarations/12345",  # too short: 400
        "/api/v1/declarations/5123456789X",  # not digits: 400
    ],
)
def test_other_requests_reach_the_endpoint(client, path):
    with endpoint_not_called(), pytest.raises(AssertionError, match="reached the ninja endpoint"):
        client.get(path)


def test_bad_check_digit_of_an_early_5_id_reaches_the_endpoint(client):
    body = "5000000042"
    wrong = body + str((damm_check_digit(body) + 1) % 10)
    d = make_declaration()
    # Even if the registry held such a row, the fast path must not answer for a malformed ID.
    RegistryEntry.objects.filter(declaration_id=d.pk).update(declaration_code=wrong)
    with endpoint_not_called(), pytest.raises(AssertionError):
        client.get(f"/api/v1/declarations/{wrong}")


def test_legacy_4_id_failing_damm_is_answered_by_the_fast_path_identically(client, settings):
    # Legacy IDs followed another check rule: found first, never judged by the Damm digit.
    legacy = "40000000017"
    assert not damm_valid(legacy)
    make_declaration(declaration_id=legacy)
    url = f"/api/v1/declarations/{legacy}"
    with endpoint_not_called():
        fast = client.get(url)
    _without_fast_path(settings)
    cache.clear()
    slow = client.get(url)
    assert fast.status_code == slow.status_code == 200
    assert fast.content == slow.content and fast.json()["declaration_id"] == legacy


def test_unknown_mistyped_4_id_reaches_the_endpoint(client):
    mistyped = "40000000017"
    with endpoint_not_called(), pytest.raises(AssertionError, match="reached the ninja endpoint"):
        client.get(f"/api/v1/declarations/{mistyped}")
    r = client.get(f"/api/v1/declarations/{mistyped}")
    assert r.status_code == 404 and r.json()["reason"] == "check_digit_mismatch"


def test_a_lookup_stays_one_indexed_read_with_the_identity_fields(client):
    d = make_declaration()
    d.organization.identity_verified_at = timezone.now()
    d.organization.save()
    with endpoint_not_called(), CaptureQueriesContext(connection) as queries:
        r = client.get(f"/api/v1/declarations/{d.declaration_id}")
    assert r.status_code == 200 and r.json()["identity_verified"] is True
    sqls = [q["sql"] for q in queries.captured_queries]
    assert len(sqls) == 1 and "WHERE declaration_code = " in sqls[0] and "JOIN" not in sqls[0].upper()


def test_full_width_spelling_reaches_the_endpoint(client):
    d = make_declaration()
    wide = "".join(chr(0xFF10 + int(c)) for c in d.declaration_id)  # full-width digits
    with endpoint_not_called(), pytest.raises(AssertionError):
        client.get(f"/api/v1/declarations/{wide}")


def test_other_methods_are_left_to_the_full_stack(client, settings):
    d = make_declaration()
    url = f"/api/v1/declarations/{d.declaration_id}"
    answers = [(client.head(url).status_code, client.post(url).status_code)]
    _without_fast_path(settings)
    answers.append((client.head(url).status_code, client.post(url).status_code))
    assert answers[0] == answers[1]
    assert answers[0][1] == 405


@override_settings(API_RATE_LIMITS={"address": "2/m", "key": ""})
def test_rate_limit_counts_each_request_once_and_the_endpoint_answers_429(client):
    d = make_declaration()
    url = f"/api/v1/declarations/{d.declaration_id}"
    with endpoint_not_called():
        assert client.get(url).status_code == 200
        assert client.get(url).status_code == 200
    # Over the limit: no lookup is made; the endpoint gives the documented 429.
    with CaptureQueriesContext(connection) as queries:
        r = client.get(url)
    assert r.status_code == 429
    assert r.json()["code"] == "rate_limited"
    assert int(r["Retry-After"]) >= 1
    assert not [q for q in queries.captured_queries if "registry_registryentry" in q["sql"]]
    # A miss handed over to the endpoint is counted once, not twice: 404, then one more 200 fits.
    assert client.get(f"/api/v1/declarations/{new_id(1)}", REMOTE_ADDR="10.0.0.9").status_code == 404
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 200
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 429


def test_rate_limit_address_counts_once_per_request(rf, settings):
    settings.API_RATE_LIMITS = {"address": "1/m", "key": ""}
    request = rf.get("/")
    rate_limit_address(request)
    rate_limit_address(request)  # the same request asking again is not a second request
    with pytest.raises(RateLimited):
        rate_limit_address(rf.get("/"))
