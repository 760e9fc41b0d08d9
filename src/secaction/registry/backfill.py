"""Set-based SQL that fills the registry's change log and the entries' compact histories.

``registry_changes_backfill`` records the public changes of declarations that have none yet (the data
from before the change log existed), from their events where they have any, else from their own dates
(imported declarations have no events). ``registry_histories_refresh`` copies each declaration's changes
onto its entry's ``history``. Both work in ranges of declaration keys, a few statements per range, so a
million declarations cost a few hundred statements and never a query per row. Both are idempotent.

Raw SQL on the tables (not the ORM) because the data migration ``0006_backfill_history`` runs them too.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import connection as default_connection
from django.utils import timezone

from .history import history_pack

RANGE = 50_000

_CHANGE = "registry_registrychange"
_ENTRY = "registry_registryentry"
_DECL = "declarations_declaration"
_EVENT = "declarations_declarationevent"
_NO_CHANGES = f"NOT EXISTS (SELECT 1 FROM {_CHANGE} c WHERE c.declaration_id = d.id)"  # noqa: S608

# issued → started, upgraded/downgraded → level_changed, withdrawn/cancelled → ended; dated by the event.
_FROM_EVENTS = f"""
INSERT INTO {_CHANGE} (declaration_id, declaration_code, kind, level, status, occurred_at, recorded_at)
SELECT d.id, d.declaration_id,
       CASE ev.kind WHEN 'issued' THEN 'started' WHEN 'withdrawn' THEN 'ended' WHEN 'cancelled' THEN 'ended'
            ELSE 'level_changed' END,
       ev.level,
       CASE ev.kind WHEN 'withdrawn' THEN 'withdrawn' WHEN 'cancelled' THEN 'cancelled' ELSE 'active' END,
       ev.created_at, %s
FROM {_EVENT} ev JOIN {_DECL} d ON d.id = ev.declaration_id
WHERE d.id > %s AND d.id <= %s AND d.declaration_id IS NOT NULL
  AND ev.kind IN ('issued', 'upgraded', 'downgraded', 'withdrawn', 'cancelled')
  AND {_NO_CHANGES}
ORDER BY ev.created_at, ev.id
"""  # noqa: S608

# No events (imports): a start at declared_at at today's level and, if it ended, the end at ended_at.
# Run after _FROM_EVENTS in the same range, so "no changes yet" also means "no events".
_FROM_DATES = f"""
INSERT INTO {_CHANGE} (declaration_id, declaration_code, kind, level, status, occurred_at, recorded_at)
SELECT * FROM (
  SELECT d.id AS declaration_id, d.declaration_id AS declaration_code, 'started' AS kind, d.level AS level,
         'active' AS status, d.declared_at AS occurred_at, %s AS recorded_at
  FROM {_DECL} d
  WHERE d.id > %s AND d.id <= %s AND d.declaration_id IS NOT NULL AND d.declared_at IS NOT NULL
    AND d.status IN ('active', 'withdrawn', 'cancelled') AND {_NO_CHANGES}
  UNION ALL
  SELECT d.id, d.declaration_id, 'ended', d.level, d.status, COALESCE(d.ended_at, d.declared_at), %s
  FROM {_DECL} d
  WHERE d.id > %s AND d.id <= %s AND d.declaration_id IS NOT NULL AND d.declared_at IS NOT NULL
    AND d.status IN ('withdrawn', 'cancelled') AND {_NO_CHANGES}
) AS fresh
ORDER BY occurred_at, kind DESC
"""  # noqa: S608

_REFRESH_PG = f"""
UPDATE {_ENTRY} e SET history = h.history
FROM (
  SELECT declaration_id,
         jsonb_agg(jsonb_build_array(floor(extract(epoch FROM occurred_at))::bigint, level, status)
                   ORDER BY occurred_at, id) AS history
  FROM {_CHANGE} WHERE declaration_id > %s AND declaration_id <= %s GROUP BY declaration_id
) h
WHERE e.declaration_id = h.declaration_id
"""  # noqa: S608


def _max_key(cursor: Any, table: str, column: str) -> int:
    cursor.execute(f"SELECT MAX({column}) FROM {table}")  # noqa: S608
    row = cursor.fetchone()
    return int(row[0] or 0)


def registry_changes_backfill(connection: Any = default_connection, step: int = RANGE) -> int:
    """Record the changes of every declaration with an ID that has none yet; returns the rows added."""
    added = 0
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        top = _max_key(cursor, _DECL, "id")
        for lo in range(0, top, step):
            hi = lo + step
            cursor.execute(_FROM_EVENTS, [now, lo, hi])
            added += max(cursor.rowcount, 0)
            cursor.execute(_FROM_DATES, [now, lo, hi, now, lo, hi])
            added += max(cursor.rowcount, 0)
    return added


def registry_histories_refresh(connection: Any = default_connection, step: int = RANGE) -> None:
    """Copy every declaration's recorded changes onto its entry's ``history`` (entries without any keep theirs)."""
    with connection.cursor() as cursor:
        top = _max_key(cursor, _ENTRY, "declaration_id")
        for lo in range(0, top, step):
            if connection.vendor == "postgresql":
                cursor.execute(_REFRESH_PG, [lo, lo + step])
                continue
            # Elsewhere (SQLite: tests, small installations) the JSON is built here, one range at a time.
            cursor.execute(
                f"SELECT declaration_id, occurred_at, level, status FROM {_CHANGE} "  # noqa: S608
                "WHERE declaration_id > %s AND declaration_id <= %s ORDER BY declaration_id, occurred_at, id",
                [lo, lo + step],
            )
            grouped: dict[int, list[tuple[Any, str, str]]] = {}
            for declaration_id, occurred_at, level, status in cursor.fetchall():
                at = connection.ops.convert_datetimefield_value(occurred_at, None, connection)
                grouped.setdefault(declaration_id, []).append((at, level, status))
            cursor.executemany(
                f"UPDATE {_ENTRY} SET history = %s WHERE declaration_id = %s",  # noqa: S608
                [(_json(history_pack(points)), pk) for pk, points in grouped.items()],
            )


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))
