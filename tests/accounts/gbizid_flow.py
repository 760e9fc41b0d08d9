"""Steps of a GビズID sign-in with Django's test client against the real test provider (tests/oidc_provider)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

LANDING = "/org/identity/gbizid/"


def login_url() -> str:
    return reverse("openid_connect_login", kwargs={"provider_id": "gbizid"})


def start(client: Any, process: str = "login") -> str:
    """POST the portal's GビズID button; return the authorization URL it redirects to."""
    response = client.post(login_url(), {"process": process})
    assert response.status_code == 302, response.content[:500]
    return str(response["Location"])


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def callback_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def sign_in(client: Any, provider: Any, login: str, process: str = "login") -> Any:
    """The whole round trip: the button, the person at the provider, the callback. Returns the callback's response."""
    back = provider.login(start(client, process), login)
    return client.get(callback_path(back))


def signed_in_user_id(client: Any) -> str | None:
    value = client.session.get("_auth_user_id")
    return str(value) if value is not None else None
