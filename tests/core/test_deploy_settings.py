"""Production settings from the environment (issue 10, findings 6, 7 and 8).

``check --deploy`` runs in a subprocess with a production-like environment, as an
operator would run it, and must report no warning at all; the settings the
environment switches (trusted proxies, HTTPS, the shared cache) are read the
same way. The system check ``secaction.W001`` and the cache table created by
``migrate`` are tested in-process.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from secaction.core.checks import rate_limit_cache_check

REPO = Path(__file__).resolve().parents[2]
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DBCACHE = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "test_shared_cache"}
}

# What docs/operators.md tells an operator to set for a site behind a TLS proxy.
PRODUCTION_ENV = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "portal.example.jp",
    "SITE_URL": "https://portal.example.jp",
    "BEHIND_TLS_PROXY": "1",
    "TRUSTED_PROXY_COUNT": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}


def _run(args: list[str], extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # A clean environment: nothing of the test run's DEBUG=1 or DJANGO_SETTINGS_MODULE leaks in.
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "secaction.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "sqlite:////tmp/secaction-deploy-check.sqlite3",
        **extra_env,
    }
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_check_deploy_reports_no_warning_with_production_settings():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_about_https_when_it_is_left_off():
    env = {k: v for k, v in PRODUCTION_ENV.items() if not k.startswith("SECURE_")}
    result = _run(["manage.py", "check", "--deploy"], env)
    # HSTS and the HTTPS redirect stay off unless the environment turns them on.
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_environment_sets_proxies_https_and_a_shared_cache():
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.ALLAUTH_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.CACHES['default']['BACKEND']]))"
    )
    env = {**PRODUCTION_ENV, "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}
    result = _run(["-c", f"import sys; sys.path.insert(0, 'src'); {script}"], env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        1,
        "X-Real-IP",
        True,
        31536000,
        "secaction.core.cache.CountingDatabaseCache",
    ]
    # On loopback with the defaults: no proxy trusted, no HTTPS redirect, no HSTS.
    result = _run(["-c", f"import sys; sys.path.insert(0, 'src'); {script}"], {"DEBUG": "1"})
    assert json.loads(result.stdout) == [0, None, False, 0, "django.core.cache.backends.locmem.LocMemCache"]


@override_settings(DEBUG=False, CACHES=LOCMEM)
def test_per_process_cache_in_production_is_warned_at_start_up():
    messages = rate_limit_cache_check()
    assert [m.id for m in messages] == ["secaction.W001"]
    assert "REDIS_URL" in (messages[0].hint or "")


@pytest.mark.parametrize(
    ("debug", "caches"),
    [(True, LOCMEM), (False, DBCACHE)],
    ids=["development", "shared-cache"],
)
def test_no_cache_warning_in_development_or_with_a_shared_cache(debug, caches):
    with override_settings(DEBUG=debug, CACHES=caches):
        assert rate_limit_cache_check() == []


@pytest.mark.django_db(transaction=True)
def test_migrate_creates_the_database_cache_table():
    with override_settings(CACHES=DBCACHE):
        assert "test_shared_cache" not in connection.introspection.table_names()
        call_command("migrate", verbosity=0)
        try:
            assert "test_shared_cache" in connection.introspection.table_names()
            from django.core.cache import cache

            cache.set("limit", 1)
            assert cache.incr("limit") == 2
        finally:
            with connection.cursor() as cursor:
                cursor.execute("DROP TABLE test_shared_cache")


@pytest.mark.django_db
def test_the_production_cache_table_exists_whatever_cache_migrate_ran_with(settings):
    # The suite migrated with another cache (memory, or Redis in CI); a site started later with
    # DEBUG off and no Redis uses the database cache and must find its table.
    assert "DatabaseCache" not in settings.CACHES["default"]["BACKEND"]
    assert settings.CACHE_TABLE in connection.introspection.table_names()


COUNTING = {
    "default": {"BACKEND": "secaction.core.cache.CountingDatabaseCache", "LOCATION": "secaction_cache"}
}


@pytest.mark.django_db
def test_database_cache_counts_like_a_cache():
    from django.core.cache import cache

    with override_settings(CACHES=COUNTING):
        assert cache.add("n", 1, timeout=60)
        assert not cache.add("n", 5, timeout=60)
        assert cache.incr("n") == 2
        assert cache.incr("n", 3) == 5
        assert cache.decr("n") == 4
        assert cache.get("n") == 4
        with pytest.raises(ValueError):
            cache.incr("missing")
        cache.set("old", 1, timeout=-1)  # already expired
        with pytest.raises(ValueError):
            cache.incr("old")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_database_cache_loses_no_increment_under_concurrency():
    # Django's DatabaseCache.incr (read, then write) lost about 40% of these under four gunicorn workers.
    from concurrent.futures import ThreadPoolExecutor

    from django.core.cache import caches
    from django.db import connections

    def bump(_: int) -> None:
        try:
            for _ in range(25):
                caches["default"].incr("counter")
        finally:
            connections.close_all()

    with override_settings(CACHES=COUNTING):
        caches["default"].set("counter", 0, timeout=60)
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(bump, range(8)))
        assert caches["default"].get("counter") == 200


@pytest.mark.django_db
def test_https_redirect_and_hsts_spare_the_health_probe(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 300
    response = client.get("/faq/")
    assert response.status_code == 301 and response["Location"] == "https://testserver/faq/"
    # A load balancer probes over plain HTTP inside the network: it gets the answer, not a redirect.
    probe = client.get("/healthz")
    assert probe.status_code != 301 and probe["Content-Type"].startswith("application/json")
    secure = client.get("/faq/", secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=300"
