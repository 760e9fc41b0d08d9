"""The final-dot guardian: closes the last window of the two-phase send (docs/mail-outs.md, "Delivery").

``TwoPhaseSMTP`` records SENT before it writes the final dot. A worker SIGKILLed after the database committed
that UPDATE and before its own write of the dot (the reply's way back from the database plus scheduling: a
millisecond or more on a loaded host) would leave a message recorded as sent that the server discards.

``DotGuardian`` forks a small process per batch that holds a copy of the batch's SMTP sockets (one per
session, ``MAILOUT_SMTP_SESSIONS``) and a pipe from the worker. Before each message the worker writes the
session's number, the recipient's id and the claim token into the pipe. When the pipe reaches end-of-file
without the worker's "done" (the worker died), the guardian settles, for each session, the message armed
last on it with a conditional UPDATE that races fairly against the worker's own SENT commit on the same
row: if it takes the claim first, the message is not SENT (it will be claimed again and sent once) and the
guardian drops the connection so the server discards it; if the worker's SENT commit won, the guardian
writes the final dot itself on its copy of the socket, so the server accepts the message once. A dot the
worker had already written makes the guardian's one an unknown command, which the server refuses.

Plain-text SMTP only: a TLS session's state cannot be shared between two processes, so with TLS there is
no guardian and the narrow window remains.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, connections

from .models import Recipient
from .smtp import TwoPhaseSMTP

DONE = b"done\n"


class DotGuardian:
    """One guardian process for the SMTP sessions of one batch; ``arm`` before each message, ``close`` after.

    ``socks[lane]`` is the socket of the batch's session number ``lane``. Sessions may send from several
    threads: each ``arm`` is one write of less than ``PIPE_BUF`` bytes, which the pipe keeps whole.
    """

    def __init__(self, socks: Sequence[socket.socket]) -> None:
        read_end, self._write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the guardian
            os.close(self._write_end)
            try:
                _guard(read_end, list(socks))
            finally:
                os._exit(0)  # no atexit, no finalisers: the worker's connections stay untouched
        os.close(read_end)

    def arm(self, lane: int, recipient_id: int, token: str) -> None:
        os.write(self._write_end, f"{lane} {recipient_id} {token}\n".encode())

    def close(self) -> None:
        try:
            os.write(self._write_end, DONE)
        finally:
            os.close(self._write_end)
            os.waitpid(self.pid, 0)


def _guard(read_end: int, socks: list[socket.socket]) -> None:
    # The worker's database connections were copied by fork and must never be used nor closed here (closing
    # would end the worker's session): keep them referenced and let Django open fresh ones.
    inherited = [(alias.connection, alias) for alias in connections.all(initialized_only=True)]
    for _old, alias in inherited:
        alias.connection = None
    armed: dict[int, str] = {}  # lane -> "recipient_id token" of the message it armed last
    buffer = b""
    while True:
        chunk = os.read(read_end, 4096)
        if not chunk:
            break
        buffer += chunk
        lines = buffer.split(b"\n")
        buffer = lines.pop()
        for line in lines:
            if line + b"\n" == DONE:
                return  # the batch ended normally
            number, message = line.decode().split(" ", 1)
            armed[int(number)] = message
    for lane, last in armed.items():
        _settle(last, socks[lane])


def _settle(armed: str, sock: socket.socket) -> None:
    """The worker died with ``armed`` in flight: take the claim, or finish the message it committed."""
    recipient_id, token = armed.split()
    took = Recipient.objects.filter(
        pk=int(recipient_id), claim_token=token, status=Recipient.Status.SENDING
    ).update(claim_token=uuid.uuid4().hex)
    if (
        not took
        and Recipient.objects.filter(
            pk=int(recipient_id), claim_token=token, status=Recipient.Status.SENT
        ).exists()
    ):
        try:
            sock.sendall(b".\r\n")
            sock.settimeout(30)
            sock.recv(512)  # the server's reply: the message is in its hands before the connection goes
        except OSError:
            pass
    sock.close()


@contextmanager
def dot_guardian(sessions: Sequence[TwoPhaseSMTP]) -> Iterator[Callable[[int, int, str], None]]:
    """A ``DotGuardian`` for plain-text sessions (yields its ``arm``); with TLS, an ``arm`` that does nothing."""
    socks = [session.smtp.sock for session in sessions]
    if settings.EMAIL_USE_SSL or settings.EMAIL_USE_TLS or any(sock is None for sock in socks):
        yield lambda lane, recipient_id, token: None
        return
    guardian = DotGuardian([sock for sock in socks if sock is not None])
    try:
        yield guardian.arm
    finally:
        guardian.close()


@contextmanager
def commits_without_flush_wait() -> Iterator[None]:
    """On PostgreSQL, the batch's SENT commits return before the WAL is flushed to disk.

    Safe for the guarantee: the commit is already visible to every session, and a worker's death (the failure
    the two-phase send is about) cannot undo it; only a crash of the database server itself within a few
    hundred milliseconds (``wal_writer_delay`` x 3) could, and then the row reverts to claimed and is sent
    again after the claim timeout: a duplicate of those last messages, never a loss. It saves one disk flush
    per message.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")
