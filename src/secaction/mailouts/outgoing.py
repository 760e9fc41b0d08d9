"""The hot path of a mail-out's delivery: each recipient's message bytes and the SENT commit point.

Used by ``mailouts.services.delivery`` for every message of a batch, so what does not depend on the
recipient is prepared once per batch: the renderer (``mailouts.rendering.MailoutRenderer``), the direct
byte writer (``mailouts.mime.MessageWriter``) and the UPDATE of ``SentRecorder``, composed once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection

from .mime import MessageWriter
from .models import Mailout, Recipient
from .rendering import MailoutRenderer


def django_message(renderer: MailoutRenderer, recipient: Recipient) -> EmailMessage:
    rendered = renderer.render(
        email=recipient.email,
        name=recipient.name,
        language=recipient.language,
        organization_id=recipient.organization_id,
    )
    return EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers={**rendered.headers, "Message-ID": recipient.message_id},
    )


def message_builder(mailout: Mailout) -> Callable[[Recipient], bytes]:
    """A batch's message builder: bytes written directly (``mailouts.mime``), or built by Django's
    ``EmailMessage`` for what the direct writer does not cover; the same message either way."""
    renderer = MailoutRenderer(mailout)
    writer = MessageWriter(
        from_email=settings.DEFAULT_FROM_EMAIL, subject_prefix=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    )

    def build(recipient: Recipient) -> bytes:
        rendered = renderer.render(
            email=recipient.email,
            name=recipient.name,
            language=recipient.language,
            organization_id=recipient.organization_id,
        )
        data = writer.write(
            to=recipient.email,
            subject=rendered.subject,
            text=rendered.text,
            headers={**rendered.headers, "Message-ID": recipient.message_id},
        )
        if data is None:
            data = django_message(renderer, recipient).message().as_bytes(linesep="\r\n")
        return data

    return build


class SentRecorder:
    """The commit point of each message: one UPDATE in autocommit through the open connection.

    The same guarded write as the ORM's ``filter(pk=, claim_token=, status=SENDING).update(status=SENT, ...)``,
    but as SQL composed once and run on a cursor kept for the batch, so no query is compiled per message.
    """

    def __init__(self) -> None:
        meta = Recipient._meta
        quote = connection.ops.quote_name
        column = {field.name: quote(str(field.column)) for field in meta.concrete_fields}
        # Identifiers from the model's metadata, values as parameters: nothing user-supplied in the text.
        self.sql = (
            f"UPDATE {quote(meta.db_table)} SET {column['status']} = %s, {column['sent_at']} = %s, "  # noqa: S608
            f"{column['last_error']} = '' WHERE {column['id']} = %s "
            f"AND {column['claim_token']} = %s AND {column['status']} = %s"
        )
        self.cursor = connection.cursor()

    def close(self) -> None:
        self.cursor.close()

    def mark_sent(self, recipient: Recipient, token: str, now: Callable[[], dt.datetime]) -> bool:
        """Record the message as sent while this worker still holds its claim (the commit point)."""
        sent_at = connection.ops.adapt_datetimefield_value(now())
        self.cursor.execute(
            self.sql,
            [Recipient.Status.SENT.value, sent_at, recipient.pk, token, Recipient.Status.SENDING.value],
        )
        return self.cursor.rowcount == 1
