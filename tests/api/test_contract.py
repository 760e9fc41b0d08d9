"""The API's documented contract, point by point: schema names, the Content-Type header, rate-limit answers.

``test_schemathesis.py`` checks generated requests against the whole document;
this module pins what generated requests do not reach (the 429s, the fast path
versus the endpoint) and the exact header, which schemathesis parses leniently.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client
from ninja import Schema
from schemathesis.config import SchemathesisConfig

import secaction.api
from secaction.api.registry import EXAMPLE_CORPORATE_NUMBER, EXAMPLE_ID
from secaction.institutions.services import api_key_issue
from tests.registry.factories import make_declaration, make_org, new_id

pytestmark = pytest.mark.django_db

CONTENT_TYPE = "application/json; charset=utf-8"
FAST_PATH = "secaction.api.middleware.DeclarationLookupFastPath"
ANSWERS = {str(n): "yes" for n in range(1, 26)}


@pytest.fixture
def key(django_user_model) -> str:
    office = django_user_model.objects.create_user(email="office@example.jp", is_staff=True)
    return api_key_issue(institution="テスト県補助金事務局", contact="hojo@example.jp", actor=office)[1]


def test_every_api_schema_has_its_own_name():
    """ninja documents a schema under its class name: two classes named alike would share one component."""
    seen: dict[str, str] = {}
    for info in pkgutil.iter_modules(secaction.api.__path__):
        module = importlib.import_module(f"secaction.api.{info.name}")
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Schema) and obj.__module__ == module.__name__:
                assert name not in seen, f"{name} is defined in both {seen[name]} and {module.__name__}"
                seen[name] = module.__name__
    assert {"ErrorOut", "RateLimitedOut", "InvalidRequestOut"} <= set(seen)


def _json(client: Client, path: str, body: Any, **extra: Any) -> Any:
    return client.post(path, body, content_type="application/json", **extra)


FULL_WIDTH_EXAMPLE_ID = "".join(chr(0xFF10 + int(c)) for c in EXAMPLE_ID)
# (label, request, expected status). Each request gets a client and an API key.
REQUESTS: list[tuple[str, Callable[[Client, str], Any], int]] = [
    ("ping", lambda c, k: c.get("/api/v1/ping"), 200),
    ("lookup found", lambda c, k: c.get(f"/api/v1/declarations/{EXAMPLE_ID}"), 200),
    ("lookup full-width", lambda c, k: c.get(f"/api/v1/declarations/{FULL_WIDTH_EXAMPLE_ID}"), 200),
    ("lookup malformed", lambda c, k: c.get("/api/v1/declarations/12345"), 400),
    ("lookup unknown", lambda c, k: c.get(f"/api/v1/declarations/{new_id(4242)}"), 404),
    ("verify", lambda c, k: _json(c, "/api/v1/declarations/verify", {"ids": [EXAMPLE_ID]}, **_auth(k)), 200),
    ("verify empty", lambda c, k: _json(c, "/api/v1/declarations/verify", {"ids": []}, **_auth(k)), 400),
    ("verify no key", lambda c, k: _json(c, "/api/v1/declarations/verify", {"ids": [EXAMPLE_ID]}), 401),
    (
        "verify bad key",
        lambda c, k: _json(c, "/api/v1/declarations/verify", {"ids": ["1"]}, **_auth("sa_nope")),
        401,
    ),
    ("expressions", lambda c, k: _json(c, "/api/v1/expressions/check", {"text": "二つ星の認定"}), 200),
    (
        "expressions not json",
        lambda c, k: c.post("/api/v1/expressions/check", "{", content_type="application/json"),
        400,
    ),
    ("score", lambda c, k: _json(c, "/api/v1/diagnosis/score", {"answers": ANSWERS}), 200),
    ("score incomplete", lambda c, k: _json(c, "/api/v1/diagnosis/score", {"answers": {}}), 400),
]


def _auth(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.mark.parametrize(("label", "send", "status"), REQUESTS, ids=[r[0] for r in REQUESTS])
def test_content_type_is_exactly_json_utf8(client, key, label, send, status):
    make_declaration(declaration_id=EXAMPLE_ID)
    response = send(client, key)
    assert response.status_code == status
    assert response["Content-Type"] == CONTENT_TYPE


@pytest.mark.parametrize("fast_path", [True, False], ids=["fast path", "endpoint"])
def test_lookup_content_type_is_the_same_with_and_without_the_fast_path(client, settings, fast_path):
    if not fast_path:
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != FAST_PATH]
    make_declaration(declaration_id=EXAMPLE_ID)
    response = client.get(f"/api/v1/declarations/{EXAMPLE_ID}")
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE


# --- rate limits -------------------------------------------------------------------

LIMITED = {
    ("GET", "/api/v1/declarations/{declaration_id}"): {"path_parameters": {"declaration_id": EXAMPLE_ID}},
    ("GET", "/api/v1/declarations/by-corporate-number/{corporate_number}"): {
        "path_parameters": {"corporate_number": EXAMPLE_CORPORATE_NUMBER}
    },
    ("POST", "/api/v1/declarations/verify"): {"body": {"ids": [EXAMPLE_ID]}},
    ("POST", "/api/v1/expressions/check"): {"body": {"text": "二つ星の認定を受けました"}},
    ("POST", "/api/v1/diagnosis/score"): {"body": {"answers": ANSWERS}},
    ("GET", "/api/v1/changes"): {"query": {"limit": 10}},
    ("GET", "/api/v1/webhooks"): {},
    ("GET", "/api/v1/webhooks/deliveries"): {"query": {"limit": 10}},
}

# Limited operations whose 429 is checked in their own app's tests (they need an institution's key and an upload).
LIMITED_ELSEWHERE = {
    ("POST", "/api/v1/uploads"),  # tests/institutions/test_bulk_api.py
    ("GET", "/api/v1/uploads/{upload_id}"),
    ("GET", "/api/v1/uploads/{upload_id}/result"),
}


def test_every_operation_but_ping_documents_429_with_retry_after(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    limited = set()
    for path, operations in paths.items():
        for method, operation in operations.items():
            if "429" in operation["responses"]:
                answer = operation["responses"]["429"]
                assert answer["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/RateLimitedOut"
                }
                assert answer["headers"]["Retry-After"]["required"] is True
                limited.add((method.upper(), path))
    assert limited == set(LIMITED) | LIMITED_ELSEWHERE


@pytest.mark.parametrize(("method", "path"), list(LIMITED), ids=[f"{m} {p}" for m, p in LIMITED])
def test_rate_limit_answers_are_documented_and_conform(
    settings, key, wsgi_keeps_test_connection, method, path
):
    """Over the limit, every limited operation answers 429 exactly as documented (checked by schemathesis)."""
    make_declaration(make_org(corporate_number=EXAMPLE_CORPORATE_NUMBER), declaration_id=EXAMPLE_ID)
    settings.API_RATE_LIMITS = {"address": "1/m", "key": "1/m"}
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json",
        WSGIHandler(),
        config=SchemathesisConfig.from_path(Path(__file__).with_name("schemathesis.toml")),
    )
    case = schema[path][method].Case(**LIMITED[(method, path)], headers={"Authorization": f"Bearer {key}"})
    assert case.call().status_code == 200  # the one request the limit allows
    response = case.call()
    assert response.status_code == 429
    case.validate_response(response)  # documented status, schema, content type and headers
    assert response.headers["content-type"] == [CONTENT_TYPE]  # lower-cased names, listed values
    body = response.json()
    assert body["code"] == "rate_limited"
    assert [str(body["retry_after"])] == response.headers["retry-after"]
    assert body["retry_after"] >= 1


def test_score_is_limited_per_address(client, settings):
    settings.API_RATE_LIMITS = {"address": "2/m", "key": ""}
    answers = [_json(client, "/api/v1/diagnosis/score", {"answers": ANSWERS}).status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    # Another address has its own allowance.
    assert (
        _json(client, "/api/v1/diagnosis/score", {"answers": ANSWERS}, REMOTE_ADDR="10.0.0.2").status_code
        == 200
    )


# --- 400 answers -------------------------------------------------------------------


def test_a_body_that_is_not_json_gets_the_documented_400(client):
    """ninja's own "Cannot parse request body" came as a bare {"detail"}, which no documented schema allowed."""
    response = client.post("/api/v1/diagnosis/score", b"not json {", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "invalid request",
        "errors": [{"field": "", "code": "json_invalid", "message": "Cannot parse request body"}],
    }


def test_schema_errors_name_field_code_and_message(client, key):
    response = _json(client, "/api/v1/declarations/verify", {"ids": []}, **_auth(key))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("ids", "too_short")]
    assert errors[0]["message"]
