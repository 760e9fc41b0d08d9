"""Refuse requests that carry bytes no page can handle: NUL and invalid UTF-8.

Django decodes what it cannot read by replacing it (``%FF`` in a query string
becomes U+FFFD, in a multipart field too) and passes NUL through; PostgreSQL then
refuses a NUL in a text parameter with an error that surfaces as a 500, and a
replaced character would be stored as if the person had typed it. So
``BadBytesMiddleware``, right after ``SecurityMiddleware`` and the lookup fast path, answers 400 with a
page in Japanese and English when

- the path or the query string, percent-decoded, contains NUL or is not
  strict UTF-8 (Python's strict decoder also refuses overlong forms and encoded
  surrogates);
- a url-encoded or JSON body does, read from the raw bytes;
- a multipart body has a field name or value, or a file name, that contains NUL
  or U+FFFD (Django has already replaced its invalid bytes by U+FFFD, so the
  replacement character stands for them; nobody types it).

Everything else (control characters, format characters, lengths) is the forms'
and services' business: they give a field error, not a 400.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from urllib.parse import unquote_to_bytes

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

REPLACEMENT_CHARACTER = "\ufffd"
# The JSON API (mounted at api/v1/ by secaction.urls; tests/core/test_badbytes.py checks it
# still is) gets its refusal as JSON. ``core`` cannot import the api app, which sits above it.
JSON_PATH_PREFIX = "/api/"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
_RAW_BODY_TYPES = ("application/x-www-form-urlencoded", "application/json", "text/plain")


def bytes_are_clean(raw: bytes) -> bool:
    """True when ``raw`` has no NUL byte and is strict UTF-8."""
    if b"\x00" in raw:
        return False
    try:
        raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        return False
    return True


def form_encoded_is_clean(raw: bytes) -> bool:
    """A query string or url-encoded body, percent-decoded, passes ``bytes_are_clean``.

    Checking the whole decoded string is the same as checking each name and value:
    the separators are ASCII and cannot complete or break a multibyte sequence.
    """
    return bytes_are_clean(unquote_to_bytes(raw.replace(b"+", b" ")))


def _texts_are_clean(texts: Iterable[str]) -> bool:
    return not any("\x00" in t or REPLACEMENT_CHARACTER in t for t in texts)


def _environ_bytes(request: HttpRequest, key: str) -> bytes:
    # WSGI hands the raw bytes as ISO-8859-1 strings; Django's test client does the same.
    return get_bytes_from_wsgi(request.META, key, "")


def request_is_clean(request: HttpRequest) -> bool:
    """The contract of ``BadBytesMiddleware`` (module docstring), as a predicate."""
    # Django has already decoded the path and percent-encoded again the bytes that are not
    # UTF-8 (``repercent_broken_unicode``), and replaced META["PATH_INFO"] with the result;
    # decoding its percent escapes once more brings those bytes back. A literal "%FF" typed
    # as "%25FF" is refused too: no page of the portal has such a path.
    if not bytes_are_clean(unquote_to_bytes(request.path_info)):
        return False
    if not form_encoded_is_clean(_environ_bytes(request, "QUERY_STRING")):
        return False
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return True
    content_type = request.content_type or ""
    try:
        if content_type == "multipart/form-data":
            names = [*request.POST.keys(), *request.FILES.keys()]
            values = [v for key in request.POST for v in request.POST.getlist(key)]
            files = [f.name or "" for key in request.FILES for f in request.FILES.getlist(key)]
            return _texts_are_clean([*names, *values, *files])
        if content_type in _RAW_BODY_TYPES:
            body = request.body
            if content_type == "application/x-www-form-urlencoded":
                return form_encoded_is_clean(body)
            return bytes_are_clean(body)
    except (RequestDataTooBig, TooManyFieldsSent, MultiPartParserError, UnreadablePostError):
        # Django answers these itself (400) when the view reads the body.
        return True
    return True


def bad_bytes_response(request: HttpRequest) -> HttpResponse:
    """The 400 page, in Japanese and English (the language is not known this early).

    Under the JSON API, a JSON body instead, with ``detail`` and ``code`` (the API's
    ``ErrorOut``) and ``errors`` (its ``InvalidRequestOut``), so it fits either 400 shape
    the API documents.
    """
    if request.path_info.startswith(JSON_PATH_PREFIX):
        detail = _("リクエストに、扱えない文字(NUL文字や、UTF-8として正しくないバイト列)が含まれています。")
        problem = {"field": "request", "code": "bad_bytes", "message": detail}
        body = json.dumps({"detail": detail, "code": "bad_bytes", "errors": [problem]}, ensure_ascii=False)
        return HttpResponseBadRequest(body, content_type=JSON_CONTENT_TYPE)
    return HttpResponseBadRequest(render_to_string("core/bad_bytes.html"))


class BadBytesMiddleware:
    """Answer 400 to requests with NUL or invalid UTF-8 (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request_is_clean(request):
            return bad_bytes_response(request)
        return self.get_response(request)
