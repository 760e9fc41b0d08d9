"""HTTP caching of the public lookup (api/caching.py) and no-store everywhere else.

The conditional logic is pure and tested case by case; the HTTP tests check that the
fast path and the ninja endpoint send the same validators and the same 304s, and that
errors and answers to key holders are never cacheable.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils.http import http_date

from secaction.api.caching import PUBLIC, etag_of, is_not_modified, last_modified_of
from secaction.api.rendering import NO_STORE
from secaction.api.urls import api
from secaction.institutions.services import api_key_issue
from secaction.organizations.models import Organization
from tests.registry.factories import make_declaration, new_id

FAST_PATH = "secaction.api.middleware.DeclarationLookupFastPath"
TAG = '"0123456789abcdef0123456789abcdef"'
MODIFIED = dt.datetime(2026, 11, 27, 20, 50, 12, 345000, tzinfo=dt.UTC)
MODIFIED_HTTP = "Fri, 27 Nov 2026 20:50:12 GMT"


@pytest.mark.parametrize(
    ("if_none_match", "if_modified_since", "expected"),
    [
        (None, None, False),
        (TAG, None, True),
        (f"W/{TAG}", None, True),  # weak comparison for If-None-Match (RFC 9110, 13.1.2)
        (f'"other", {TAG}', None, True),
        ('"other"', None, False),
        ("*", None, True),
        ("0123456789abcdef0123456789abcdef", None, False),  # unquoted: not an entity tag
        ("", None, False),
        ('"other"', MODIFIED_HTTP, False),  # If-None-Match decides when present
        (TAG, "Thu, 01 Jan 1970 00:00:00 GMT", True),
        (None, MODIFIED_HTTP, True),  # the same second: not modified since
        (None, "Fri, 27 Nov 2026 20:50:13 GMT", True),
        (None, "Fri, 27 Nov 2026 20:50:11 GMT", False),
        (None, "Thu, 01 Jan 1970 00:00:00 GMT", False),
        (None, "yesterday", False),  # unreadable: ignored, the full answer
        (None, "", False),
    ],
)
def test_is_not_modified(if_none_match, if_modified_since, expected):
    assert is_not_modified(if_none_match, if_modified_since, TAG, MODIFIED) is expected


def test_etag_is_strong_and_follows_every_byte():
    tag = etag_of(b'{"a": 1}')
    assert tag.startswith('"') and tag.endswith('"') and not tag.startswith("W/")
    assert tag == etag_of(b'{"a": 1}')
    assert tag != etag_of(b'{"a": 2}')


def test_last_modified_counts_a_later_gbizid_verification_from_the_start_of_its_japan_day():
    record = {"updated_at": MODIFIED, "identity_verified_at": None}
    assert last_modified_of(record) == MODIFIED
    record["identity_verified_at"] = dt.date(2026, 11, 28)
    # 2026-11-28 00:00 in Japan is 2026-11-27 15:00 UTC: before MODIFIED, so MODIFIED stands.
    assert last_modified_of(record) == MODIFIED
    record["identity_verified_at"] = dt.date(2026, 11, 29)
    assert last_modified_of(record) == dt.datetime(2026, 11, 28, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def quiet_cache():
    cache.clear()
    yield
    cache.clear()


def _lookup(client, code: str, **headers: str):
    return client.get(f"/api/v1/declarations/{code}", headers=headers)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["fast", "endpoint"])
def test_found_lookup_is_publicly_cacheable_and_revalidates(client, settings, quiet_cache, path):
    if path == "endpoint":
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != FAST_PATH]
    d = make_declaration()
    first = _lookup(client, d.declaration_id)
    assert first.status_code == 200
    assert first["Cache-Control"] == PUBLIC
    assert first["ETag"] == etag_of(first.content)
    assert first["Last-Modified"] == http_date(d.updated_at.timestamp())

    again = _lookup(client, d.declaration_id, if_none_match=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert (again["ETag"], again["Last-Modified"], again["Cache-Control"]) == (
        first["ETag"],
        first["Last-Modified"],
        PUBLIC,
    )
    assert _lookup(client, d.declaration_id, if_modified_since=first["Last-Modified"]).status_code == 304
    assert _lookup(client, d.declaration_id, if_none_match='"stale"').status_code == 200


@pytest.mark.django_db
def test_fast_path_and_endpoint_send_the_same_validators(client, settings, quiet_cache):
    d = make_declaration(level="two_star")
    fast = _lookup(client, d.declaration_id)
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != FAST_PATH]
    slow = _lookup(client, d.declaration_id)
    for header in ("ETag", "Last-Modified", "Cache-Control", "Content-Type"):
        assert fast[header] == slow[header], header
    # Another spelling of the same ID goes to the endpoint and is the same representation.
    spaced = _lookup(client, f"{d.declaration_id[:4]}-{d.declaration_id[4:]}", if_none_match=fast["ETag"])
    assert spaced.status_code == 304


@pytest.mark.django_db
def test_a_change_to_the_record_changes_the_etag(client, quiet_cache):
    d = make_declaration()
    before = _lookup(client, d.declaration_id)
    org = Organization.objects.get(pk=d.organization_id)
    org.name = "株式会社改称後"
    org.save()  # a rename moves neither updated_at nor Last-Modified: the ETag still changes
    after = _lookup(client, d.declaration_id, if_none_match=before["ETag"])
    assert after.status_code == 200
    assert "株式会社改称後" in after.content.decode()
    assert after["ETag"] != before["ETag"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "code",
    [new_id(880001), "41234567859", "123", "5123456789X"],  # unknown, mistyped, too short, not digits
)
def test_errors_of_the_lookup_are_not_stored(client, quiet_cache, code):
    response = _lookup(client, code, if_none_match="*")
    assert response.status_code in (400, 404)
    assert response["Cache-Control"] == NO_STORE
    assert not response.has_header("ETag")


@pytest.mark.django_db
def test_rate_limited_lookup_is_not_stored(client, settings, quiet_cache):
    settings.API_RATE_LIMITS = {"address": "1/m", "key": "1/m"}
    d = make_declaration()
    assert _lookup(client, d.declaration_id).status_code == 200
    refused = _lookup(client, d.declaration_id)
    assert refused.status_code == 429
    assert refused["Cache-Control"] == NO_STORE


@pytest.mark.django_db
def test_keyed_answers_are_not_stored(client, django_user_model, quiet_cache):
    office = django_user_model.objects.create_user(email="office-cache@example.jp", is_staff=True)
    _row, plain = api_key_issue(institution="テスト県補助金事務局", contact="hojo@example.jp", actor=office)
    d = make_declaration()
    body = {"ids": [d.declaration_id]}
    keyed = client.post(
        "/api/v1/declarations/verify",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {plain}"},
    )
    assert keyed.status_code == 200
    assert keyed["Cache-Control"] == NO_STORE
    refused = client.post("/api/v1/declarations/verify", body, content_type="application/json")
    assert refused.status_code == 401
    assert refused["Cache-Control"] == NO_STORE


def test_openapi_documents_the_304_and_the_caching_headers():
    document = api.get_openapi_schema()
    lookup = document["paths"]["/api/v1/declarations/{declaration_id}"]["get"]
    responses = {str(k): v for k, v in lookup["responses"].items()}
    for status in ("200", "304"):
        assert set(responses[status]["headers"]) == {"Cache-Control", "ETag", "Last-Modified"}
    assert "content" not in responses["304"]
    headers = {p["name"] for p in lookup["parameters"] if p["in"] == "header"}
    assert headers == {"If-None-Match", "If-Modified-Since"}


def test_operation_ids_are_the_endpoint_names_and_unique():
    document = api.get_openapi_schema()
    ids = [op["operationId"] for operations in document["paths"].values() for op in operations.values()]
    assert len(ids) == len(set(ids)), f"two operations share an ID: {sorted(ids)}"
    assert (
        document["paths"]["/api/v1/declarations/{declaration_id}"]["get"]["operationId"] == "declaration_get"
    )
