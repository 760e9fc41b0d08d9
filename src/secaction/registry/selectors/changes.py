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
# The page of changes is cut first (a plain walk of the primary key), then joined: written as one join with
# the LIMIT outside, PostgreSQL plans a parallel scan whose workers alone cost 200 ms on a busy machine.
_PAGE_SQL = (
    "SELECT c.id, c.declaration_code, c.kind, c.level, c.status, c.occurred_at, "  # noqa: S608
    "e.name, e.corporate_number, e.identity_verified_at IS NOT NULL "
    f"FROM (SELECT * FROM {_CHANGE} WHERE id > %s ORDER BY id LIMIT %s) c "
    f"LEFT JOIN {_ENTRY} e ON e.declaration_id = c.declaration_id ORDER BY c.id"
)


@dataclass(frozen=True)
class ChangesPage:
    """Up to ``limit`` changes after a position: ``items`` in order, ``ids`` their positions (same order),
    ``last_id`` the position to continue from (the one given when the page is empty), ``has_more``."""

    items: list[dict[str, Any]]
    ids: list[int]
    last_id: int
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


def registry_changes_page(after_id: int, limit: int = FEED_LIMIT_DEFAULT) -> ChangesPage:
    """The changes with a position after ``after_id`` (0 = from the beginning), at most ``limit``.

    ``limit`` is clamped to 1..10,000. One query (one more row than asked tells whether more follow).
    """
    limit = max(1, min(limit, FEED_LIMIT_MAX))
    with connection.cursor() as cursor:
        cursor.execute(_PAGE_SQL, [after_id, limit + 1])
        rows = cursor.fetchall()
    has_more = len(rows) > limit
    rows = rows[:limit]
    return ChangesPage(
        items=[registry_change_item(row[1:]) for row in rows],
        ids=[row[0] for row in rows],
        last_id=rows[-1][0] if rows else after_id,
        has_more=has_more,
    )


def registry_change_last_id() -> int:
    """The position of the newest change (0 when there is none): where a new subscriber starts."""
    last = RegistryChange.objects.order_by("-id").values_list("id", flat=True).first()
    return last or 0
