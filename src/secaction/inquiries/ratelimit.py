"""The contact form's rate limit: fixed windows counted in Django's shared cache (Redis in production).

No third-party service: a sender may file ``INQUIRY_LIMIT_PER_EMAIL`` inquiries or replies an hour from one
e-mail address, and one client address (``core.clientip.client_ip_bucket``) ``INQUIRY_LIMIT_PER_IP``. Both
counters are counted on every attempt that reaches the service, so a bot cannot reset one by varying the other.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings

from secaction.core.ratelimit import window_count

WINDOW_SECONDS = 3600


def _hit(scope: str, ident: str, limit: int, now: float) -> bool:
    """Count one attempt; True while ``ident`` stays within ``limit`` in this window."""
    window = int(now // WINDOW_SECONDS)
    # Addresses are hashed: the cache is not a place for personal data.
    digest = hashlib.sha256(ident.strip().lower().encode()).hexdigest()[:32]
    key = f"inq:{scope}:{digest}:{window}"
    return window_count(key, WINDOW_SECONDS) <= limit


def inquiry_rate_allows(*, email: str, client_ip: str, now: float | None = None) -> bool:
    """Count one attempt from ``email`` and ``client_ip``; False when either is over its hourly limit."""
    now = time.time() if now is None else now
    by_email = _hit("email", email, settings.INQUIRY_LIMIT_PER_EMAIL, now)
    by_ip = _hit("ip", client_ip, settings.INQUIRY_LIMIT_PER_IP, now) if client_ip else True
    return by_email and by_ip
