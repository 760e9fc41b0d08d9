"""Schemathesis against the whole API: every operation, every check, with and without an API key.

The API runs in-process (WSGI, the full middleware stack, the lookup fast path
included) over a seeded registry: declarations in every status, one of them the
documented example ID so that lookups hit a real row, and a key issued by a
staff user through the service. Every generated case is sent twice, once
anonymously and once with the key, and each answer must pass every check:
no 5xx, a documented status, content type and headers, a body that validates
against the documented schema, invalid input rejected and valid input accepted.
The one exception the schema cannot express is in ``schemathesis.toml`` with its
reason. The rate limits are raised for the run so that a 429 cannot make it
flaky; ``test_rate_limit_answers_are_documented_and_conform`` covers the 429.

The operations come from the live OpenAPI document, not from a list here: an
endpoint added to the API is tested by the next run, with and without the key,
multipart uploads included (schemathesis builds their bodies from the document).
None is excluded. Besides schemathesis' own checks, every answer must follow the
caching policy (``caching_policy_is_followed``): only the public lookup's 200 and
304 may be stored by a shared cache; every other JSON answer says ``no-store``.

Budget: ``EXAMPLES_PER_OPERATION`` generated cases per operation (each sent twice),
so that the test stays well under a minute per database in CI as operations are
added (it runs on SQLite and on PostgreSQL).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from secaction.api.caching import PUBLIC
from secaction.api.registry import EXAMPLE_CORPORATE_NUMBER, EXAMPLE_ID
from secaction.institutions.services import api_key_issue
from tests.registry.factories import make_declaration, make_org, new_id

CONFIG_PATH = Path(__file__).with_name("schemathesis.toml")
GENEROUS = {"address": "1000000/m", "key": "1000000/m"}
EXAMPLES_PER_OPERATION = 25


def _documents_public_caching(definition: dict) -> bool:
    """The operation documents ``Cache-Control`` on its 200: the public lookup (api/caching.py)."""
    return "Cache-Control" in definition.get("responses", {}).get("200", {}).get("headers", {})


# RFC 9110, 15.1: statuses a cache may store without being told how long (heuristic freshness).
HEURISTICALLY_CACHEABLE = {200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501}


def storable_by_a_shared_cache(method: str, status: int, cache_control: str) -> bool:
    """Whether a shared cache (proxy, CDN) may keep this answer (RFC 9111, 3; conservatively).

    ``no-store``/``private`` forbid it; explicit freshness allows it; otherwise a GET answer with a
    heuristically cacheable status may be kept. The exemption of requests with ``Authorization``
    (RFC 9111, 3.5) is deliberately not counted: answers to key holders must say so themselves.
    """
    directives = {d.strip().split("=")[0].lower() for d in cache_control.split(",") if d.strip()}
    if directives & {"no-store", "private"}:
        return False
    if directives & {"public", "max-age", "s-maxage"}:
        return True
    return method == "GET" and status in HEURISTICALLY_CACHEABLE


@schemathesis.check
def caching_policy_is_followed(ctx, response, case) -> None:
    """Only a documented cacheable operation's 200/304 may be kept by a shared cache.

    Errors (a 404 included), answers to key holders and everything else must never sit in a proxy or
    a CDN: the API's own answers say ``no-store`` (api/urls.py); a refusal made before the API (a 400
    for bad bytes) is not storable by its status. ninja's 405 depends on the method alone.
    """
    if response.status_code == 405:
        return  # ninja's answer to a method the path lacks: the same for everyone, forever; harmless in a cache
    cache_control = ", ".join(response.headers.get("cache-control", []))
    if _documents_public_caching(case.operation.definition.raw) and response.status_code in (200, 304):
        assert cache_control == PUBLIC, f"the cacheable answer says Cache-Control: {cache_control!r}"
        assert response.headers.get("etag") and response.headers.get("last-modified"), "validators missing"
        return
    assert not storable_by_a_shared_cache(case.method.upper(), response.status_code, cache_control), (
        f"{case.method.upper()} {case.path} answered {response.status_code} storable by a shared cache "
        f"(Cache-Control: {cache_control!r})"
    )


@pytest.fixture
def api_key(db, django_user_model) -> str:
    office = django_user_model.objects.create_user(email="office@example.jp", is_staff=True)
    _row, plain = api_key_issue(institution="テスト県補助金事務局", contact="hojo@example.jp", actor=office)
    return plain


@pytest.fixture
def seeded_registry(db) -> list[str]:
    """Declarations the lookups and the batch verification can find, in every public status."""
    example_org = make_org(corporate_number=EXAMPLE_CORPORATE_NUMBER)
    ids = [make_declaration(example_org, declaration_id=EXAMPLE_ID, level="two_star").declaration_id]
    ids.append(make_declaration(make_org(corporate_number=""), declaration_id="41234567890").declaration_id)
    for n, status in enumerate(["withdrawn", "cancelled", "pending"], start=900001):
        ids.append(make_declaration(declaration_id=new_id(n), status=status).declaration_id)
    return ids


@pytest.fixture
def contract_run(settings, seeded_registry, api_key, wsgi_keeps_test_connection) -> str:
    settings.API_RATE_LIMITS = GENEROUS
    return api_key


# Loaded at collection: the OpenAPI document is built from code and reads no database.
# (schemathesis.pytest.from_fixture would load it inside the test, but fails on pytest 9.)
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", WSGIHandler(), config=SchemathesisConfig.from_path(CONFIG_PATH)
)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_every_operation_conforms_with_and_without_a_key(case, contract_run):
    case.call_and_validate()
    case.call_and_validate(headers={"Authorization": f"Bearer {contract_run}"})


def test_the_seeded_example_is_found(client, seeded_registry, settings):
    """The example in the OpenAPI document is a real row of the seeded registry, so examples reach the database."""
    settings.API_RATE_LIMITS = GENEROUS
    parameters = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/declarations/{declaration_id}"]
    assert parameters["get"]["parameters"][0]["example"] == EXAMPLE_ID
    assert client.get(f"/api/v1/declarations/{EXAMPLE_ID}").status_code == 200
