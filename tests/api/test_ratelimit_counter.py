"""The fixed-window counter of ``api.ratelimit``: one cache ``incr`` per request once the window exists."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from secaction.api.ratelimit import RateLimited, rate_limit_hit
from secaction.core.ratelimit import window_count


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "address": "3/m"}
    cache.clear()
    yield
    cache.clear()


def test_the_window_counts_every_request_and_refuses_over_the_limit():
    now = 1_800_000_010.0  # 10 s into a minute window
    for _ in range(3):
        rate_limit_hit("address", "192.0.2.1", now=now)
    with pytest.raises(RateLimited) as refused:
        rate_limit_hit("address", "192.0.2.1", now=now)
    assert refused.value.retry_after == 50
    rate_limit_hit("address", "192.0.2.2", now=now)  # another client has its own counter
    rate_limit_hit("address", "192.0.2.1", now=now + 60)  # the next window starts again


def test_only_the_first_request_of_a_window_pays_a_second_cache_call(monkeypatch):
    calls: list[str] = []
    incr, add = cache.incr, cache.add
    monkeypatch.setattr(cache, "incr", lambda *a, **k: (calls.append("incr"), incr(*a, **k))[1])
    monkeypatch.setattr(cache, "add", lambda *a, **k: (calls.append("add"), add(*a, **k))[1])
    rate_limit_hit("address", "192.0.2.1", now=1_800_000_010.0)
    assert calls == ["incr", "add"]
    calls.clear()
    rate_limit_hit("address", "192.0.2.1", now=1_800_000_011.0)
    assert calls == ["incr"]


def test_a_window_created_by_a_concurrent_request_is_counted_on(monkeypatch):
    key = "rl:address:192.0.2.1:30000000"
    real_incr = cache.incr
    raced = []

    def incr_after_a_rival(k, *args, **kwargs):
        if not raced:  # the first incr finds no key; a rival request creates it before our add
            raced.append(True)
            cache.add(k, 1, timeout=61)
            raise ValueError(k)
        return real_incr(k, *args, **kwargs)

    monkeypatch.setattr(cache, "incr", incr_after_a_rival)
    assert window_count(key, 60) == 2
    assert cache.get(key) == 2
