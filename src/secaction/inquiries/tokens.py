"""The signed link that lets an inquirer without an account answer the office (docs/inquiries.md).

The token names one inquiry and the address it was sent to; it is valid for ``REPLY_LINK_DAYS`` days and is
not a log-in: it opens the reply form of that inquiry, nothing else.
"""

from __future__ import annotations

from django.core import signing

REPLY_LINK_DAYS = 90
_SALT = "secaction.inquiries.reply"


def reply_token_make(inquiry_id: int, email: str) -> str:
    return signing.dumps({"i": inquiry_id, "e": email.lower()}, salt=_SALT, compress=True)


def reply_token_read(token: str) -> tuple[int, str] | None:
    """(inquiry id, e-mail) of a valid, unexpired token; None otherwise."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=REPLY_LINK_DAYS * 86400)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("i"), int) or not isinstance(data.get("e"), str):
        return None
    return data["i"], data["e"]
