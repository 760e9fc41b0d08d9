"""Django settings, read from the environment (django-environ conventions).

Every value that differs between a laptop and production comes from an
environment variable; the defaults are the development ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent
VAR_DIR = REPO_DIR / "var"

env = environ.Env()
environ.Env.read_env(REPO_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

_DEV_SECRET_KEY = "dev-only-insecure-secret-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        # A forgotten SECRET_KEY in production would make sessions and
        # password-reset tokens forgeable; refusing to start is the safe answer.
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_ID = 1

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    # Before allauth so that its template overrides (allauth/layouts/base.html) win.
    "secaction.accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks",
    "django_tasks_db",
    # Listed so that the API docs page serves Swagger UI from the static files
    # (ninja picks its local template when "ninja" is installed, a CDN otherwise).
    "ninja",
    "csp",
    "secaction.core",
    "secaction.organizations",
    "secaction.pages",
    "secaction.backoffice",
    "secaction.declarations",
    "secaction.diagnosis",
    "secaction.documents",
    "secaction.policies",
    "secaction.registry",
    "secaction.supporters",
    "secaction.institutions",
    "secaction.api",
    "secaction.identity",
    "secaction.surveys",
    "secaction.mailouts",
    "secaction.legal",
    "secaction.inquiries",
    "secaction.continuation",
    "secaction.privacy",
    "secaction.mypage",
    "secaction.devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "secaction.api.middleware.DeclarationLookupFastPath",
    # After the fast path: its JSON answers need no policy; every page gets one.
    "csp.middleware.CSPMiddleware",
    # NUL and invalid UTF-8: 400 before anything reads them (the fast path above reads only an 11-digit path).
    "secaction.core.badbytes.BadBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "secaction.core.middleware.ExplicitLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "secaction.backoffice.middleware.StaffMfaMiddleware",
    # After authentication: a declarer accepts a materially changed privacy policy or terms first.
    "secaction.legal.middleware.LegalAcceptanceMiddleware",
]
# The log-in gate of LegalAcceptanceMiddleware (docs/privacy-and-retention.md); the test settings turn it off.
LEGAL_ACCEPTANCE_GATE = True

ROOT_URLCONF = "secaction.urls"
WSGI_APPLICATION = "secaction.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "secaction.core.context_processors.site",
            ],
        },
    },
]

VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; the busy timeout
    # turns short lock contention into waiting instead of "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    # A health check costs one extra round trip per request; it can be switched off where
    # connections are reliable (loopback) and latency matters.
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", env.bool("CONN_HEALTH_CHECKS", default=True))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# Log-in throttling (allauth) and the API's rate limits count in the default cache. It must be
# shared by every web process, or each gunicorn worker counts on its own and the limits
# multiply by the number of workers. Redis when REDIS_URL is set; otherwise, in production
# (DEBUG off), the database cache (core.cache, with an atomic incr), whose table `migrate`
# creates (core.apps runs createcachetable after migrating); per-process memory only for
# development.
# core.checks warns (secaction.W001) when DEBUG is off and the cache is still per-process.
CACHE_TABLE = "secaction_cache"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"IGNORE_EXCEPTIONS": False},
        }
    }
elif not DEBUG:
    CACHES = {"default": {"BACKEND": "secaction.core.cache.CountingDatabaseCache", "LOCATION": CACHE_TABLE}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "mypage:index"

# --- allauth -----------------------------------------------------------------
ACCOUNT_ADAPTER = "secaction.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# The e-mail sign-up asks consent to the privacy policy and terms and records the versions accepted.
ACCOUNT_FORMS = {"signup": "secaction.legal.forms.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[SECURITY ACTION] "
ACCOUNT_RATE_LIMITS = {
    # Five wrong passwords for one account in five minutes locks that
    # account's log-in for the rest of the window (allauth shows the message).
    "login_failed": env.str("LOGIN_FAILED_RATE", default="20/m/ip,5/5m/key"),
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
# Who the client is, for log-in throttling and the API's limits alike (secaction.core.clientip.client_ip
# uses allauth's function). Behind a reverse proxy the connecting address is the proxy's: trust
# either the last TRUSTED_PROXY_COUNT entries of X-Forwarded-For (your proxies append to it) or
# one header your proxy overwrites (TRUSTED_CLIENT_IP_HEADER, e.g. X-Real-IP). With neither, the
# connecting address counts and a forged X-Forwarded-For is ignored.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default="") or None
# --- GビズID (OpenID Connect) -----------------------------------------------------------
# Sign-in with the government's business identity through allauth's openid_connect provider. Unset
# OIDC_ISSUER turns it off (e-mail and password only). docs/identity.md explains the flows.
OIDC_ISSUER = env.str("OIDC_ISSUER", default="").rstrip("/")
OIDC_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="GビズID")
OIDC_PROVIDER_ID = "gbizid"


def _url_origin(issuer: str) -> str:
    """The origin (scheme://host[:port]) of the issuer, for the Content-Security-Policy below."""
    parts = urlsplit(issuer)
    return f"{parts.scheme}://{parts.netloc}"


SOCIALACCOUNT_ADAPTER = "secaction.accounts.social.SocialAccountAdapter"
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # never log in to an existing account by e-mail alone
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_PROVIDERS: dict[str, Any] = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": (
            [
                {
                    "provider_id": OIDC_PROVIDER_ID,
                    "name": OIDC_PROVIDER_NAME,
                    "client_id": OIDC_CLIENT_ID,
                    "secret": OIDC_CLIENT_SECRET,
                    "settings": {"server_url": OIDC_ISSUER, "oauth_pkce_enabled": True},
                }
            ]
            if OIDC_ISSUER
            else []
        ),
    }
}

# What the profile page tells an owner whose change of legal name or 法人番号 waits for staff: "usually within
# N days" (docs/identity.md). The programme office's own target, not a deadline the code enforces.
IDENTITY_CHANGE_REVIEW_DAYS = env.int("IDENTITY_CHANGE_REVIEW_DAYS", default=5)

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "SECURITY ACTION Portal"

# --- i18n ----------------------------------------------------------------------
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("日本語")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Tokyo"
# Per-language date formats (secaction/formats/<lang>/formats.py); templates name a format, never type one.
FORMAT_MODULE_PATH = ["secaction.formats"]

# --- static --------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# The project-level stylesheet lives beside settings.py, outside any app.
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

# --- mail ----------------------------------------------------------------------
_email_default = "consolemail://" if DEBUG else "smtp://127.0.0.1:25"
_email_config = env.email_url("EMAIL_URL", default=_email_default)
# django-environ puts query options it does not know (``?timeout=10``) into OPTIONS, which Django ignores;
# the SMTP timeout is taken from there, else from EMAIL_TIMEOUT. Without one a server that accepts the
# connection and never answers holds the worker for ever (issue 10, finding 4).
_email_options = _email_config.pop("OPTIONS", {}) or {}
vars().update(_email_config)
# The README has always written ``?tls=True`` / ``?ssl=True``, which django-environ also leaves in OPTIONS
# (it knows only ``smtp+tls://`` and ``?email_use_tls=``): honour both spellings rather than send in clear.
for _option, _setting in (("TLS", "EMAIL_USE_TLS"), ("SSL", "EMAIL_USE_SSL")):
    if _option in _email_options:
        vars()[_setting] = str(_email_options[_option]).lower() in {"1", "true", "yes", "on"}
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=int(_email_options.get("TIMEOUT", 30)))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SECURITY ACTION Portal <noreply@example.jp>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Retry schedule of a failed delivery (core.mail.mail_retry_delay): back-off with full jitter from the base
# to the maximum, given up MAIL_RETRY_HOURS after the mail was queued.
MAIL_RETRY_BASE_SECONDS = env.int("MAIL_RETRY_BASE_SECONDS", default=60)
MAIL_RETRY_MAX_SECONDS = env.int("MAIL_RETRY_MAX_SECONDS", default=6 * 3600)
MAIL_RETRY_HOURS = env.int("MAIL_RETRY_HOURS", default=24)
# A worker's claim on one mail (status "sending") is taken back after this long; it must exceed the time one
# SMTP delivery can take (a few EMAIL_TIMEOUTs).
MAIL_SENDING_TIMEOUT_SECONDS = env.int("MAIL_SENDING_TIMEOUT_SECONDS", default=600)
# The sendable copy of a mail never sent (working links) is erased after this many days.
MAIL_SECRET_KEEP_DAYS = env.int("MAIL_SECRET_KEEP_DAYS", default=7)
# Keep the sendable copy (working links) after a mail is sent: on in development only, where /dev/outbox/
# shows it so a developer can follow the verification link; never shown in the back office.
MAIL_KEEP_SENT_SECRETS = env.bool("MAIL_KEEP_SENT_SECRETS", default=DEBUG)
MAIL_MESSAGE_ID_DOMAIN = env.str("MAIL_MESSAGE_ID_DOMAIN", default="")
# The sweeper (core.tasks.mail_sweep) runs this often; a mail due this long with no task waiting for it is
# queued again.
MAIL_SWEEP_SECONDS = env.int("MAIL_SWEEP_SECONDS", default=300)
# Who signs the portal's account mails (sign-up, password reset, e-mail change), in each language.
PROGRAMME_OFFICE_NAME = env.str("PROGRAMME_OFFICE_NAME", default="SECURITY ACTION 事務局")
PROGRAMME_OFFICE_NAME_EN = env.str("PROGRAMME_OFFICE_NAME_EN", default="SECURITY ACTION programme office")
# The address the institutions' portal gives its contacts for keys and access (docs/institutions.md); empty:
# the page says to use the contact the office gave with the key.
INSTITUTIONS_OFFICE_CONTACT = env.str("INSTITUTIONS_OFFICE_CONTACT", default="")

# --- background tasks -------------------------------------------------------
TASKS_IMMEDIATE = env.bool("TASKS_IMMEDIATE", default=False)
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TASKS_IMMEDIATE
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default", "mail", "mailout"],
    }
}
# Finished task results are pruned daily (core.tasks.task_results_prune); failed ones are kept
# longer, to look into.
TASK_RESULTS_KEEP_DAYS = env.int("TASK_RESULTS_KEEP_DAYS", default=14)
TASK_RESULTS_KEEP_FAILED_DAYS = env.int("TASK_RESULTS_KEEP_FAILED_DAYS", default=60)
# A task RUNNING for longer than this is taken for one whose worker died (SIGKILL, lost host): the sweeper
# marks it failed. It must exceed the longest task the portal runs.
TASK_RUNNING_TIMEOUT_SECONDS = env.int("TASK_RUNNING_TIMEOUT_SECONDS", default=1800)
# Bulk CSV uploads of institutions: their files are deleted this many days after upload (docs/api.md).
BULK_UPLOAD_RETENTION_DAYS = env.int("BULK_UPLOAD_RETENTION_DAYS", default=30)
# How often the purge of old bulk uploads runs.
BULK_UPLOAD_PURGE_SECONDS = env.int("BULK_UPLOAD_PURGE_SECONDS", default=3600)
# Back-office CSV exports: up to this many rows download at once, larger ones are built in the background;
# their files are purged this often (docs/operators.md, "Exports").
EXPORT_SYNC_MAX_ROWS = env.int("EXPORT_SYNC_MAX_ROWS", default=5000)
EXPORT_PURGE_SECONDS = env.int("EXPORT_PURGE_SECONDS", default=3600)

# --- mail-outs (docs/mail-outs.md) ------------------------------------------
# Messages per batch task (claimed together, sent over MAILOUT_SMTP_SESSIONS connections) and the default
# pace of a new mail-out.
MAILOUT_BATCH_SIZE = env.int("MAILOUT_BATCH_SIZE", default=1500)
MAILOUT_DEFAULT_RATE = env.int("MAILOUT_DEFAULT_RATE", default=50)
# Batch chains queued per mail-out: how many workers can send one mail-out at once (each chain is one batch
# task at a time). The pace stays global whatever the number (mailouts.services.delivery.slot_reserve).
MAILOUT_CHAINS = env.int("MAILOUT_CHAINS", default=4)
# SMTP sessions a batch sends over side by side (threads, PostgreSQL only; mailouts.services.smtp_lanes).
MAILOUT_SMTP_SESSIONS = env.int("MAILOUT_SMTP_SESSIONS", default=3)
# A recipient claimed (status "sending") for longer than this is taken for one whose worker died and is
# claimed again; it must exceed the longest batch (BATCH_MAX_SECONDS of sending plus SMTP timeouts).
MAILOUT_CLAIM_TIMEOUT_SECONDS = env.int("MAILOUT_CLAIM_TIMEOUT_SECONDS", default=300)
# A message that met temporary failures (4xx, connection errors) this many times is given up (failed).
MAILOUT_MAX_ATTEMPTS = env.int("MAILOUT_MAX_ATTEMPTS", default=5)
# How often the mail-out sweeper (mailouts.tasks_sweep) looks for mail-outs no task is moving any more (all
# their workers killed, a failed build) and queues their work again; also the grace after a scheduled time.
MAILOUT_SWEEP_SECONDS = env.int("MAILOUT_SWEEP_SECONDS", default=60)
# Sender identification for mail-outs (特定電子メールの送信の適正化等に関する法律): who sends, a postal
# address and a contact for questions; printed in the footer of every mail-out.
MAILOUT_SENDER_NAME = env.str("MAILOUT_SENDER_NAME", default="SECURITY ACTION 事務局")
MAILOUT_SENDER_ADDRESS = env.str("MAILOUT_SENDER_ADDRESS", default="")
MAILOUT_SENDER_CONTACT = env.str("MAILOUT_SENDER_CONTACT", default="")

# --- continuation reminders (docs/privacy-and-retention.md, "Continuation") --
# A declaration not confirmed for this many days gets a reminder, at most once per this many days.
CONTINUATION_REMIND_DAYS = env.int("CONTINUATION_REMIND_DAYS", default=365)
# Reminders per daily mail-out at most (oldest confirmation first): spreads the first year's backlog.
CONTINUATION_REMIND_MAX_PER_DAY = env.int("CONTINUATION_REMIND_MAX_PER_DAY", default=5000)
# A declaration not confirmed for this many years is flagged for staff (never changed automatically).
CONTINUATION_STALE_YEARS = env.int("CONTINUATION_STALE_YEARS", default=3)
# How long the one-click confirmation link of a reminder stays valid.
CONTINUATION_LINK_MAX_AGE_DAYS = env.int("CONTINUATION_LINK_MAX_AGE_DAYS", default=60)
# /healthz answers 503 past these (docs/operators.md, "Health").
HEALTH_MAX_STUCK_TASKS = env.int("HEALTH_MAX_STUCK_TASKS", default=0)
HEALTH_MAX_MAIL_AGE_SECONDS = env.int("HEALTH_MAX_MAIL_AGE_SECONDS", default=1800)
HEALTH_MAX_FAILED_MAILS = env.int("HEALTH_MAX_FAILED_MAILS", default=0)
# Only mails given up within this window count against HEALTH_MAX_FAILED_MAILS (a day by default).
HEALTH_FAILED_WINDOW_SECONDS = env.int("HEALTH_FAILED_WINDOW_SECONDS", default=86400)

# --- back office -------------------------------------------------------------
BACKOFFICE_PATH = env.str("BACKOFFICE_PATH", default="backoffice/").strip("/") + "/"
# Staff without TOTP are sent to set it up before any back-office page.
BACKOFFICE_REQUIRE_MFA = env.bool("BACKOFFICE_REQUIRE_MFA", default=True)

# --- security ------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
)
# HTTPS only: off by default, because the default site is plain HTTP on loopback; production turns
# them on (docs/operators.md, "HTTPS and HSTS"), and `check --deploy` then reports no warning.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
# A load balancer probes /healthz over plain HTTP inside the network; it must get the answer, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)

# Content-Security-Policy (django-csp): only the site's own scripts, styles, images and fonts.
# No inline script or style attribute anywhere (behaviour lives in static/js/site.js, looks in
# site.css); images may be data: URIs (the TOTP QR code, Swagger UI's icons). Tests:
# tests/core/test_headers.py, and tests/browser/test_csp.py records violations in chromium.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # The GビズID button posts to the portal, which redirects the browser to GビズID's authorization
        # endpoint: form-action also governs that redirect, so GビズID's origin is allowed when configured.
        "form-action": ["'self'", *([_url_origin(OIDC_ISSUER)] if OIDC_ISSUER else [])],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- webhooks of institutions (see docs/api.md, "Webhook") ---------------------------
# Hosts that may receive webhooks over plain http:// and at internal addresses (SSRF protection is off for
# them): empty in production; tests and local demos use 127.0.0.1. Comma-separated in the environment.
WEBHOOK_ALLOW_HTTP_HOSTS = env.list("WEBHOOK_ALLOW_HTTP_HOSTS", default=[])
# How often the sweep fans out what imports recorded and retries what is due.
WEBHOOK_SWEEP_SECONDS = env.int("WEBHOOK_SWEEP_SECONDS", default=60)

# --- public API rate limits (see docs/api.md) -----------------------------------
# "<count>/<s|m|h|d>"; an empty value switches the scope off. "address" counts
# every API request per client address, "key" every request per API key.
API_RATE_LIMITS = {
    "address": env.str("API_RATE_LIMIT_ADDRESS", default="120/m"),
    "key": env.str("API_RATE_LIMIT_KEY", default="600/m"),
    # Bulk CSV uploads per key (each may hold 50,000 rows), on top of the per-key limit.
    "upload": env.str("API_RATE_LIMIT_UPLOAD", default="60/h"),
}
# The client address comes from secaction.core.clientip.client_ip, the same function log-in throttling
# uses: see ALLAUTH_TRUSTED_PROXY_COUNT / ALLAUTH_TRUSTED_CLIENT_IP_HEADER above.

# --- privacy: a person's data and retention (docs/privacy-and-retention.md) ----------
# A requested account deletion is carried out (the person anonymised) this many days later.
PRIVACY_DELETION_GRACE_DAYS = env.int("PRIVACY_DELETION_GRACE_DAYS", default=30)
# Where correction and deletion requests are reported; empty: every active staff member.
PRIVACY_OFFICE_EMAIL = env.str("PRIVACY_OFFICE_EMAIL", default="")
# Retention periods in days (privacy.retention; task results: TASK_RESULTS_KEEP_DAYS, uploaded CSVs:
# BULK_UPLOAD_RETENTION_DAYS).
RETENTION_UNVERIFIED_SIGNUP_DAYS = env.int("RETENTION_UNVERIFIED_SIGNUP_DAYS", default=30)
RETENTION_INVITATION_DAYS = env.int("RETENTION_INVITATION_DAYS", default=90)
RETENTION_MAIL_BODY_DAYS = env.int("RETENTION_MAIL_BODY_DAYS", default=180)
RETENTION_AUDIT_DAYS = env.int("RETENTION_AUDIT_DAYS", default=5 * 365)

# --- inquiries (docs/inquiries.md) -------------------------------------------
# The contact form's spam limits: inquiries or replies per hour from one e-mail address and one client address.
INQUIRY_LIMIT_PER_EMAIL = env.int("INQUIRY_LIMIT_PER_EMAIL", default=5)
INQUIRY_LIMIT_PER_IP = env.int("INQUIRY_LIMIT_PER_IP", default=10)
