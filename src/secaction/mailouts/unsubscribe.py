"""One-click unsubscribe links: a signed address, no log-in and nothing stored per link.

The token is ``django.core.signing`` of the lower-cased address with its own salt, so a link works for
every mail-out the address received and cannot be forged for another address. The page
(``mailouts:unsubscribe``) and the ``List-Unsubscribe-Post`` endpoint add the address to ``Suppression``.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "secaction.mailouts.unsubscribe"


def unsubscribe_token(email: str) -> str:
    return signing.dumps(email.strip().lower(), salt=SALT, compress=True)


def unsubscribe_email(token: str) -> str | None:
    """The address a token was made for, or None when it was not made by this site."""
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, str) else None


def unsubscribe_url(email: str) -> str:
    """The absolute link printed in the footer and sent in ``List-Unsubscribe``."""
    return settings.SITE_URL.rstrip("/") + reverse("mailouts:unsubscribe", args=[unsubscribe_token(email)])
