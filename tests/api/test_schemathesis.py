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
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from secaction.api.registry import EXAMPLE_CORPORATE_NUMBER, EXAMPLE_ID
from secaction.institutions.services import api_key_issue
from tests.registry.factories import make_declaration, make_org, new_id

CONFIG_PATH = Path(__file__).with_name("schemathesis.toml")
GENEROUS = {"address": "1000000/m", "key": "1000000/m"}


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
    max_examples=60,
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
