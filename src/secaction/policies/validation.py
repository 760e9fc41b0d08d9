"""Pure validation for the handbook-acknowledgement form."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

MAX_ADDRESSES_PER_SEND = 200
REMIND_INTERVAL = dt.timedelta(hours=24)

_SEPARATORS = re.compile(r"[\s,;、,;]+")


def emails_parse(text: str) -> tuple[list[str], list[str]]:
    """Split pasted addresses into (valid, invalid).

    Commas, semicolons (also full-width), spaces and newlines separate
    addresses; "Name <a@b>" forms are not supported and land in invalid.
    Valid addresses are lower-cased and de-duplicated in first-seen order.
    """
    valid: list[str] = []
    invalid: list[str] = []
    for token in _SEPARATORS.split(text or ""):
        token = token.strip()
        if not token:
            continue
        address = token.lower()
        try:
            validate_email(address)
        except ValidationError:
            if token not in invalid:
                invalid.append(token)
            continue
        if address not in valid:
            valid.append(address)
    return valid, invalid


def remind_allowed(
    *, confirmed_at: dt.datetime | None, last_sent_at: dt.datetime | None, now: dt.datetime
) -> bool:
    """A reminder may go to an unconfirmed recipient at most once per ``REMIND_INTERVAL``."""
    if confirmed_at is not None:
        return False
    return last_sent_at is None or now - last_sent_at >= REMIND_INTERVAL
