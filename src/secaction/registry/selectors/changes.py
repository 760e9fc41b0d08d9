"""The change feed: public changes of declarations (``RegistryChange``) in order, for institutions that
mirror the registry (``GET /api/v1/changes``) and for webhooks, which send the very same items.

One statement per page: the changes after a position joined with each declaration's current public name,
法人番号 and GビズID check (``RegistryEntry``), read as plain rows (no model instances), because a page
holds up to 10,000 changes and must answer in well under a second (docs/performance.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection

from ..models import RegistryChange, RegistryEntry

FEED_LIMIT_DEFAULT = 1000
FEED_LIMIT_MAX = 10000

_CHANGE = RegistryChange._meta.db_table
_ENTRY = RegistryEntry._meta.db_table
_COLUMNS = (
    "c.declaration_code, c.kind, c.level, c.status, c.occurred_at, "
    "e.name, e.corporate_number, e.identity_verified_at IS NOT NULL"
)
# The page of changes is cut first (a plain walk of an index), then joined: written as one join with the
# LIMIT outside, PostgreSQL plans a parallel scan whose workers alone cost 200 ms on a busy machine.
_PAGE_SQL_SQLITE = (
    f"SELECT 0, c.id, {_COLUMNS} "  # noqa: S608
    f"FROM (SELECT * FROM {_CHANGE} WHERE id > %s ORDER BY id LIMIT %s) c "
    f"LEFT JOIN {_ENTRY} e ON e.declaration_id = c.declaration_id ORDER BY c.id"
)
# PostgreSQL: a change with a lower id can commit after a higher one (a long import against a live
# withdrawal), so changes are ordered by (writing transaction, id) and only the rows of transactions that
# had finished when this statement's snapshot was taken are served. ``below`` is the oldest transaction
# still running then (other than this one), or the snapshot's xmax when none is: every transaction that
# can still commit has an id >= ``below``, so whatever it commits sorts after every row served now.
# A transaction also reads its own changes (``own``; the tests write and read in one transaction); the
# feed's readers (the API, the webhook fan-out) write none, so they never move past a running one.
_SNAPSHOT_CTE = (
    "WITH s AS (SELECT pg_current_snapshot() AS snap), "
    "b AS (SELECT COALESCE((SELECT min(x::text::bigint) FROM s, pg_snapshot_xip(s.snap) x), "
    "(SELECT pg_snapshot_xmax(snap)::text::bigint FROM s)) AS below, "
    "pg_current_xact_id_if_assigned()::text::bigint AS own) "
)
_OWN = "txid = (SELECT own FROM b) AND (SELECT own FROM b) >= (SELECT below FROM b)"
_PAGE_SQL_POSTGRESQL = (
    _SNAPSHOT_CTE + f"SELECT c.txid, c.id, {_COLUMNS} FROM ("  # noqa: S608
    f"SELECT * FROM ((SELECT * FROM {_CHANGE} WHERE (txid, id) > (%s, %s) AND txid < (SELECT below FROM b) "
    "ORDER BY txid, id LIMIT %s) "
    f"UNION ALL (SELECT * FROM {_CHANGE} WHERE {_OWN} AND (txid, id) > (%s, %s) ORDER BY txid, id LIMIT %s)"
    ") u ORDER BY txid, id LIMIT %s) c "
    f"LEFT JOIN {_ENTRY} e ON e.declaration_id = c.declaration_id ORDER BY c.txid, c.id"
)
_LAST_SQL_POSTGRESQL = (
    _SNAPSHOT_CTE + "SELECT txid, id FROM ("  # noqa: S608
    f"(SELECT txid, id FROM {_CHANGE} WHERE txid < (SELECT below FROM b) ORDER BY txid DESC, id DESC LIMIT 1) "
    f"UNION ALL (SELECT txid, id FROM {_CHANGE} WHERE {_OWN} ORDER BY txid DESC, id DESC LIMIT 1)"
    ") u ORDER BY txid DESC, id DESC LIMIT 1"
)

FeedPosition = tuple[int, int]
"""A position in the feed: (writing transaction, change id); the transaction is 0 on SQLite and for the
changes recorded before transactions were (registry migration 0005). (0, 0) is the beginning."""

FEED_START: FeedPosition = (0, 0)


@dataclass(frozen=True)
class ChangesPage:
    """Up to ``limit`` changes after a position: ``items`` in order, ``ids`` their change ids (same order),
    ``last`` the position to continue from (the one given when the page is empty), ``has_more``."""

    items: list[dict[str, Any]]
    ids: list[int]
    last: FeedPosition
    has_more: bool


def _iso(value: Any) -> str:
    """The UTC ISO 8601 text the API writes for a datetime (DjangoJSONEncoder's form: milliseconds, ``Z``).

    Formatted here rather than by the JSON encoder, whose per-value fallback costs a third of a 10,000-row
    page. A plain cursor skips Django's converters: SQLite gives naive UTC datetimes (or text), PostgreSQL
    aware ones.
    """
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    value = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    text = value.isoformat()
    if value.microsecond:
        text = text[:23] + text[26:]
    return text.removesuffix("+00:00") + "Z"


def registry_change_item(row: tuple[Any, ...]) -> dict[str, Any]:
    """One feed item from a row of ``_PAGE_SQL`` (without its id): the shape docs/api.md documents.

    ``organization`` is null when the declaration has left the public registry altogether.
    """
    code, kind, level, status, occurred_at, name, corporate_number, verified = row
    return {
        "declaration_id": code,
        "kind": kind,
        "level": level,
        "status": status,
        "occurred_at": _iso(occurred_at),
        "organization": None
        if name is None
        else {"name": name, "corporate_number": corporate_number or None},
        "identity_verified": bool(verified),
    }


def _postgresql() -> bool:
    return connection.vendor == "postgresql"


def registry_changes_page(after: FeedPosition, limit: int = FEED_LIMIT_DEFAULT) -> ChangesPage:
    """The changes with a position after ``after`` (``FEED_START`` = from the beginning), at most ``limit``.

    ``limit`` is clamped to 1..10,000. One query (one more row than asked tells whether more follow).
    On PostgreSQL a change is served only once every transaction that could still commit a change before
    it (in this order) has finished, so walking on from ``last`` never skips one (see the SQL above).
    """
    limit = max(1, min(limit, FEED_LIMIT_MAX))
    txid, change_id = after
    with connection.cursor() as cursor:
        if _postgresql():
            cursor.execute(
                _PAGE_SQL_POSTGRESQL, [txid, change_id, limit + 1, txid, change_id, limit + 1, limit + 1]
            )
        else:
            cursor.execute(_PAGE_SQL_SQLITE, [change_id, limit + 1])
        rows = cursor.fetchall()
    has_more = len(rows) > limit
    rows = rows[:limit]
    return ChangesPage(
        items=[registry_change_item(row[2:]) for row in rows],
        ids=[row[1] for row in rows],
        last=(int(rows[-1][0] or 0), rows[-1][1]) if rows else after,
        has_more=has_more,
    )


def registry_change_last_position() -> FeedPosition:
    """The position of the newest change the feed serves now (``FEED_START`` when there is none): where a
    new subscriber starts, so it receives every change served after it."""
    if _postgresql():
        with connection.cursor() as cursor:
            cursor.execute(_LAST_SQL_POSTGRESQL)
            row = cursor.fetchone()
        return (int(row[0]), int(row[1])) if row else FEED_START
    last = RegistryChange.objects.order_by("-id").values_list("id", flat=True).first()
    return (0, last or 0)


def registry_change_position(change_id: int) -> FeedPosition:
    """The feed position of the change ``change_id`` (a webhook delivery's ``event_id``); ``FEED_START`` for 0.

    A change the feed has served is committed, so its transaction id is final.
    """
    if not change_id:
        return FEED_START
    txid = RegistryChange.objects.filter(pk=change_id).values_list("txid", flat=True).first()
    return (int(txid or 0), change_id)
