"""The log-in gate: a signed-in declarer accepts a materially changed privacy policy or terms before going on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import urlencode

from . import selectors

# Pages that stay open while acceptance is pending: the legal pages themselves, log-out, e-mail
# confirmation, the language switch, the API (keys, not sessions) and the back office (staff only).
_OPEN_NAMESPACES = {"legal", "admin"}
_OPEN_APPS = {"ninja"}
_OPEN_NAMES = {
    "account_logout",
    "account_confirm_email",
    "account_email_verification_sent",
    "set_language",
    "healthz",
}
_SESSION_KEY = "legal_ok"


class LegalAcceptanceMiddleware:
    """After authentication: send a non-staff user with ``acceptances_pending`` to ``legal:accept``.

    Works in ``process_view`` so it decides by URL name, not by typed paths; static files and 404s
    never reach it. The versions in force the user is known to be fine with are kept in the session,
    so a page view costs one small query until a new version is published. ``LEGAL_ACCEPTANCE_GATE``
    turns it off (the test settings do, so other apps' tests need no acceptance rows).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        if not getattr(settings, "LEGAL_ACCEPTANCE_GATE", True):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_staff:
            return None
        match = request.resolver_match
        if match is None or (
            set(match.namespaces) & _OPEN_NAMESPACES
            or set(match.app_names) & _OPEN_APPS
            or match.url_name in _OPEN_NAMES
        ):
            return None
        in_force = sorted(doc.pk for doc in selectors.legal_documents_current().values())
        if request.session.get(_SESSION_KEY) == [user.pk, *in_force]:
            return None
        if not selectors.acceptances_pending(user):
            request.session[_SESSION_KEY] = [user.pk, *in_force]
            return None
        target = redirect("legal:accept")
        if request.method == "GET":
            target["Location"] += "?" + urlencode({"next": request.get_full_path()})
        return target
