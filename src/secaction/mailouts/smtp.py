"""A two-phase SMTP client for mail-outs: the message is transferred, the database is told, then the
final dot is sent (docs/mail-outs.md, "Delivery", "Delivery guarantees").

``smtplib.SMTP.sendmail`` sends the body and the terminating ``CRLF.CRLF`` in one write, so a worker killed
between the server's ``250`` and its own database update leaves a message the server accepted but the
portal will send again. ``TwoPhaseSMTP.send`` splits the ``DATA`` phase instead: after the body (without
the terminator) it calls ``commit()``; only when that returns does it send the terminator and read the reply.
A server discards a message whose connection drops before the terminator (RFC 5321, 4.1.1.4), so a kill
before the commit costs nothing but a resend. What is left is the interval between the commit and the
worker's own write of the dot; a worker killed there is covered by ``mailouts.guardian.DotGuardian``
(plain-text sessions), which finishes the message.

Connection settings are Django's ``EMAIL_*`` settings, as the core mail service uses them.
"""

from __future__ import annotations

import re
import smtplib
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

from django.conf import settings

CRLF = b"\r\n"
# An address smtplib's ``quoteaddr`` would return unchanged inside <...>: the envelope command is written
# directly, without its per-call address parsing (a tenth of a millisecond per message).
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+\Z")


@dataclass(frozen=True)
class SmtpReply:
    code: int
    text: str

    @property
    def permanent(self) -> bool:
        return 500 <= self.code < 600

    @property
    def ok(self) -> bool:
        return 200 <= self.code < 300

    def __str__(self) -> str:
        return f"{self.code} {self.text}"[:500]


class SmtpRejected(Exception):
    """The server refused the envelope (MAIL or RCPT); nothing was transferred, the session goes on."""

    def __init__(self, stage: str, reply: SmtpReply) -> None:
        super().__init__(f"{stage}: {reply}")
        self.stage = stage  # "mail", "rcpt" or "data"
        self.reply = reply


class TerminatorUnsent(smtplib.SMTPServerDisconnected):
    """Writing the final dot failed after the commit: the server cannot have accepted the message."""


def smtp_backend_in_use() -> bool:
    """Whether Django sends mail over SMTP here (else the engine uses Django's backend message by message)."""
    return bool(settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend")


def _decode(text: bytes | str) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)


def body_bytes(message: bytes) -> bytes:
    """``message`` (CRLF line ends) dot-stuffed and ending with CRLF, as ``smtplib`` sends it, without the
    terminator."""
    data = smtplib._quote_periods(message)  # type: ignore[attr-defined]
    return bytes(data if data.endswith(CRLF) else data + CRLF)


class TwoPhaseSMTP:
    """One SMTP session (connection reuse across a batch); ``send`` transfers one message in two phases."""

    def __init__(self) -> None:
        host, port, timeout = settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT
        self.smtp: smtplib.SMTP
        if settings.EMAIL_USE_SSL:
            self.smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
        else:
            self.smtp = smtplib.SMTP(host, port, timeout=timeout)
        # The final dot is a separate 3-byte write after the body: with Nagle's algorithm it would wait for the
        # server's (delayed) ACK of the body, about 40 ms per message.
        if self.smtp.sock is not None:
            self.smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if not settings.EMAIL_USE_SSL and settings.EMAIL_USE_TLS:
            self.smtp.starttls(context=ssl.create_default_context())
        self.in_data = False
        if settings.EMAIL_HOST_USER:
            self.smtp.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)

    def __enter__(self) -> TwoPhaseSMTP:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """QUIT politely; a session broken or left inside DATA (no dot sent) is simply dropped."""
        if self.in_data:  # a QUIT now would be read as message text; dropping makes the server discard it
            self.smtp.close()
            return
        try:
            self.smtp.quit()
        except (smtplib.SMTPException, OSError):
            self.smtp.close()

    def _command(self, verb: str, keyword: str, address: str) -> tuple[int, bytes]:
        """``MAIL FROM:<address>`` or ``RCPT TO:<address>`` and its reply, as ``smtplib.SMTP.mail`` / ``rcpt``
        send them (no ESMTP options); other addresses go through smtplib itself."""
        if not _PLAIN_ADDRESS.match(address):
            return self.smtp.mail(address) if verb == "mail" else self.smtp.rcpt(address)
        self.smtp.putcmd(verb, f"{keyword}:<{address}>")
        return self.smtp.getreply()

    def _envelope(self, sender: str, recipient: str) -> None:
        self.smtp.ehlo_or_helo_if_needed()  # once per session
        code, text = self._command("mail", "FROM", sender)
        if code != 250:
            self.smtp.rset()
            raise SmtpRejected("mail", SmtpReply(code, _decode(text)))
        code, text = self._command("rcpt", "TO", recipient)
        if code not in (250, 251):
            self.smtp.rset()
            raise SmtpRejected("rcpt", SmtpReply(code, _decode(text)))

    def send(self, sender: str, recipient: str, message: bytes, commit: Callable[[], bool]) -> SmtpReply:
        """Transfer ``message``; call ``commit()`` before the terminator; return the server's final reply.

        ``commit`` records the message as sent and returns whether it could (its claim still held). When it
        returns False the terminator is never sent: the connection is dropped so the server discards the
        message, and ``SMTPServerDisconnected`` is raised. Raises ``SmtpRejected`` for a refused envelope
        (the session goes on), ``TerminatorUnsent`` when the dot could not be written after the commit, and
        ``smtplib.SMTPException`` / ``OSError`` when the session breaks before the commit (nothing accepted).
        """
        self._envelope(sender, recipient)
        self.smtp.putcmd("data")
        code, text = self.smtp.getreply()
        if code != 354:
            self.smtp.rset()
            raise SmtpRejected("data", SmtpReply(code, _decode(text)))
        self.in_data = True
        self.smtp.send(body_bytes(message))
        if not commit():
            self.smtp.close()
            raise smtplib.SMTPServerDisconnected("claim lost before the terminator; message abandoned")
        try:
            self.smtp.send(b"." + CRLF)
            self.in_data = False
        except (smtplib.SMTPException, OSError) as exc:
            raise TerminatorUnsent(str(exc)) from exc
        try:
            code, text = self.smtp.getreply()
        except (smtplib.SMTPException, OSError) as exc:
            # The dot left; whether the server kept the message is unknown. Code 0 tells the caller to keep
            # the row SENT: a resend could deliver it twice (RFC 5321, 4.1.1.4), at most once is the rule.
            return SmtpReply(0, f"no reply after the final dot: {exc}")
        return SmtpReply(code, _decode(text))
