"""Personal survey links: the token is derived, not stored (only its hash is, in ``Invitation.token_hash``).

``invitation_token`` is an HMAC of the survey and the address under ``SECRET_KEY``, so the mail-out
engine can rebuild each recipient's link when it sends (and again for a reminder) without keeping the
secret in the database; a leaked database gives no working link. Rotating ``SECRET_KEY`` invalidates
the links of surveys in the field (docs/surveys.md).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac

from django.conf import settings

SALT = "secaction.surveys.invitation"


@functools.cache
def _keyed(secret: str) -> hmac.HMAC:
    """The HMAC keyed as ``django.utils.crypto.salted_hmac(SALT, ..., algorithm="sha256")`` keys it, once
    per secret: an invitation build derives 300,000 tokens, and deriving the key each time doubled the cost."""
    key = hashlib.sha256((SALT + secret).encode()).digest()
    return hmac.new(key, digestmod=hashlib.sha256)


def invitation_token(survey_id: int, email: str) -> str:
    """The personal token of ``email`` for survey ``survey_id`` (43 URL-safe characters)."""
    mac = _keyed(settings.SECRET_KEY).copy()
    mac.update(f"{survey_id}:{email.strip().lower()}".encode())
    return base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()


def token_hash(token: str) -> str:
    """What ``Invitation.token_hash`` stores for ``token``."""
    return hashlib.sha256(token.encode()).hexdigest()
