"""Personal survey links: the token is derived, not stored (only its hash is, in ``Invitation.token_hash``).

``invitation_token`` is an HMAC of the survey and the address under ``SECRET_KEY``, so the mail-out
engine can rebuild each recipient's link when it sends (and again for a reminder) without keeping the
secret in the database; a leaked database gives no working link. Rotating ``SECRET_KEY`` invalidates
the links of surveys in the field (docs/surveys.md).
"""

from __future__ import annotations

import base64
import hashlib

from django.utils.crypto import salted_hmac

SALT = "secaction.surveys.invitation"


def invitation_token(survey_id: int, email: str) -> str:
    """The personal token of ``email`` for survey ``survey_id`` (43 URL-safe characters)."""
    digest = salted_hmac(SALT, f"{survey_id}:{email.strip().lower()}", algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def token_hash(token: str) -> str:
    """What ``Invitation.token_hash`` stores for ``token``."""
    return hashlib.sha256(token.encode()).hexdigest()
