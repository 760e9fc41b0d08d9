"""A mail-out survives SIGKILLed workers: every message reaches the sink exactly once (issue 13).

Runs real ``manage.py db_worker --queue-name mailout`` processes against a migrated database and an aiosmtpd
sink (``tests/tasks/mailout_kill.py``): 2,000 recipients, two workers, one of them SIGKILLed from outside when
the sink has 30 % and again at 60 %, and restarted. The killed worker dies in the middle of a batch holding
claims; its message in transfer (body sent, no final dot) is discarded by the server, its claims are taken
back after the claim timeout and sent once. On SQLite always; on PostgreSQL too when the suite runs with a
PostgreSQL ``DATABASE_URL`` (a throwaway database is created for it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.tasks.mailout_kill import run, throwaway_postgres

RECIPIENTS = 2000
POSTGRES_URL = os.environ.get("DATABASE_URL", "")


def _check(outcome) -> None:  # type: ignore[no-untyped-def]
    assert outcome.kills == 2
    assert outcome.mailout_status == "done"
    assert (outcome.unique, outcome.missing, outcome.duplicates) == (RECIPIENTS, 0, 0)
    assert outcome.received == RECIPIENTS
    assert outcome.statuses == {"sent": RECIPIENTS}
    assert outcome.seconds < 90


def test_killed_mailout_workers_lose_nothing_and_send_nothing_twice_sqlite(tmp_path: Path) -> None:
    _check(run(f"sqlite:///{tmp_path / 'db.sqlite3'}", recipients=RECIPIENTS))


@pytest.mark.skipif(
    not POSTGRES_URL.startswith("postgres"),
    reason="the PostgreSQL pass of this test runs when the suite runs with a postgres:// DATABASE_URL",
)
def test_killed_mailout_workers_lose_nothing_and_send_nothing_twice_postgresql() -> None:
    with throwaway_postgres(POSTGRES_URL, f"mailout_kill_{os.getpid()}") as url:
        _check(run(url, recipients=RECIPIENTS))
