"""Fixed-window rate limits kept in Django's cache (Redis in production).

A limit is ``"<count>/<period>"`` with period ``s``, ``m``, ``h`` or ``d``
(``"120/m"``); ``None`` or ``""`` switches a scope off. Limits come from
``settings.API_RATE_LIMITS``; see docs/api.md. One cache ``incr`` per scope
and request (one round trip to Redis): cheap enough to leave on in the benchmark.

The cache must be shared by every server process (Redis, or the database cache
that production falls back to; see settings.CACHES and the system check
``secaction.W001``); with per-process memory each process would count on its own.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.http import HttpRequest

from secaction.core.clientip import client_ip_bucket
from secaction.core.ratelimit import window_count

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class RateLimited(Exception):
    """Raised when a client is over a limit; answered with 429 and ``Retry-After``."""

    def __init__(self, scope: str, retry_after: int) -> None:
        super().__init__(scope)
        self.scope = scope
        self.retry_after = retry_after


def rate_parse(rate: str | None) -> tuple[int, int] | None:
    """``"120/m"`` → (120, 60); ``None``/``""`` → None (no limit)."""
    if not rate:
        return None
    count, _, period = rate.partition("/")
    seconds = _PERIODS.get(period.strip()[:1].lower())
    if not count.strip().isdigit() or seconds is None:
        raise ValueError(f"bad rate {rate!r}: expected like '120/m'")
    return int(count), seconds


def client_address(request: HttpRequest) -> str:
    """The identity the per-address limit counts: ``secaction.core.clientip.client_ip_bucket``.

    The same client address log-in throttling uses, so the trusted-proxy settings
    (``TRUSTED_PROXY_COUNT`` / ``TRUSTED_CLIENT_IP_HEADER``) apply to both, and a
    forged ``X-Forwarded-For`` counts for nothing when no proxy is trusted.
    """
    return client_ip_bucket(request)


def rate_limit_hit(scope: str, ident: str, now: float | None = None) -> None:
    """Count one request of ``ident`` against ``scope``; raises ``RateLimited`` when over."""
    parsed = rate_parse(settings.API_RATE_LIMITS.get(scope))
    if parsed is None:
        return
    limit, period = parsed
    now = time.time() if now is None else now
    window = int(now // period)
    key = f"rl:{scope}:{ident}:{window}"
    count = window_count(key, period)
    if count > limit:
        raise RateLimited(scope, max(1, math.ceil((window + 1) * period - now)))


def rate_limit_address(request: HttpRequest) -> None:
    """Count ``request`` once against its client address's limit; raises ``RateLimited`` when over.

    Asking again for the same request (the lookup fast path first, then the
    endpoint it hands over to) neither counts again nor changes the verdict.
    """
    verdict = getattr(request, "_rate_limit_address_verdict", None)
    if verdict is None:
        try:
            rate_limit_hit("address", client_address(request))
            verdict = "ok"
        except RateLimited as exc:
            verdict = exc
        request._rate_limit_address_verdict = verdict  # type: ignore[attr-defined]
    if isinstance(verdict, RateLimited):
        raise verdict


def rate_limit(request: HttpRequest, *, key_id: int | None = None) -> None:
    """Apply the per-address limit, and the per-key limit when the request carries a key."""
    rate_limit_address(request)
    if key_id is not None:
        rate_limit_hit("key", str(key_id))
