"""The sweeper in a real ``manage.py db_worker`` process: a mail-out whose every chain died is finished.

``manage.py migrate`` starts the sweeper (post_migrate receiver); the mail-out is seeded SENDING as
``tests/tasks/mailout_kill.py`` does, then every batch task it queued is marked FAILED (an error ended each
chain) and some recipients are left claimed by a worker that is gone. Nothing but the sweeper can move it;
the worker must still deliver every message exactly once and finish it.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

from tests.tasks.mailout_kill import SEED, IdSink, Portal, sink_started

RECIPIENTS = 60
TASKS = "django_tasks_database_dbtaskresult"
SWEEP = "secaction.mailouts.tasks_sweep.mailouts_sweep"


def test_the_sweeper_restarts_a_mailout_whose_chains_all_died(tmp_path: Path) -> None:
    sink = IdSink()
    with sink_started(sink) as port:
        portal = Portal(f"sqlite:///{tmp_path / 'db.sqlite3'}", port, claim_timeout=2, batch=10)
        portal.env["MAILOUT_SWEEP_SECONDS"] = "1"
        try:
            portal.manage("migrate", "-v0")
            assert portal.query(f"SELECT count(*) FROM {TASKS} WHERE task_path = '{SWEEP}'") == [(1,)]
            mailout_id = int(portal.python(SEED.format(count=RECIPIENTS, rate=1000)).strip().splitlines()[-1])
            portal.query(
                f"UPDATE {TASKS} SET status = 'FAILED' "
                "WHERE task_path = 'secaction.mailouts.tasks.mailout_batch_send'"
            )
            portal.query(
                "UPDATE mailouts_recipient SET status = 'sending', claim_token = 'gone', "
                "claimed_at = strftime('%Y-%m-%d %H:%M:%f', 'now'), attempts = 1 WHERE id % 6 = 0"
            )
            portal.worker()
            deadline = time.monotonic() + 40
            status = ""
            while time.monotonic() < deadline and status != "done":
                time.sleep(0.2)
                status = portal.query(f"SELECT status FROM mailouts_mailout WHERE id = {mailout_id}")[0][0]
            expected = {mid for (mid,) in portal.query("SELECT message_id FROM mailouts_recipient")}
            sweeps = [
                json.loads(value)
                for (value,) in portal.query(
                    f"SELECT return_value FROM {TASKS} WHERE task_path = '{SWEEP}' AND status = 'SUCCESSFUL'"
                )
            ]
        finally:
            portal.stop()
    assert status == "done"
    got = Counter(sink.received)
    assert set(got) == expected and len(expected) == RECIPIENTS
    assert max(got.values()) == 1  # nothing twice
    # At least once (a batch slowed past the short claim timeout could make a later sweep add chains too).
    assert sum(sweep["chains_restarted"] for sweep in sweeps) >= 1
