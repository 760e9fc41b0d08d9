"""Fixed-window counters in Django's shared cache (Redis in production, or ``core.cache``'s database cache,
whose ``incr`` is atomic). Used by the API's limits (``api.ratelimit``) and the contact form's
(``inquiries.ratelimit``)."""

from __future__ import annotations

from django.core.cache import cache


def window_count(key: str, period: int) -> int:
    """Add one to the counter ``key`` of a window lasting ``period`` seconds and return it: one cache round
    trip, except for the window's first request (``incr`` of a missing key fails, then ``add`` creates it with
    its expiry; a rival that created it in between is counted on)."""
    for _attempt in range(3):
        try:
            return int(cache.incr(key))
        except ValueError:  # the window's first request (or its counter just expired)
            if cache.add(key, 1, timeout=period + 1):
                return 1
    return int(cache.incr(key))
