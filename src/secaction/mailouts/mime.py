"""Message bytes of a mail-out written directly, without building an ``EmailMessage`` per recipient.

``MessageWriter.write`` returns the bytes that ``django.core.mail.EmailMessage(...).message().as_bytes()``
would give for the same subject, text, sender, recipient and headers, up to how the headers are encoded and
folded: parsed back with ``email.message_from_bytes`` they give the same headers (same names in the same
order, same decoded values) and the same text. The constant headers (``From``, the MIME headers, the
``Date`` of the current second) are computed once; the subject is RFC 2047-encoded per distinct subject;
the text goes as 8-bit UTF-8, as Django sends it.

``write`` returns None for what it does not cover exactly, and the caller then builds the message the
Django way: a text line longer than 998 bytes (Django switches to quoted-printable), a recipient address
or header value that is not plain ASCII or holds a line break (Django encodes or refuses it), text that
does not encode as UTF-8.
"""

from __future__ import annotations

import binascii
import re
import time
from email.utils import formatdate

from django.conf import settings
from django.core.mail.message import forbid_multi_line_headers

CRLF = b"\r\n"
LINE_LIMIT = 998  # RFC 5322; Django's RFC5322_EMAIL_LINE_LENGTH_LIMIT
# Characters per RFC 2047 encoded word: at most 4 UTF-8 bytes each, 40 bytes -> 56 base64 characters,
# 68 with the "=?utf-8?b?...?=" frame, under the limit of 75.
WORD_CHARACTERS = 10
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.@-]+\Z")
_PLAIN_VALUE = re.compile(r"[\x20-\x7e]*\Z")


def header_encode(value: str) -> str:
    """``value`` as is when it is printable ASCII, else as RFC 2047 base64 words, one per folded line."""
    if _PLAIN_VALUE.match(value) and len(value) < 900:
        return value
    words = []
    for start in range(0, len(value), WORD_CHARACTERS):
        chunk = value[start : start + WORD_CHARACTERS].encode("utf-8")
        words.append("=?utf-8?b?" + binascii.b2a_base64(chunk, newline=False).decode("ascii") + "?=")
    return "\r\n ".join(words)


class MessageWriter:
    """Writes the messages of one batch; ``subject_prefix`` is put before every subject (as the engine
    does with ``ACCOUNT_EMAIL_SUBJECT_PREFIX``)."""

    def __init__(self, *, from_email: str, subject_prefix: str = "") -> None:
        self.from_header = forbid_multi_line_headers("From", from_email, "utf-8")[1].encode("ascii")
        self.subject_prefix = subject_prefix
        self._subject: tuple[str, bytes] = ("", b"")
        self._date: tuple[int, bytes] = (-1, b"")

    def _subject_line(self, subject: str) -> bytes:
        if self._subject[0] != subject or not self._subject[1]:
            encoded = header_encode(self.subject_prefix + subject)
            self._subject = (subject, b"Subject: " + encoded.encode("ascii") + CRLF)
        return self._subject[1]

    def _date_line(self) -> bytes:
        second = int(time.time())
        if self._date[0] != second:
            self._date = (
                second,
                f"Date: {formatdate(second, localtime=settings.EMAIL_USE_LOCALTIME)}\r\n".encode(),
            )
        return self._date[1]

    def write(self, *, to: str, subject: str, text: str, headers: dict[str, str]) -> bytes | None:
        """The message bytes (CRLF line ends, no dot-stuffing), or None when Django must build this one.

        ``headers`` are the extra headers in order (``List-Unsubscribe``..., ``Message-ID``); they must not
        name ``From``, ``To``, ``Subject`` or ``Date``.
        """
        if not _PLAIN_ADDRESS.match(to):
            return None
        extra = []
        for name, value in headers.items():
            if not _PLAIN_VALUE.match(value) or len(value) > LINE_LIMIT - len(name) - 2:
                return None
            extra.append(f"{name}: {value}\r\n")
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        try:
            body = "\r\n".join(lines).encode("utf-8")
        except UnicodeEncodeError:
            return None
        if len(body) > LINE_LIMIT and max(map(len, body.split(CRLF))) > LINE_LIMIT:
            return None
        return b"".join(
            (
                b'Content-Type: text/plain; charset="utf-8"\r\n'
                b"MIME-Version: 1.0\r\n"
                b"Content-Transfer-Encoding: 8bit\r\n",
                self._subject_line(subject),
                b"From: ",
                self.from_header,
                CRLF,
                b"To: ",
                to.encode("ascii"),
                CRLF,
                self._date_line(),
                "".join(extra).encode("ascii"),
                CRLF,
                body,
            )
        )
