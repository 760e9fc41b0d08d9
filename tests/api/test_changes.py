"""The change feed: order, paging with an opaque cursor, the public fields, refusals, and the documented shape."""

from __future__ import annotations

import pytest
from django.utils import timezone

from secaction.api.changes import ChangesOut, feed_cursor_make, feed_cursor_read
from secaction.institutions.services import api_key_issue
from secaction.registry.models import RegistryChange
from secaction.registry.selectors import (
    FEED_START,
    registry_change_last_position,
    registry_change_position,
    registry_changes_page,
)
from tests.registry.factories import make_declaration, make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(django_user_model) -> str:
    office = django_user_model.objects.create_user(email="office@example.jp", is_staff=True)
    return api_key_issue(institution="県の補助金事務局", contact="c@example.jp", actor=office)[1]


def _get(client, key: str, **params: object):
    return client.get("/api/v1/changes", params, HTTP_AUTHORIZATION=f"Bearer {key}")


def _walk(client, key: str, limit: int) -> tuple[list[dict], list[dict]]:
    pages, items, since = [], [], None
    while True:
        body = _get(client, key, limit=limit, **({"since": since} if since else {})).json()
        pages.append(body)
        items.extend(body["changes"])
        since = body["next"]
        if not body["has_more"]:
            return pages, items


def test_a_walk_in_small_pages_lists_every_change_once_in_order(client, key) -> None:
    a = make_declaration(level="one_star", status="active")
    b = make_declaration(make_org(corporate_number=""), level="two_star", status="active")
    a.level = "two_star"
    a.save()
    a.status, a.ended_at = "withdrawn", timezone.now()
    a.save()
    pages, items = _walk(client, key, limit=2)
    assert [len(p["changes"]) for p in pages] == [2, 2]
    assert [(i["declaration_id"], i["kind"], i["level"], i["status"]) for i in items] == [
        (a.declaration_id, "started", "one_star", "active"),
        (b.declaration_id, "started", "two_star", "active"),
        (a.declaration_id, "level_changed", "two_star", "active"),
        (a.declaration_id, "ended", "two_star", "withdrawn"),
    ]
    # The current public name and 法人番号 of the declaration, on every one of its changes.
    assert items[0]["organization"] == {
        "name": a.organization.name,
        "corporate_number": a.organization.corporate_number,
    }
    assert items[1]["organization"]["corporate_number"] is None
    assert items[0]["identity_verified"] is False
    for page in pages:
        ChangesOut.model_validate(page)  # the answer is exactly the documented shape


def test_nothing_new_keeps_the_cursor_and_a_later_change_follows_it(client, key) -> None:
    make_declaration()
    first = _get(client, key).json()
    assert len(first["changes"]) == 1 and first["has_more"] is False
    again = _get(client, key, since=first["next"]).json()
    assert again["changes"] == [] and again["has_more"] is False
    assert feed_cursor_read(again["next"]) == feed_cursor_read(first["next"])
    later = make_declaration()
    after = _get(client, key, since=first["next"]).json()
    assert [c["declaration_id"] for c in after["changes"]] == [later.declaration_id]


def test_the_cursor_is_opaque_and_cannot_be_forged(client, key) -> None:
    make_declaration()
    real = _get(client, key).json()["next"]
    position = feed_cursor_read(real)
    assert position is not None and real != str(position)
    for forged in ["1", "0", str(position), real[:-1] + ("A" if real[-1] != "A" else "B"), "x" * 80]:
        response = _get(client, key, since=forged)
        assert response.status_code == 400, forged
        problem = response.json()["errors"][0]
        assert problem["field"] == "since" and problem["code"] == "cursor_invalid"
        assert "next" in problem["message"]


@pytest.mark.parametrize("limit", [0, -1, 10001, "many"])
def test_a_limit_out_of_range_is_a_clear_400(client, key, limit) -> None:
    response = _get(client, key, limit=limit)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"].endswith("limit")


def test_the_feed_needs_a_key(client) -> None:
    assert client.get("/api/v1/changes").status_code == 401
    response = client.get("/api/v1/changes", HTTP_AUTHORIZATION="Bearer sa_nope")
    assert response.status_code == 401 and response.json()["code"] == "invalid_key"


def test_the_feed_is_rate_limited_per_key(client, key, settings) -> None:
    settings.API_RATE_LIMITS = {"address": "", "key": "2/m"}
    assert _get(client, key).status_code == 200
    assert _get(client, key).status_code == 200
    response = _get(client, key)
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1


def test_a_change_of_a_declaration_that_left_the_registry_has_no_organization() -> None:
    declaration = make_declaration()
    declaration.declaration_id = None
    declaration.save()  # no ID any more: its entry goes, its recorded change stays
    page = registry_changes_page(FEED_START, 10)
    assert [item["organization"] for item in page.items] == [None]


def test_the_selector_pages_by_position_in_one_query(django_assert_num_queries) -> None:
    for _ in range(5):
        make_declaration()
    # One transaction wrote them all (the test's), so the feed's order is the ids' order here.
    rows = list(RegistryChange.objects.order_by("id").values_list("txid", "id"))
    ids = [change_id for _, change_id in rows]
    positions = [(txid or 0, change_id) for txid, change_id in rows]
    with django_assert_num_queries(1):
        page = registry_changes_page(positions[1], 2)
    assert page.ids == ids[2:4] and page.last == positions[3] and page.has_more is True
    last = registry_changes_page(positions[3], 2)
    assert last.ids == ids[4:] and last.has_more is False
    assert registry_changes_page(positions[-1], 2).last == positions[-1]
    assert registry_change_last_position() == positions[-1]
    assert registry_change_position(ids[2]) == positions[2] and registry_change_position(0) == FEED_START


def test_cursor_round_trip() -> None:
    for position in [(0, 0), (0, 1), (10**12, 10**12)]:
        assert feed_cursor_read(feed_cursor_make(position)) == position
    assert feed_cursor_read("") is None


def test_a_cursor_of_the_first_format_reads_as_a_change_id_before_every_transaction() -> None:
    from django.core import signing

    from secaction.api.changes import _CURSOR_SALT

    assert feed_cursor_read(signing.dumps(41, salt=_CURSOR_SALT)) == (0, 41)
    for bad in [-1, True, [1], [1, 2, 3], [1, -2], ["1", 2], [False, 1], "7", None]:
        assert feed_cursor_read(signing.dumps(bad, salt=_CURSOR_SALT)) is None, bad


def test_times_are_written_as_the_api_writes_them_everywhere() -> None:
    import datetime as dt
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    from secaction.registry.selectors.changes import _iso

    for value in [
        dt.datetime(2026, 12, 1, 3, 4, 5, 123456, tzinfo=dt.UTC),
        dt.datetime(2026, 12, 1, 3, 4, 5, tzinfo=dt.UTC),
        dt.datetime(2026, 12, 1, 12, 4, 5, 999, tzinfo=dt.timezone(dt.timedelta(hours=9))),
    ]:
        assert _iso(value) == json.loads(json.dumps(value.astimezone(dt.UTC), cls=DjangoJSONEncoder))
    assert _iso(dt.datetime(2026, 12, 1, 3, 4, 5)) == "2026-12-01T03:04:05Z"  # naive = UTC (SQLite)
    assert _iso("2026-12-01 03:04:05.5") == "2026-12-01T03:04:05.500Z"


def test_an_unknown_parameter_is_refused_rather_than_ignored(client, key) -> None:
    response = _get(client, key, sinse="x")  # a misspelt since must not restart the walk silently
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "field": "sinse",
        "code": "unknown_parameter",
        "message": "知らないパラメータです。使えるのは since, limit だけです。",
    }
