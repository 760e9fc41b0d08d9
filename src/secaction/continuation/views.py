"""The one-click confirmation page of a reminder (no log-in; the signed link is the authority).

GET only shows the declaration and one button: mail scanners follow links, so only the POST (with CSRF)
confirms. A bad or expired link gets a page that sends the declarer to My Page instead.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from secaction.core.errors import AccessDenied, ServiceError
from secaction.declarations.models import Status

from .selectors import reminder_for_token
from .services import continuation_confirm


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    reminder = reminder_for_token(token)
    if reminder is None:
        return render(request, "continuation/invalid.html", status=400)
    declaration = reminder.declaration
    context = {"declaration": declaration, "organization": declaration.organization, "token": token}
    if declaration.status != Status.ACTIVE:
        return render(request, "continuation/invalid.html", {"inactive": True}, status=409)
    if request.method == "POST":
        try:
            declaration = continuation_confirm(token)
        except AccessDenied:
            return render(request, "continuation/invalid.html", status=400)
        except ServiceError:
            return render(request, "continuation/invalid.html", {"inactive": True}, status=409)
        return render(request, "continuation/done.html", {**context, "declaration": declaration})
    return render(request, "continuation/confirm.html", context)
