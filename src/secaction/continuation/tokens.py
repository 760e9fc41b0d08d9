"""The signed one-click link of a reminder: it names (mail-out, organisation), i.e. one ``Reminder``."""

from __future__ import annotations

from django.conf import settings
from django.core import signing

SALT = "secaction.continuation.confirm"


def confirm_token(mailout_id: int, organization_id: int) -> str:
    """A URL-safe token for the reminder of ``organization_id`` in mail-out ``mailout_id``."""
    return signing.dumps([mailout_id, organization_id], salt=SALT, compress=True)


def confirm_token_read(token: str) -> tuple[int, int] | None:
    """(mailout_id, organization_id) of a valid token; None when tampered, malformed or older than
    ``CONTINUATION_LINK_MAX_AGE_DAYS``."""
    try:
        value = signing.loads(token, salt=SALT, max_age=settings.CONTINUATION_LINK_MAX_AGE_DAYS * 86400)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        return None
    return value[0], value[1]
