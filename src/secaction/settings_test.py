"""Settings for the test suite: the real settings with fast, local side effects."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECRET_KEY", "test-secret-key")

from .settings import *  # noqa: F403
from .settings import CACHES, REDIS_URL, TASKS

# Argon2 is deliberately slow; the suite creates hundreds of users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {**TASKS["default"], "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if not REDIS_URL:
    # With REDIS_URL set (CI's PostgreSQL pass) the suite runs against the real Redis cache,
    # so rate limits and cached PDFs are exercised there; the suite clears it before each test.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ACCOUNT_RATE_LIMITS = {"login_failed": "100/m/ip,5/5m/key"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Other apps' tests sign users in without acceptance rows; tests/legal turns the log-in gate on.
LEGAL_ACCEPTANCE_GATE = False
