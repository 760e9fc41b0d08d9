"""Public pages of the surveys: answering from a personal link (no log-in)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def respond(request: HttpRequest, token: str) -> HttpResponse:
    raise Http404  # foundation placeholder, replaced by the answering page in this session's work
