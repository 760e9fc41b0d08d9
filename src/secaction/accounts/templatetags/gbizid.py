"""``{% gbizid_login %}``: the GビズID log-in button of the log-in and sign-up pages, only when GビズID is configured."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


def gbizid_app(request: Any) -> Any:
    """The configured GビズID app (``OIDC_*`` settings), or None: then no button and no link.

    Read from settings only (the portal configures GビズID there, never in the database), so a page that
    shows the button or the link costs no query.
    """
    apps = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])
    for app in apps:
        if (
            app.get("provider_id") == settings.OIDC_PROVIDER_ID
            and app.get("client_id")
            and app.get("settings", {}).get("server_url")
        ):
            return SimpleNamespace(name=app.get("name") or app["provider_id"], provider_id=app["provider_id"])
    return None


@register.inclusion_tag("accounts/_gbizid_login.html", takes_context=True)
def gbizid_login(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    app = gbizid_app(request) if request is not None else None
    if app is None:
        return {"configured": False}
    # The provider's name is Japanese (GビズID) also on English pages: marked so.
    name = format_html('<span lang="ja">{}</span>', app.name)
    return {
        "configured": True,
        "login_url": reverse("openid_connect_login", kwargs={"provider_id": app.provider_id}),
        "label": format_html(_("{name}でログイン"), name=name),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def gbizid_configured(context: template.Context) -> bool:
    """Whether GビズID sign-in is configured (``{% gbizid_configured as on %}``), for links that need it."""
    request = context.get("request")
    return request is not None and gbizid_app(request) is not None
