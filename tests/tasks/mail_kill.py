"""Kill real mail workers mid-batch and count what an SMTP sink received (issue 10, finding 2).

Used by ``tests/tasks/test_worker_kill.py`` (200 mails, one kill) and ``bench/mail_kill.py`` (600 mails,
three kills). Everything runs as it does in production: a file SQLite database migrated by
``manage.py migrate``, ``manage.py db_worker`` processes, the SMTP backend talking to an aiosmtpd sink on
127.0.0.1. The sink records each accepted message's ``Message-ID``; the database says which Message-IDs
the portal meant to send.

Two ways to kill: ``kill_in_transaction`` makes the sink SIGKILL the worker while the message is being
transferred, before the sink accepts it (the worker dies holding its claim, the message is not received);
otherwise the harness kills the worker from outside once the sink has received a number of messages, at an
arbitrary moment (the bench: a kill after the sink accepted a message and before the worker recorded it can
lead to one resend with the same Message-ID, which a receiver can recognise).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from tests.tasks.portal import ManagedPortal, free_port


@dataclass
class Sink:
    """aiosmtpd handler: counts accepted Message-IDs; can kill a worker in the middle of a transfer."""

    delay: float = 0.002
    received: list[str] = field(default_factory=list)
    kill_pid: int | None = None  # SIGKILL this process when the next message is being transferred
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        headers = BytesHeaderParser().parsebytes(envelope.original_content or envelope.content)
        with self.lock:
            pid, self.kill_pid = self.kill_pid, None
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            return "451 4.3.0 worker gone"
        time.sleep(self.delay)  # a mail server takes a moment; gives a kill somewhere to land
        with self.lock:
            self.received.append(str(headers["Message-ID"]))
        return "250 OK"

    def count(self) -> int:
        with self.lock:
            return len(self.received)


class Portal(ManagedPortal):
    """A portal installation in ``directory``: its database, environment and management commands."""

    def __init__(self, directory: Path, smtp_port: int, *, timeout: int = 2) -> None:
        self.db = directory / "db.sqlite3"
        super().__init__(
            {
                "DATABASE_URL": f"sqlite:///{self.db}",
                "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}/?timeout=5",
                # Short timeouts so the sweeper takes back a dead worker's claim within the test.
                "MAIL_SENDING_TIMEOUT_SECONDS": str(timeout),
                "TASK_RUNNING_TIMEOUT_SECONDS": str(timeout),
            }
        )
        self.timeout = timeout

    def worker(self, *, batch: bool = False) -> subprocess.Popen[bytes]:
        return self.spawn_worker("--queue-name", "*", *(["--batch"] if batch else []))

    def queue_mails(self, count: int) -> None:
        self.python(
            "from django.db import transaction\n"
            "from secaction.core.services import mail_queue\n"
            "with transaction.atomic():\n"
            f"    for i in range({count}):\n"
            "        mail_queue(to=f'user{i}@example.jp', subject=f'お知らせ {i}', body_text='本文',"
            " language='ja', template='bench')\n"
        )

    def health(self) -> dict[str, Any]:
        out = self.python(
            "import json\nfrom secaction.core.selectors import health_get\nprint(json.dumps(health_get()))"
        )
        return dict(json.loads(out.strip().splitlines()[-1]))

    def sweep(self) -> dict[str, int]:
        out = self.python(
            "import json\nfrom secaction.core.services import mail_sweep_now\nprint(json.dumps(mail_sweep_now()))",
            MAIL_SWEEP_SECONDS="0",  # every mail due now and waited for by no task
        )
        return dict(json.loads(out.strip().splitlines()[-1]))

    def rows(self) -> list[tuple[str, str]]:
        with sqlite3.connect(self.db) as conn:
            return list(conn.execute("SELECT message_id, status FROM core_outgoingmail"))


@dataclass
class Outcome:
    mails: int
    kills: int
    received: int
    unique: int
    duplicates: int
    missing: int
    stuck_before_sweep: dict[str, Any]
    swept: dict[str, int]
    statuses: dict[str, int]
    seconds: float


def run(
    directory: Path, *, mails: int, kills: int, kill_in_transaction: bool, delay: float = 0.002
) -> Outcome:
    """Queue ``mails``, kill ``kills`` workers while they send, recover, and count at the sink."""
    started = time.monotonic()
    port = free_port()
    sink = Sink(delay=delay)
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    portal = Portal(directory, port)
    try:
        portal.manage("migrate", "-v0")
        portal.queue_mails(mails)
        for k in range(kills):
            worker = portal.worker()
            target = sink.count() + max(1, mails // (kills + 2))
            deadline = time.monotonic() + 60
            while sink.count() < target and worker.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
            if kill_in_transaction:
                with sink.lock:
                    sink.kill_pid = worker.pid
            else:
                os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
            if sink.kill_pid is not None:  # the worker ended before the next transfer
                sink.kill_pid = None
        portal.worker(batch=True).wait(timeout=120)  # the rest of the queue
        time.sleep(portal.timeout + 0.5)  # the dead workers' claims and tasks are now stale
        health = portal.health()
        swept = portal.sweep()
        portal.worker(batch=True).wait(timeout=120)  # delivers what the sweeper queued again
        expected = {mid for mid, _status in portal.rows()}
        got = Counter(sink.received)
        statuses = Counter(status for _mid, status in portal.rows())
        return Outcome(
            mails=mails,
            kills=kills,
            received=sum(got.values()),
            unique=len(set(got) & expected),
            duplicates=sum(n - 1 for n in got.values()),
            missing=len(expected - set(got)),
            stuck_before_sweep={"ok": health["ok"], "tasks": health["tasks"], "mail": health["mail"]},
            swept=swept,
            statuses=dict(statuses),
            seconds=round(time.monotonic() - started, 1),
        )
    finally:
        portal.stop()
        controller.stop()
