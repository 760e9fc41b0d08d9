"""System checks run at start-up (``runserver``, ``check``, ``migrate``, gunicorn through ``check``).

``secaction.W001``: log-in throttling (allauth) and the API's rate limits count in
the default cache. A per-process cache (local memory, or the dummy cache that
counts nothing) lets each gunicorn worker count on its own, which multiplies
every documented limit by the number of workers. Settings pick Redis or the
database cache whenever ``DEBUG`` is off; this check catches a configuration that
overrides that.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register

# Backends whose counters live in one process (or nowhere).
PER_PROCESS_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)


@register()
def rate_limit_cache_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Warn (``secaction.W001``) when ``DEBUG`` is off and the default cache is per-process."""
    if settings.DEBUG:
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            f"The default cache ({backend}) is per-process: log-in throttling and API rate limits "
            "are counted separately by every web process, multiplying each limit by their number.",
            hint=(
                "Set REDIS_URL, or use django.core.cache.backends.db.DatabaseCache (the default "
                "when DEBUG is off) and run migrate, which creates its table."
            ),
            id="secaction.W001",
        )
    ]
