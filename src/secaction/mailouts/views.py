"""Public pages of the mail-out engine (no log-in)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    raise Http404  # foundation placeholder, replaced by the unsubscribe page in this session's work
