"""One-time codes and rate limits for taking over an imported declaration. Pure functions, no database.

The services (``identity.services``) read the rows and the clock and ask these functions what to do, so
the rules (how a code is made and compared, when it expires, how many tries and requests are allowed,
how an address is shown masked) are tested exhaustively without HTTP (tests/identity/test_claim_codes.py).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterable

from django.utils.crypto import constant_time_compare, salted_hmac

from secaction.core.text import number_compact

CODE_DIGITS = 6
CODE_LIFETIME = dt.timedelta(minutes=15)
CODE_MAX_ATTEMPTS = 5
RATE_WINDOW = dt.timedelta(hours=1)
# Codes per hour: for one declaration, for one contact address (several declarations may share it),
# and for one signed-in person (who might try many declaration IDs).
CODES_PER_DECLARATION = 3
CODES_PER_ADDRESS = 3
CODES_PER_USER = 5

_HMAC_SALT = "secaction.identity.claim-code"


def code_generate(randbelow: Callable[[int], int] = secrets.randbelow) -> str:
    """A random code of ``CODE_DIGITS`` digits (leading zeros kept)."""
    return str(randbelow(10**CODE_DIGITS)).zfill(CODE_DIGITS)


def code_normalize(value: str) -> str:
    """What a person typed, folded to ASCII digits (full-width digits, spaces and hyphens tolerated)."""
    return number_compact(value or "")


def code_hash(code: str, *, declaration_pk: int, user_pk: int) -> str:
    """The stored form of a code: an HMAC with the secret key, bound to the declaration and the person.

    Binding to the person means a code read by someone else (a shared mailbox, a staff member reading
    the outgoing-mail copy) does not work from their account.
    """
    return salted_hmac(_HMAC_SALT, f"{declaration_pk}:{user_pk}:{code}", algorithm="sha256").hexdigest()


def code_matches(typed: str, stored_hash: str, *, declaration_pk: int, user_pk: int) -> bool:
    """Whether ``typed`` is the code whose hash is ``stored_hash`` (constant-time comparison)."""
    typed = code_normalize(typed)
    if len(typed) != CODE_DIGITS or not typed.isdigit():
        return False
    return constant_time_compare(
        code_hash(typed, declaration_pk=declaration_pk, user_pk=user_pk), stored_hash
    )


def code_expires_at(created_at: dt.datetime) -> dt.datetime:
    return created_at + CODE_LIFETIME


def code_is_expired(expires_at: dt.datetime, now: dt.datetime) -> bool:
    """A code is valid up to, not including, its expiry instant."""
    return now >= expires_at


def attempts_left(attempts: int) -> int:
    return max(CODE_MAX_ATTEMPTS - attempts, 0)


def rate_limit_wait(
    sent_at: Iterable[dt.datetime], limit: int, now: dt.datetime, window: dt.timedelta = RATE_WINDOW
) -> dt.timedelta | None:
    """How long to wait before one more code may be sent, or None when it may be sent now.

    ``sent_at`` are the times earlier codes were sent. At most ``limit`` fall in any ``window``: when the
    window ending now is full, the wait is until the oldest of them leaves it.
    """
    recent = sorted(t for t in sent_at if now - window < t <= now)
    if len(recent) < limit:
        return None
    return recent[-limit] + window - now


def minutes_ceil(wait: dt.timedelta) -> int:
    """A wait in whole minutes, rounded up (at least 1): what the person is told."""
    seconds = max(int(wait.total_seconds()), 0)
    return max((seconds + 59) // 60, 1)


def email_mask(address: str) -> str:
    """``taro@example.co.jp`` → ``t***@e***.jp``: enough for the owner to recognise, not to learn it."""
    local, at, domain = (address or "").strip().rpartition("@")
    if not at or not local or not domain:
        return "***"
    tld = domain.rsplit(".", 1)[-1] if "." in domain else ""
    masked_domain = f"{domain[0]}***" + (f".{tld}" if tld else "")
    return f"{local[0]}***@{masked_domain}"
