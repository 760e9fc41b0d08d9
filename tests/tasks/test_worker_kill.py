"""A real worker SIGKILLed mid-batch loses no mail and sends none twice (issue 10, finding 2).

Runs ``manage.py db_worker`` processes against a file SQLite database and an aiosmtpd sink
(``tests/tasks/mail_kill.py``). The sink kills the worker during a transfer, so the worker dies holding
its claim on a mail the sink never accepted: without the sweeper and the claim timeout that mail stays
queued for ever and ``/healthz`` says ok.
"""

from __future__ import annotations

from pathlib import Path

from tests.tasks.mail_kill import run


def test_a_killed_worker_loses_no_mail_and_sends_none_twice(tmp_path: Path) -> None:
    outcome = run(tmp_path, mails=200, kills=1, kill_in_transaction=True)

    # Before the sweeper ran, health was honest: a task stuck running, a mail claimed by a dead worker.
    assert outcome.stuck_before_sweep["ok"] is False
    assert outcome.stuck_before_sweep["tasks"]["stuck"] == 1
    assert outcome.stuck_before_sweep["mail"]["sending"] == 1
    assert outcome.swept["stale_tasks"] == 1 and outcome.swept["requeued_mails"] == 1

    # Every mail exactly once at the sink, by Message-ID.
    assert (outcome.unique, outcome.missing, outcome.duplicates) == (200, 0, 0)
    assert outcome.received == 200
    assert outcome.statuses == {"sent": 200}
