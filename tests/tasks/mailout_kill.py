"""Kill real mail-out workers mid-batch and count, by Message-ID, what an SMTP sink received (issue 13).

Used by ``tests/tasks/test_mailout_kill.py`` (2,000 recipients, kills at 30 % and 60 %) and
``bench/mailout.py`` (up to 300,000, with throughput, the smtplib ceiling and workers' peak RSS). Everything
runs as in production: a database migrated by ``manage.py migrate`` (a file SQLite database, or a throwaway
PostgreSQL database), ``manage.py db_worker --queue-name mailout`` processes, the SMTP backend talking to an
aiosmtpd sink on 127.0.0.1. Recipient rows are inserted directly (the build step is not under test) and
``mailout_deliveries_start`` queues the batch chains. The harness SIGKILLs one worker from outside when the
sink has received a share of the messages, at an arbitrary point of its batch, and starts a new one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from aiosmtpd.controller import Controller

from tests.tasks.portal import ManagedPortal, free_port


@dataclass
class IdSink:
    """aiosmtpd handler that records the Message-ID of every message it accepts (and nothing else)."""

    received: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    first_at: float = 0.0
    last_at: float = 0.0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        data = envelope.original_content or envelope.content
        head = data.split(b"\r\n\r\n", 1)[0]
        message_id = ""
        for line in head.split(b"\r\n"):
            if line[:11].lower() == b"message-id:":
                message_id = line[11:].strip().decode()
                break
        with self.lock:
            self.received.append(message_id)
            self.last_at = time.monotonic()
            self.first_at = self.first_at or self.last_at
        return "250 OK"

    def count(self) -> int:
        with self.lock:
            return len(self.received)


@contextmanager
def sink_started(sink: IdSink) -> Iterator[int]:
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@contextmanager
def throwaway_postgres(url: str, name: str) -> Iterator[str]:
    """A fresh PostgreSQL database ``name`` on the server of ``url``, dropped afterwards; yields its URL."""
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


SEED = """
from django.db import transaction
from secaction.accounts.models import User
from secaction.core.mail import mail_message_id
from secaction.mailouts.models import Mailout, Recipient
from secaction.mailouts.services import mailout_deliveries_start
count = {count}
staff = User.objects.create_user(email="office-kill@example.jp", password="pw-12345678!", is_staff=True)
mailout = Mailout.objects.create(created_by=staff, status="building", subject_ja="お知らせ {{name}}",
    body_ja="{{name}} 様\\nSECURITY ACTION のお知らせです。", rate_per_second={rate}, recipients_total=count)
for start in range(0, count, 5000):
    with transaction.atomic():
        Recipient.objects.bulk_create(Recipient(mailout=mailout, email=f"user{{i}}@example.jp",
            name=f"株式会社{{i}}", message_id=mail_message_id()) for i in range(start, min(count, start + 5000)))
with transaction.atomic():
    mailout_deliveries_start(mailout.pk)
print(mailout.pk)
"""


class Portal(ManagedPortal):
    """A portal installation: its database, environment, management commands and mail-out workers."""

    def __init__(
        self, database_url: str, smtp_port: int, *, claim_timeout: int, batch: int, sessions: int = 3
    ) -> None:
        self.database_url = database_url
        super().__init__(
            {
                "DATABASE_URL": database_url,
                "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}/?timeout=5",
                # Short so a dead worker's claims are taken back within the run.
                "MAILOUT_CLAIM_TIMEOUT_SECONDS": str(claim_timeout),
                "MAILOUT_BATCH_SIZE": str(batch),
                "MAILOUT_SMTP_SESSIONS": str(sessions),
            }
        )

    def manage(self, *args: str, timeout: int = 1800, **env: str) -> str:
        return super().manage(*args, timeout=timeout, **env)

    def worker(self) -> subprocess.Popen[bytes]:
        return self.spawn_worker("--queue-name", "mailout")

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.database_url.startswith("sqlite:///"):
            import sqlite3

            with sqlite3.connect(self.database_url.removeprefix("sqlite:///"), timeout=30) as conn:
                return list(conn.execute(sql))
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as conn:
            return list(conn.execute(sql).fetchall())


def rss_kib(pid: int) -> int:
    """Resident set size of a process from /proc, 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


@dataclass
class Outcome:
    recipients: int
    kills: int
    received: int
    unique: int
    duplicates: int
    missing: int
    statuses: dict[str, int]
    mailout_status: str
    send_seconds: float  # from the workers' start to DONE (includes their start-up and the kills' recovery)
    messages_per_second: float  # received / the time between the sink's first and last message
    peak_rss_mib: float
    seconds: float


def run(
    database_url: str,
    *,
    recipients: int,
    kill_at: Sequence[float] = (0.3, 0.6),
    workers: int = 2,
    claim_timeout: int = 3,
    batch: int = 100,
    rate: int = 100_000,
    timeout: float = 120,
    sessions: int = 3,
) -> Outcome:
    """Deliver a mail-out of ``recipients`` with ``workers`` workers, SIGKILL worker 0 (and restart it) when
    the sink has each share in ``kill_at``; wait for DONE; count at the sink."""
    started = time.monotonic()
    sink = IdSink()
    with sink_started(sink) as port:
        portal = Portal(database_url, port, claim_timeout=claim_timeout, batch=batch, sessions=sessions)
        try:
            portal.manage("migrate", "-v0")
            mailout_id = int(portal.python(SEED.format(count=recipients, rate=rate)).strip().splitlines()[-1])
            running = [portal.worker() for _ in range(workers)]
            send_started = time.monotonic()
            peak = 0
            pending_kills = sorted(kill_at)
            kills = 0
            deadline = time.monotonic() + timeout
            status = ""
            while time.monotonic() < deadline:
                peak = max([peak, *(rss_kib(p.pid) for p in running)])
                if pending_kills and sink.count() >= pending_kills[0] * recipients:
                    pending_kills.pop(0)
                    os.kill(running[0].pid, signal.SIGKILL)
                    running[0].wait(timeout=30)
                    running[0] = portal.worker()
                    kills += 1
                status = portal.query(f"SELECT status FROM mailouts_mailout WHERE id = {mailout_id}")[0][0]
                if status in ("done", "cancelled"):
                    break
                time.sleep(0.2)
            send_seconds = time.monotonic() - send_started
            expected = {mid for (mid,) in portal.query("SELECT message_id FROM mailouts_recipient")}
            statuses = Counter(s for (s,) in portal.query("SELECT status FROM mailouts_recipient"))
        finally:
            portal.stop()
    got = Counter(sink.received)
    return Outcome(
        recipients=recipients,
        kills=kills,
        received=sum(got.values()),
        unique=len(set(got) & expected),
        duplicates=sum(n - 1 for n in got.values()),
        missing=len(expected - set(got)),
        statuses=dict(statuses),
        mailout_status=status,
        send_seconds=round(send_seconds, 1),
        messages_per_second=round((sum(got.values()) - 1) / max(sink.last_at - sink.first_at, 1e-6), 1),
        peak_rss_mib=round(peak / 1024, 1),
        seconds=round(time.monotonic() - started, 1),
    )


CEILING_LOOP = """
import smtplib, sys, uuid
port, share, batch = map(int, sys.argv[1:4])
body = ("From: noreply@example.jp\\r\\nTo: {to}\\r\\nSubject: =?utf-8?b?44GK55+l44KJ44Gb?=\\r\\n"
        "Message-ID: <{mid}@example.jp>\\r\\nContent-Type: text/plain; charset=utf-8\\r\\n\\r\\n"
        + "SECURITY ACTION のお知らせです。本文の一行です。\\r\\n" * 12)
sent = 0
while sent < share:
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        for _ in range(min(batch, share - sent)):
            to = f"user{sent}@example.jp"
            smtp.sendmail("noreply@example.jp", [to], body.format(to=to, mid=uuid.uuid4().hex).encode())
            sent += 1
"""


def smtplib_ceiling(messages: int, *, connections: int = 2, batch: int = 100) -> float:
    """Messages per second the same kind of sink takes from a minimal ``smtplib`` loop (no database, no
    rendering): ``connections`` processes, like the workers, one session per ``batch`` messages."""
    sink = IdSink()
    share = messages // connections
    with sink_started(sink) as port:
        loops = [
            subprocess.Popen([sys.executable, "-c", CEILING_LOOP, str(port), str(share), str(batch)])
            for _ in range(connections)
        ]
        if any(loop.wait(timeout=1800) for loop in loops):
            raise RuntimeError("the smtplib loop failed")
    if sink.count() != share * connections:
        raise RuntimeError(f"the smtplib loop delivered {sink.count()} of {share * connections} messages")
    return round((sink.count() - 1) / (sink.last_at - sink.first_at), 1)
