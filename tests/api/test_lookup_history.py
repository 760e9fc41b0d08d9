"""What a verification answers (issue 12): as of a date, the history fields, ended reasons, lookup by 法人番号.

Single lookup (fast path and endpoint), lookup by 法人番号 and the batch, each checked against the
documented schema; bad input answers a clear 400, never a 500.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from secaction.api.registry import DeclarationOut, VerifyOut
from secaction.institutions.services import api_key_issue
from tests.registry.factories import corporate_number, make_declaration, make_org

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")
NOW = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)  # 2026-12-07 12:00 JST


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch

    def at(self, moment: dt.datetime) -> None:
        self.monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch)


@pytest.fixture
def life(clock):
    """★ from 2026-04-01 10:00 JST, ★★ from 2026-06-15 23:59:59 JST, withdrawn 2026-09-01 00:00 JST."""
    org = make_org(identity_verified_at=dt.datetime(2026, 3, 31, 16, 30, tzinfo=dt.UTC))
    clock.at(dt.datetime(2026, 4, 1, 10, tzinfo=JST))
    declaration = make_declaration(org, level="one_star", declared_at=timezone.now())
    clock.at(dt.datetime(2026, 6, 15, 23, 59, 59, tzinfo=JST))
    declaration.level = "two_star"
    declaration.save()
    clock.at(dt.datetime(2026, 9, 1, 0, 0, 0, tzinfo=JST))
    declaration.status, declaration.ended_at = "withdrawn", timezone.now()
    declaration.status_reason = "事業を譲渡したため(非公開の理由)"
    declaration.save()
    clock.at(NOW)
    return declaration


@pytest.fixture
def key(django_user_model) -> str:
    office = django_user_model.objects.create_user(email="office@example.jp", is_staff=True)
    return api_key_issue(institution="テスト県補助金事務局", contact="hojo@example.jp", actor=office)[1]


def _get(client, path: str, **params: str):
    return client.get(path, params)


def test_single_lookup_gives_the_history_fields_and_the_end(client, life):
    response = client.get(f"/api/v1/declarations/{life.declaration_id}")
    assert response.status_code == 200
    data = response.json()
    DeclarationOut.model_validate(data)
    assert data["as_of"] is None
    assert (data["level"], data["status"]) == ("two_star", "withdrawn")
    assert data["declared_at"] == "2026-04-01T01:00:00Z"
    assert data["two_star_since"] == "2026-06-15"
    assert data["level_history"] == [
        {"date": "2026-04-01", "level": "one_star", "status": "active"},
        {"date": "2026-06-15", "level": "two_star", "status": "active"},
        {"date": "2026-09-01", "level": "two_star", "status": "withdrawn"},
    ]
    assert data["ended_at"] == "2026-08-31T15:00:00Z"
    assert data["ended_reason"] == "withdrawn"
    assert data["identity_verified"] is True
    assert "譲渡" not in response.content.decode()  # never the reason text


@pytest.mark.parametrize(
    ("as_of", "level", "status"),
    [
        ("2026-03-31", None, "not_yet_declared"),
        ("2026-04-01", "one_star", "active"),
        ("2026-06-14", "one_star", "active"),
        ("2026-06-15", "two_star", "active"),
        ("2026-08-31", "two_star", "active"),
        ("2026-09-01", "two_star", "withdrawn"),
        ("2026-12-07", "two_star", "withdrawn"),  # today (Japan)
    ],
)
def test_single_lookup_as_of_a_date(client, life, as_of, level, status):
    response = client.get(f"/api/v1/declarations/{life.declaration_id}", {"as_of": as_of})
    assert response.status_code == 200
    data = response.json()
    DeclarationOut.model_validate(data)
    assert (data["as_of"], data["level"], data["status"]) == (as_of, level, status)
    assert data["ended_reason"] == "withdrawn"  # the rest describes the record now


@pytest.mark.parametrize(
    ("as_of", "code"),
    [
        ("2026/05/31", "as_of_invalid"),
        ("2026-02-30", "as_of_invalid"),
        ("yesterday", "as_of_invalid"),
        ("2026-12-08", "as_of_future"),  # tomorrow in Japan
        ("9999-12-31", "as_of_future"),
    ],
)
def test_bad_as_of_is_a_clear_400(client, life, as_of, code):
    for path in (
        f"/api/v1/declarations/{life.declaration_id}",
        f"/api/v1/declarations/by-corporate-number/{life.organization.corporate_number}",
    ):
        response = client.get(path, {"as_of": as_of})
        assert response.status_code == 400
        assert response.json()["code"] == code
        assert response.json()["detail"]


def test_the_fast_path_is_one_read_with_the_new_fields_and_leaves_as_of_to_the_endpoint(client, life):
    with CaptureQueriesContext(connection) as queries:
        fast = client.get(f"/api/v1/declarations/{life.declaration_id}")
    sqls = [q["sql"] for q in queries.captured_queries if "registry_registryentry" in q["sql"]]
    assert len(sqls) == 1 and "history" in sqls[0]
    cache.clear()
    slow = client.get(f"/api/v1/declarations/{life.declaration_id}", {"as_of": ""})  # endpoint, no date
    assert slow.status_code == 200
    assert slow.json() == fast.json()


def test_a_declaration_without_recorded_changes_answers_from_its_dates(client, clock):
    """Before the backfill (or for a record it could not date), the record's own dates stand in."""
    from secaction.registry.models import RegistryEntry

    declaration = make_declaration(level="two_star", declared_at=dt.datetime(2026, 5, 1, 9, tzinfo=JST))
    RegistryEntry.objects.filter(declaration_id=declaration.pk).update(history=None)
    data = client.get(f"/api/v1/declarations/{declaration.declaration_id}", {"as_of": "2026-04-30"}).json()
    assert (data["level"], data["status"]) == (None, "not_yet_declared")
    data = client.get(f"/api/v1/declarations/{declaration.declaration_id}", {"as_of": "2026-05-01"}).json()
    assert (data["level"], data["status"], data["two_star_since"]) == ("two_star", "active", "2026-05-01")


def test_cancelled_by_the_office(client, clock):
    clock.at(dt.datetime(2026, 5, 1, tzinfo=JST))
    declaration = make_declaration()
    clock.at(dt.datetime(2026, 7, 1, tzinfo=JST))
    declaration.status, declaration.ended_at = "cancelled", timezone.now()
    declaration.save()
    clock.at(NOW)
    data = client.get(f"/api/v1/declarations/{declaration.declaration_id}").json()
    assert (data["status"], data["ended_reason"], data["two_star_since"]) == ("cancelled", "cancelled", None)
    active = client.get(f"/api/v1/declarations/{make_declaration().declaration_id}").json()
    assert (active["ended_at"], active["ended_reason"]) == (None, None)


def test_lookup_by_corporate_number(client, life, clock):
    number = life.organization.corporate_number
    # The company's newer, open declaration is the one a checker means.
    clock.at(dt.datetime(2026, 10, 1, tzinfo=JST))
    newer = make_declaration(life.organization, level="one_star")
    clock.at(NOW)
    response = client.get(f"/api/v1/declarations/by-corporate-number/{number}")
    assert response.status_code == 200
    DeclarationOut.model_validate(response.json())
    assert response.json()["declaration_id"] == newer.declaration_id
    spaced = f"{number[:1]}-{number[1:5]} {number[5:]}"
    assert client.get(f"/api/v1/declarations/by-corporate-number/{spaced}").json()["declaration_id"] == (
        newer.declaration_id
    )
    as_of = client.get(f"/api/v1/declarations/by-corporate-number/{number}", {"as_of": "2026-09-30"}).json()
    assert (as_of["as_of"], as_of["status"]) == ("2026-09-30", "not_yet_declared")


def test_lookup_by_corporate_number_misses_and_malformed(client):
    missing = client.get(f"/api/v1/declarations/by-corporate-number/{corporate_number(987654)}")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found" and missing.json()["reason"] is None
    for bad in ("123", "1234567890123", "abcdefghijklm"):
        response = client.get(f"/api/v1/declarations/by-corporate-number/{bad}")
        assert response.status_code == 400
        assert response.json()["code"] == "corporate_number"


def _verify(client, key: str, body: dict):
    return client.post(
        "/api/v1/declarations/verify",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


def test_batch_keeps_the_plain_id_list(client, key, life):
    response = _verify(client, key, {"ids": [life.declaration_id, "123"]})
    assert response.status_code == 200
    VerifyOut.model_validate(response.json())
    found, invalid = response.json()["results"]
    assert (found["result"], found["matched_by"], found["declaration"]["status"]) == (
        "found",
        "declaration_id",
        "withdrawn",
    )
    assert found["declaration"]["as_of"] is None
    assert (invalid["result"], invalid["error"]["code"]) == ("invalid", "length")


def test_batch_rows_by_id_and_or_corporate_number_as_of_dates(client, key, life):
    other = make_declaration(level="two_star")
    number_only = make_declaration(make_org(), level="one_star")
    body = {
        "as_of": "2026-07-01",
        "ids": [
            life.declaration_id,
            {"declaration_id": life.declaration_id, "as_of": "2026-06-14"},
            {"corporate_number": number_only.organization.corporate_number},
            # The ID wins over a 法人番号 of another company.
            {
                "declaration_id": other.declaration_id,
                "corporate_number": number_only.organization.corporate_number,
            },
            {"declaration_id": "40000000018", "corporate_number": life.organization.corporate_number},
            {"corporate_number": corporate_number(987654)},
            {"corporate_number": "12"},
            {},
            {"declaration_id": life.declaration_id, "as_of": "2026-12-08"},
        ],
    }
    response = _verify(client, key, body)
    assert response.status_code == 200
    VerifyOut.model_validate(response.json())
    r = response.json()["results"]
    assert [x["result"] for x in r] == [
        "found",
        "found",
        "found",
        "found",
        "found",
        "not_found",
        "invalid",
        "invalid",
        "invalid",
    ]
    assert [x["matched_by"] for x in r[:5]] == [
        "declaration_id",
        "declaration_id",
        "corporate_number",
        "declaration_id",
        "corporate_number",
    ]
    assert (r[0]["declaration"]["as_of"], r[0]["declaration"]["level"]) == ("2026-07-01", "two_star")
    assert (r[1]["declaration"]["as_of"], r[1]["declaration"]["level"]) == ("2026-06-14", "one_star")
    assert r[2]["declaration"]["declaration_id"] == number_only.declaration_id
    assert r[2]["input"] == number_only.organization.corporate_number
    assert r[3]["declaration"]["declaration_id"] == other.declaration_id
    assert r[4]["declaration"]["declaration_id"] == life.declaration_id
    assert r[4]["declaration"]["status"] == "active"  # as of 2026-07-01
    assert [x["error"]["code"] for x in r[6:]] == ["corporate_number", "empty", "as_of_future"]
    assert all(x["error"]["detail"] for x in r[6:])


@pytest.mark.parametrize(
    "body",
    [
        {"ids": [], "as_of": "2026-05-31"},
        {"ids": ["41234567895"], "as_of": "2026-5-31"},
        {"ids": ["41234567895"], "as_of": 0},
        {"ids": [{"declaration_id": "41234567895", "as_of": "31/05/2026"}]},
        {"ids": [[None, None]]},
        {"ids": ["41234567895"] * 101},
        {"rows": [{"declaration_id": "41234567895"}]},
    ],
)
def test_batch_malformed_bodies_are_400(client, key, body):
    response = _verify(client, key, body)
    assert response.status_code == 400
    assert response.json()["detail"] == "invalid request"
    assert response.json()["errors"]


def test_top_level_future_date_makes_every_row_invalid(client, key, life):
    response = _verify(client, key, {"ids": [life.declaration_id], "as_of": "2026-12-08"})
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert (row["result"], row["error"]["code"]) == ("invalid", "as_of_future")
