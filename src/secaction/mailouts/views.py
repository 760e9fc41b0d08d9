"""Public pages of the mail-out engine (no log-in): the unsubscribe page and its one-click endpoint."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from secaction.core.errors import ServiceError

from .services import suppression_for_token_add
from .unsubscribe import unsubscribe_email


# CSRF exemption is deliberate. Mail clients send the RFC 8058 one-click request
# ("List-Unsubscribe=One-Click" POSTed to the List-Unsubscribe URL) with no cookie and no token, so a
# CSRF check would refuse every one of them. Nothing here needs the protection: the signed token in the
# URL is the only authority (whoever holds the link may stop mail to that one address, by design), the
# request acts on no session, and the one thing it can do, stopping mail-outs to that address, is
# idempotent and harmless to repeat. GET never unsubscribes: mail scanners follow links.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    email = unsubscribe_email(token)
    if email is None:
        return render(request, "mailouts/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        try:
            suppression_for_token_add(token)
        except ServiceError:  # the token was checked above; kept so a refusal is never a 500
            return render(request, "mailouts/unsubscribe_invalid.html", status=400)
        return render(request, "mailouts/unsubscribe_done.html", {"email": email})
    return render(request, "mailouts/unsubscribe.html", {"email": email, "token": token})
