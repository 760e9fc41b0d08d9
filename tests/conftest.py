"""Shared fixtures. Browser fixtures drive Debian's chromium through Playwright."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# refuses to run there unless told it is safe (it is: one thread per test).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "var" / "test-artifacts"


@pytest.fixture(scope="session")
def _playwright_browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"Debian chromium not found at {CHROMIUM}: run `make test` as root to install it"
        if os.environ.get("CI"):
            pytest.fail(message)  # never skip browser tests silently in CI
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class Shots:
    """Saves numbered screenshots of a browser test under var/test-artifacts/screenshots/<test>/."""

    def __init__(self, page: Any, name: str) -> None:
        self.page = page
        self.dir = ARTIFACTS / "screenshots" / re.sub(r"[^\w.-]+", "_", name)
        self.dir.mkdir(parents=True, exist_ok=True)
        for old in self.dir.glob("*.png"):
            old.unlink()
        self.count = 0

    def __call__(self, label: str) -> Path:
        self.count += 1
        path = self.dir / f"{self.count:02d}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def page(_playwright_browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser context and page (phone-sized with ``@pytest.mark.phone``)."""
    phone = request.node.get_closest_marker("phone") is not None
    viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    context = _playwright_browser.new_context(viewport=viewport, locale="ja-JP", accept_downloads=True)
    context.set_default_timeout(15_000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def shots(page: Any, request: pytest.FixtureRequest) -> Shots:
    return Shots(page, request.node.name)


@pytest.fixture
def mailoutbox_text() -> Any:
    """Returns a function that gives the body of the last mail sent to an address."""
    from django.core import mail

    def last_to(address: str) -> str:
        for message in reversed(mail.outbox):
            if address in message.to:
                return str(message.body)
        raise AssertionError(f"no mail to {address}; sent: {[m.to for m in mail.outbox]}")

    return last_to


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test starts with an empty cache, so rate-limit counters do not leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _japanese_first() -> Iterator[None]:
    """Each test starts in Japanese: a request or test that switched to English must not leak."""
    from django.utils import translation

    translation.activate("ja")
    yield
    translation.activate("ja")


# A moment in the middle of a 30-second TOTP step (2026-01-01 00:00:15 UTC).
TOTP_NOW = 1_767_225_615


@pytest.fixture
def totp_code(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Stops the clock allauth's TOTP check reads, and returns ``code(secret)`` for that moment.

    A code taken from the wall clock is refused when a 30-second step boundary falls between
    computing it and the server checking it (allauth allows no tolerance). Only allauth's TOTP
    module sees the fixed time; the rest of the process, the live server included, keeps the
    real clock. The live server runs in this process, so it sees the fixed TOTP clock too.
    """
    from types import SimpleNamespace

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal import auth

    monkeypatch.setattr(auth, "time", SimpleNamespace(time=lambda: TOTP_NOW))

    def code(secret: str) -> str:
        return auth.format_hotp_value(auth.hotp_value(secret, TOTP_NOW // app_settings.TOTP_PERIOD))

    return code


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[Any]:
    """The real OpenID Connect provider (npm oidc-provider, GビズID-shaped accounts) for the Django test client.

    Its client accepts the callback at ``http://testserver``; a browser test starts its own with
    ``OidcProvider.started([live_server.url + callback])``.
    """
    from tests.oidc_provider.harness import OidcProvider, ProviderUnavailable

    try:
        with OidcProvider.started([oidc_callback_url("http://testserver")]) as provider:
            yield provider
    except ProviderUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(str(exc))  # never skip the identity tests silently in CI
        pytest.skip(str(exc))


@pytest.fixture
def oidc_browser_provider(live_server: Any, settings: Any) -> Iterator[Any]:
    """A provider of its own whose client accepts the live server's callback, with the portal pointed at it."""
    from tests.oidc_provider.harness import OidcProvider, ProviderUnavailable

    try:
        with OidcProvider.started([oidc_callback_url(live_server.url)]) as provider:
            oidc_settings_apply(settings, provider)
            yield provider
    except ProviderUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(str(exc))
        pytest.skip(str(exc))


def oidc_callback_url(base_url: str) -> str:
    """Where the provider sends the browser back to the portal (allauth's openid_connect callback)."""
    from django.urls import reverse

    return base_url.rstrip("/") + reverse("openid_connect_callback", kwargs={"provider_id": "gbizid"})


def oidc_settings_apply(settings: Any, provider: Any) -> None:
    """Point the portal's GビズID configuration (settings.SOCIALACCOUNT_PROVIDERS) at a test provider.

    Also lets a browser follow the GビズID button's redirect to it (Content-Security-Policy form-action,
    as settings.py does for OIDC_ISSUER).
    """
    csp = settings.CONTENT_SECURITY_POLICY
    directives = dict(csp["DIRECTIVES"])
    directives["form-action"] = [*directives["form-action"], provider.issuer]
    settings.CONTENT_SECURITY_POLICY = {**csp, "DIRECTIVES": directives}
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "gbizid",
                    "name": "GビズID",
                    "client_id": provider.client_id,
                    "secret": provider.client_secret,
                    "settings": {"server_url": provider.issuer, "oauth_pkce_enabled": True},
                }
            ],
        }
    }


@pytest.fixture
def gbizid(oidc_provider: Any, settings: Any) -> Any:
    """The portal configured to sign in with the test provider; returns the provider (``.login(url, name)``)."""
    oidc_settings_apply(settings, oidc_provider)
    return oidc_provider
