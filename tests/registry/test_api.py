from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import override_settings

from secaction.api.registry import DeclarationOut, OrganizationOut
from secaction.core.models import AuditEvent
from secaction.declarations.ids import damm_check_digit
from secaction.institutions.models import ApiKey
from secaction.institutions.services import api_key_issue, api_key_revoke

from .factories import make_declaration, make_org, new_id

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def office(django_user_model):
    return django_user_model.objects.create_user(email="office@example.jp", is_staff=True)


@pytest.fixture
def key(office):
    _row, plain = api_key_issue(institution="テスト県補助金事務局", contact="hojo@example.jp", actor=office)
    return plain


def auth(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_get_active_declaration(client):
    org = make_org(name="株式会社山田商事", prefecture="27", corporate_number="")
    d = make_declaration(org, level="two_star")
    r = client.get(f"/api/v1/declarations/{d.declaration_id}")
    assert r.status_code == 200
    data = r.json()
    assert data["declaration_id"] == d.declaration_id
    assert data["level"] == "two_star"
    assert data["status"] == "active"
    assert data["organization"] == {
        "name": "株式会社山田商事",
        "corporate_number": None,
        "prefecture": "27",
        "prefecture_name": "大阪府",
    }
    assert data["declared_at"] and data["updated_at"]


@pytest.mark.parametrize("with_number", [True, False])
def test_lookup_answer_conforms_to_the_declared_schema(client, key, with_number):
    """The lookup renders without ninja's response validation, so its shape is checked here instead."""
    org = make_org() if with_number else make_org(corporate_number="")
    corporate_number = org.corporate_number
    d = make_declaration(org, level="one_star")
    r = client.get(f"/api/v1/declarations/{d.declaration_id}")
    assert r["Content-Type"] == "application/json; charset=utf-8"
    data = r.json()
    DeclarationOut.model_validate(data)  # raises on any missing, extra-typed or misnamed field
    assert set(data) == set(DeclarationOut.model_fields)
    assert set(data["organization"]) == set(OrganizationOut.model_fields)
    assert data["organization"]["corporate_number"] == (corporate_number or None)
    # Validated rendering (batch verification) and the lookup give the same record, to the character.
    batch = client.post(
        "/api/v1/declarations/verify",
        {"ids": [d.declaration_id]},
        content_type="application/json",
        **auth(key),
    )
    assert batch.json()["results"][0]["declaration"] == data


def test_lookup_dates_are_utc_iso_8601(client):
    d = make_declaration()
    data = client.get(f"/api/v1/declarations/{d.declaration_id}").json()
    for name, value in (("declared_at", d.declared_at), ("updated_at", d.updated_at)):
        parsed = dt.datetime.fromisoformat(data[name].replace("Z", "+00:00"))
        assert parsed.utcoffset() == dt.timedelta(0), name
        assert abs(parsed - value) < dt.timedelta(milliseconds=1), name


@pytest.mark.parametrize(
    ("status", "public"),
    [("withdrawn", "withdrawn"), ("cancelled", "cancelled"), ("pending", "pending"), ("returned", "pending")],
)
def test_status_mapping(client, status, public):
    d = make_declaration(status=status)
    assert client.get(f"/api/v1/declarations/{d.declaration_id}").json()["status"] == public


def test_status_change_reaches_the_api(client):
    d = make_declaration()
    d.status = "withdrawn"
    d.save()
    assert client.get(f"/api/v1/declarations/{d.declaration_id}").json()["status"] == "withdrawn"


def test_full_width_id_is_accepted(client):
    d = make_declaration()
    wide = d.declaration_id.translate(str.maketrans("0123456789", "0123456789"))
    assert client.get(f"/api/v1/declarations/{wide}").status_code == 200


def test_unknown_id_is_404(client):
    r = client.get(f"/api/v1/declarations/{new_id(999999)}")
    assert r.status_code == 404
    assert r.json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("value", "code"),
    [("5123", "length"), ("51234567890123", "length"), ("5123456789a", "digits"), ("61234567890", "prefix")],
)
def test_malformed_id_is_400(client, value, code):
    r = client.get(f"/api/v1/declarations/{value}")
    assert r.status_code == 400
    assert r.json()["code"] == code
    assert r.json()["detail"]


def test_bad_check_digit_of_an_early_5_id_is_400(client):
    # 5-IDs (issued before new IDs moved to 4) always carry a Damm digit: a wrong one is malformed.
    # For 4-IDs the digit is judged only after the lookup (tests/registry/test_id_lookup.py).
    body = "5000000042"
    bad = body + str((damm_check_digit(body) + 1) % 10)
    r = client.get(f"/api/v1/declarations/{bad}")
    assert r.status_code == 400
    assert r.json()["code"] == "check_digit"


def test_verify_requires_key(client):
    r = client.post("/api/v1/declarations/verify", {"ids": [new_id(1)]}, content_type="application/json")
    assert r.status_code == 401
    assert r.json()["code"] == "missing_key"
    assert r["WWW-Authenticate"].startswith("Bearer")


def test_verify_rejects_unknown_key(client):
    r = client.post(
        "/api/v1/declarations/verify",
        {"ids": [new_id(1)]},
        content_type="application/json",
        **auth("sa_nope"),
    )
    assert r.status_code == 401
    assert r.json()["code"] == "invalid_key"


def test_verify_rejects_revoked_key(client, key, office):
    row = ApiKey.objects.get()
    api_key_revoke(api_key=row, actor=office)
    r = client.post(
        "/api/v1/declarations/verify", {"ids": [new_id(1)]}, content_type="application/json", **auth(key)
    )
    assert r.status_code == 401
    assert r.json()["code"] == "revoked_key"
    assert AuditEvent.objects.filter(action="api_key.revoke").exists()


def test_key_is_stored_only_as_hash(key):
    row = ApiKey.objects.get()
    assert key not in (row.key_hash, row.key_prefix)
    assert key.startswith(row.key_prefix)
    assert len(row.key_hash) == 64


def test_verify_answers_in_order(client, key):
    active = make_declaration()
    withdrawn = make_declaration(status="withdrawn")
    unknown = new_id(777777)
    ids = [unknown, active.declaration_id, "123", withdrawn.declaration_id, active.declaration_id]
    r = client.post("/api/v1/declarations/verify", {"ids": ids}, content_type="application/json", **auth(key))
    assert r.status_code == 200
    results = r.json()["results"]
    assert [x["input"] for x in results] == ids
    assert [x["result"] for x in results] == ["not_found", "found", "invalid", "found", "found"]
    assert results[1]["declaration"]["status"] == "active"
    assert results[3]["declaration"]["status"] == "withdrawn"
    assert results[2]["error"]["code"] == "length"
    assert results[0]["declaration"] is None and results[0]["error"] is None
    assert ApiKey.objects.get().last_used_at is not None


@pytest.mark.parametrize("ids", [[], [new_id(i) for i in range(101)]])
def test_verify_batch_size_limits(client, key, ids):
    r = client.post("/api/v1/declarations/verify", {"ids": ids}, content_type="application/json", **auth(key))
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "ids"


def test_verify_accepts_100(client, key):
    ids = [new_id(i) for i in range(100)]
    r = client.post("/api/v1/declarations/verify", {"ids": ids}, content_type="application/json", **auth(key))
    assert r.status_code == 200
    assert len(r.json()["results"]) == 100


@override_settings(API_RATE_LIMITS={"address": "3/m", "key": ""})
def test_address_rate_limit_429_with_retry_after(client):
    d = make_declaration()
    for _ in range(3):
        assert client.get(f"/api/v1/declarations/{d.declaration_id}").status_code == 200
    r = client.get(f"/api/v1/declarations/{d.declaration_id}")
    assert r.status_code == 429
    assert 1 <= int(r["Retry-After"]) <= 60
    assert r.json()["code"] == "rate_limited"
    # Another address is not affected.
    assert client.get(f"/api/v1/declarations/{d.declaration_id}", REMOTE_ADDR="10.0.0.2").status_code == 200


@override_settings(API_RATE_LIMITS={"address": "", "key": "2/h"})
def test_key_rate_limit_follows_the_key_across_addresses(client, key):
    body = {"ids": [new_id(1)]}
    for addr in ("10.0.0.1", "10.0.0.2"):
        r = client.post(
            "/api/v1/declarations/verify",
            body,
            content_type="application/json",
            REMOTE_ADDR=addr,
            **auth(key),
        )
        assert r.status_code == 200
    r = client.post(
        "/api/v1/declarations/verify",
        body,
        content_type="application/json",
        REMOTE_ADDR="10.0.0.3",
        **auth(key),
    )
    assert r.status_code == 429
    assert int(r["Retry-After"]) <= 3600


def test_expression_check_api(client):
    r = client.post(
        "/api/v1/expressions/check",
        {"text": "当社は二つ星の認定を受けました。"},
        content_type="application/json",
    )
    assert r.status_code == 200
    data = r.json()
    assert data["ok"] is False
    [f] = data["findings"]
    assert f["phrase"] == "二つ星の認定を受けました"
    assert (f["start"], f["end"]) == (3, 15)
    assert f["suggestion"] == "二つ星を宣言しました"


def test_expression_check_api_clean_text(client):
    r = client.post(
        "/api/v1/expressions/check", {"text": "一つ星を宣言しました。"}, content_type="application/json"
    )
    assert r.json() == {"ok": True, "findings": []}


@override_settings(API_RATE_LIMITS={"address": "1/m", "key": ""})
def test_expression_check_is_rate_limited(client):
    body = {"text": "x"}
    assert client.post("/api/v1/expressions/check", body, content_type="application/json").status_code == 200
    r = client.post("/api/v1/expressions/check", body, content_type="application/json")
    assert r.status_code == 429 and r["Retry-After"]


def test_ping(client):
    assert client.get("/api/v1/ping").json() == {"ok": True}


def test_openapi_documents_the_endpoints(client):
    doc = client.get("/api/v1/openapi.json").json()
    paths = doc["paths"]
    assert "/api/v1/declarations/{declaration_id}" in paths
    assert "/api/v1/declarations/verify" in paths
    assert "/api/v1/expressions/check" in paths
    verify = paths["/api/v1/declarations/verify"]["post"]
    assert verify["security"]
    assert "DeclarationOut" in doc["components"]["schemas"]
    props = doc["components"]["schemas"]["DeclarationOut"]["properties"]
    assert props["level"]["description"]
