"""Fixed-window rate limits kept in Django's cache (Redis in production).

A limit is ``"<count>/<period>"`` with period ``s``, ``m``, ``h`` or ``d``
(``"120/m"``); ``None`` or ``""`` switches a scope off. Limits come from
``settings.API_RATE_LIMITS``; see docs/api.md. One cache ``incr`` per scope
and request: cheap enough to leave on in the benchmark.

With the default in-process cache each server process counts on its own; use
Redis (``REDIS_URL``) when more than one process serves the API.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

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
    """The client's address: ``REMOTE_ADDR``, or the header named by ``API_CLIENT_ADDRESS_HEADER``.

    Only set that header (e.g. ``HTTP_X_REAL_IP``) when a reverse proxy you run
    overwrites it; otherwise anyone could pick their own address.
    """
    header = getattr(settings, "API_CLIENT_ADDRESS_HEADER", "")
    if header and request.META.get(header):
        return str(request.META[header]).split(",")[0].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def rate_limit_hit(scope: str, ident: str, now: float | None = None) -> None:
    """Count one request of ``ident`` against ``scope``; raises ``RateLimited`` when over."""
    parsed = rate_parse(settings.API_RATE_LIMITS.get(scope))
    if parsed is None:
        return
    limit, period = parsed
    now = time.time() if now is None else now
    window = int(now // period)
    key = f"rl:{scope}:{ident}:{window}"
    if cache.add(key, 1, timeout=period + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=period + 1)
            count = 1
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
