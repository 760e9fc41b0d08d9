"""Time the change-log backfill (data migration registry 0006) on the database in DATABASE_URL.

With ``--reset`` it first puts the database back in the state before the change log existed: every
``RegistryChange`` row deleted and every entry's ``history`` cleared (a large UPDATE, not timed). It then runs
the two steps of the migration, ``registry_changes_backfill`` and ``registry_histories_refresh``, each timed,
runs the backfill a second time to show it is idempotent, and checks a sample of answers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_bench python bench/backfill_history.py --reset

Peak memory of the process: run it under ``/usr/bin/time -v`` (Maximum resident set size).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secaction.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from secaction.registry.backfill import registry_changes_backfill, registry_histories_refresh  # noqa: E402


def _count(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return int(cursor.fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reset", action="store_true", help="delete the change log and the histories first")
    args = parser.parse_args()
    if args.reset:
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE registry_registrychange")
            cursor.execute("UPDATE registry_registryentry SET history = NULL WHERE history IS NOT NULL")
            if connection.vendor == "postgresql":
                cursor.execute("VACUUM ANALYZE registry_registryentry")
        print(f"reset (not part of the backfill): {time.monotonic() - started:.1f} s")
    declarations = _count("SELECT COUNT(*) FROM declarations_declaration WHERE declaration_id IS NOT NULL")
    events = _count("SELECT COUNT(*) FROM declarations_declarationevent")
    print(f"declarations with an ID: {declarations:,}; events: {events:,}")

    started = time.monotonic()
    with transaction.atomic():
        added = registry_changes_backfill(connection)
    backfill = time.monotonic() - started
    print(f"registry_changes_backfill: {added:,} changes in {backfill:.1f} s")

    started = time.monotonic()
    with transaction.atomic():
        registry_histories_refresh(connection)
    refresh = time.monotonic() - started
    print(f"registry_histories_refresh: {refresh:.1f} s")

    started = time.monotonic()
    again = registry_changes_backfill(connection)
    print(f"second backfill (idempotent): {again:,} changes in {time.monotonic() - started:.1f} s")
    without = _count(
        "SELECT COUNT(*) FROM registry_registryentry WHERE history IS NULL AND status <> 'pending'"
    )
    print(f"entries (not pending) without a history: {without:,}")
    print(f"total: {backfill + refresh:.1f} s")


if __name__ == "__main__":
    main()
