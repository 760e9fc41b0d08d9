"""HTTP caching of the public lookup ``GET /api/v1/declarations/{declaration_id}`` (docs/api.md, "HTTP caching").

A found declaration is answered with ``Cache-Control: public, max-age=60``, a strong
``ETag`` (a hash of the exact body) and ``Last-Modified``, so that a shared cache or a
CDN in front of the portal can absorb repeated lookups of the same ID, and a client
that already holds the answer can revalidate it for the price of a ``304``.

Everything else the API answers is ``no-store`` (``api.rendering.NO_STORE``): errors, 404s (a
declaration accepted a moment ago must be found at once, and the 404's message
follows the caller's language) and every answer to an API-key holder. ``api.urls``
applies that default to every answer ninja builds, ``api.rendering`` to every answer an
endpoint renders itself.

The lookup's fast path (``api.middleware``) and the ninja endpoint both answer through
``lookup_response``, so their headers are identical, 304s included.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Final

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from secaction.registry.selectors import JAPAN

from .rendering import json_response_trusted

MAX_AGE: Final = 60
PUBLIC: Final = f"public, max-age={MAX_AGE}"


def etag_of(body: bytes) -> str:
    """A strong entity tag for exactly these bytes (quoted, as sent in the header).

    Strong because the lookup's body is fully determined by the record: two answers
    with the same tag are byte-identical, whichever path (fast or ninja) built them.
    """
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def last_modified_of(record: dict[str, Any]) -> dt.datetime:
    """When the public record last changed, as far as it records it.

    ``updated_at`` moves with the declaration; a GビズID verification changes the record
    without touching the declaration, so it counts too, from the start of its Japan date
    (never later than the verification itself, so never in the future). An organisation's
    rename changes the record without moving either: ``If-None-Match`` is the exact validator.
    """
    modified: dt.datetime = record["updated_at"]
    verified = record.get("identity_verified_at")
    if isinstance(verified, dt.date):
        modified = max(modified, dt.datetime.combine(verified, dt.time.min, tzinfo=JAPAN))
    return modified


def is_not_modified(
    if_none_match: str | None, if_modified_since: str | None, etag: str, last_modified: dt.datetime
) -> bool:
    """Whether a GET with these request headers is answered ``304 Not Modified`` (RFC 9110, 13.2.2).

    ``If-None-Match`` decides when present (weak comparison: ``W/"x"`` matches ``"x"``;
    ``*`` matches any existing record); only without it is ``If-Modified-Since`` used,
    at the one-second precision of HTTP dates. An unreadable header is ignored, so the
    client simply gets the full answer.
    """
    if if_none_match is not None:
        tags = parse_etags(if_none_match)
        return any(tag == "*" or tag.removeprefix("W/") == etag for tag in tags)
    if if_modified_since is not None:
        since = parse_http_date_safe(if_modified_since)
        return since is not None and int(last_modified.timestamp()) <= since
    return False


def lookup_response(request: HttpRequest, record: dict[str, Any]) -> HttpResponse:
    """The public lookup's answer for a found record: 200 with caching headers, or 304.

    Renders exactly as ninja would (``api.rendering.json_response_trusted``), without
    validating the record again (the selector builds it from typed columns; tests check
    the shape). A 304 still costs the lookup: the tag is the body's.
    """
    response = json_response_trusted(request, record)
    etag = etag_of(response.content)
    last_modified = last_modified_of(record)
    if is_not_modified(
        request.META.get("HTTP_IF_NONE_MATCH"),
        request.META.get("HTTP_IF_MODIFIED_SINCE"),
        etag,
        last_modified,
    ):
        response = HttpResponseNotModified()
    # On the 304 too (RFC 9110, 15.4.5): a cache refreshes what it stored from these.
    response["Cache-Control"] = PUBLIC
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    return response


def _header(description: str) -> dict[str, Any]:
    return {"description": description, "required": True, "schema": {"type": "string"}}


_CACHE_HEADERS: Final = {
    "Cache-Control": _header(f"常に `{PUBLIC}`(共有キャッシュ・CDNが{MAX_AGE}秒まで保存してよい)"),
    "ETag": _header("応答本文の強いエンティティタグ。If-None-Match で再検証に使う"),
    "Last-Modified": _header("記録の最終更新日時(HTTP日付)。If-Modified-Since で再検証に使う"),
}

# The OpenAPI additions of the cacheable lookup (``openapi_extra`` of its operation): the
# conditional request headers, and the caching headers of its 200 and 304 answers.
LOOKUP_OPENAPI_EXTRA: Final[dict[str, Any]] = {
    "parameters": [
        {
            "in": "header",
            "name": "If-None-Match",
            "required": False,
            "description": "以前の応答の ETag。一致すれば本文なしの 304 を返す",
            "schema": {"type": "string"},
        },
        {
            "in": "header",
            "name": "If-Modified-Since",
            "required": False,
            "description": "以前の応答の Last-Modified。If-None-Match がなく、それ以降の変更がなければ 304",
            "schema": {"type": "string"},
        },
    ],
    "responses": {
        200: {"headers": _CACHE_HEADERS},
        304: {"description": "Not Modified(手元の応答がそのまま有効。本文なし)", "headers": _CACHE_HEADERS},
    },
}
