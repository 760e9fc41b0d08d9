"""The change feed never skips a change whose lower id commits after a higher one (PostgreSQL only).

A second connection records a change (the lower id) in a transaction that stays open, while the test's
connection commits a change (the higher id). The feed must hold the higher one back until the open
transaction has finished, then serve both, the lower one included, walking on from the cursor it gave.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection

from secaction.institutions.services import api_key_issue
from secaction.registry.models import RegistryChange
from secaction.registry.selectors import FEED_START, registry_changes_page
from tests.registry.factories import make_declaration

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent transactions (DATABASE_URL=postgres://…)"
    ),
]


def other_connection() -> Any:
    """A second connection to the test database (psycopg, outside Django), in a transaction of its own."""
    import psycopg

    db = connection.settings_dict
    params = {"dbname": db["NAME"], "user": db["USER"], "password": db["PASSWORD"], "host": db["HOST"]}
    params["port"] = str(db["PORT"] or "")
    return psycopg.connect(**{name: value for name, value in params.items() if value})


def change_insert(other: Any, code: str) -> int:
    """Record a change for ``code`` on ``other`` (not committed); returns its id."""
    row = other.execute(
        f"INSERT INTO {RegistryChange._meta.db_table} "  # noqa: S608
        "(declaration_id, declaration_code, kind, level, status, occurred_at, recorded_at) "
        "VALUES (0, %s, 'ended', 'one_star', 'withdrawn', now(), now()) RETURNING id",
        [code],
    ).fetchone()
    assert row is not None
    return int(row[0])


@contextmanager
def change_in_open_transaction(code: str) -> Iterator[tuple[int, Callable[[], None]]]:
    """Record a change for ``code`` on a second connection and keep its transaction open; yields the
    change's id and ``commit``. Rolled back when the block ends without committing."""
    other = other_connection()
    try:
        yield change_insert(other, code), other.commit
    finally:
        other.rollback()
        other.close()


def eventually(check: Callable[[], Any], seconds: float = 15.0) -> Any:
    """``check()`` once it is truthy: a change is served once every older transaction on the server has
    finished, and other databases' transactions on a shared test server count too."""
    deadline = time.monotonic() + seconds
    while not (result := check()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return result


@pytest.fixture
def key(django_user_model) -> str:
    office = django_user_model.objects.create_user(email="office@example.jp", is_staff=True)
    return api_key_issue(institution="県の補助金事務局", contact="c@example.jp", actor=office)[1]


def _page(client, key: str, since: str | None) -> dict:
    params = {"limit": 10000, **({"since": since} if since else {})}
    response = client.get("/api/v1/changes", params, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    return response.json()


def test_a_lower_id_committed_later_is_still_served_after_the_higher_one(client, key) -> None:
    first = _page(client, key, None)  # the position before both changes
    with change_in_open_transaction("99999999990") as (lower_id, commit):
        later = make_declaration()  # committed now, with the higher id
        assert RegistryChange.objects.get(declaration_code=later.declaration_id).pk > lower_id
        held = _page(client, key, first["next"])
        assert held["changes"] == []  # the higher id waits for the open transaction
        assert held["next"] == first["next"]
        commit()
    seen: list[str] = []

    def walk() -> bool:
        body = _page(client, key, first["next"])
        seen[:] = [c["declaration_id"] for c in body["changes"]]
        return len(seen) == 2

    assert eventually(walk), seen
    assert seen == ["99999999990", later.declaration_id]  # the lower id's transaction began first


def test_a_rolled_back_transaction_holds_nothing_back_once_it_ends() -> None:
    with change_in_open_transaction("99999999991") as (_lower_id, _commit):
        make_declaration()
        assert registry_changes_page(FEED_START, 10).items == []
    page = eventually(
        lambda: registry_changes_page(FEED_START, 10).items and registry_changes_page(FEED_START, 10)
    )
    assert len(page.items) == 1 and page.items[0]["declaration_id"] != "99999999991"


def test_changes_are_ordered_by_writing_transaction_then_id() -> None:
    from django.utils import timezone

    make_declaration()
    make_declaration()
    fields = {"declaration_id": 0, "kind": "ended", "level": "one_star", "status": "withdrawn"}
    RegistryChange.objects.bulk_create(  # as imports record them
        [
            RegistryChange(declaration_code=f"9999999999{n}", occurred_at=timezone.now(), **fields)
            for n in (5, 6)
        ]
    )
    rows = list(RegistryChange.objects.values_list("txid", "id"))
    assert len(rows) == 4 and all(txid and txid > 0 for txid, _ in rows)  # filled by the database every time
    page = eventually(lambda: (p := registry_changes_page(FEED_START, 10)) and len(p.items) == 4 and p)
    assert page.ids == [change_id for _, change_id in sorted(rows)]
    assert page.last == max(rows)
