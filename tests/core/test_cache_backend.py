import os

import pytest
from django.conf import settings
from django.core.cache import cache


@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="runs in CI's PostgreSQL pass, which sets REDIS_URL"
)
def test_redis_cache_is_used_when_configured():
    assert settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    cache.set("secaction-probe", {"n": 1}, 10)
    assert cache.get("secaction-probe") == {"n": 1}
    cache.set("secaction-counter", 0, 10)
    assert cache.incr("secaction-counter") == 1  # rate limits count with incr


def test_cache_round_trip():
    cache.set("secaction-probe", "値", 10)
    assert cache.get("secaction-probe") == "値"
