"""How the API writes JSON, shared by ninja's renderer and endpoints that render their own answer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja.renderers import JSONRenderer


class Utf8JSONRenderer(JSONRenderer):
    """Japanese as it is (not \\uXXXX escapes), so answers are readable in a terminal; still valid JSON.

    ``media_type`` is the bare type: ninja appends ``; charset=<charset>`` itself, and the
    OpenAPI document names the media type without parameters.
    """

    media_type = "application/json"
    charset = "utf-8"
    json_dumps_params = {"ensure_ascii": False}


RENDERER = Utf8JSONRenderer()

# The one Content-Type header every JSON answer of the API carries, built the way ninja builds it
# (NinjaAPI.get_content_type), so answers rendered outside ninja carry the very same header.
CONTENT_TYPE = f"{RENDERER.media_type}; charset={RENDERER.charset}"
# Every answer of the API but the public lookup's (api/caching.py): errors and keyed answers never sit in a cache.
NO_STORE = "no-store"


def json_response_trusted(request: HttpRequest, data: Any, status: int = 200) -> HttpResponse:
    """Render ``data`` exactly as ninja would, but without validating it against the response schema.

    For hot endpoints whose answer is built by a selector from typed database
    columns, where re-validating it would cost as much as the lookup itself.
    The caller's tests must check the shape against the declared schema.

    ``Cache-Control: no-store``, like every answer ninja builds (api/urls.py): only the
    public lookup may be cached, and ``api.caching.lookup_response`` says so itself.
    """
    response = HttpResponse(
        RENDERER.render(request, data, response_status=status),
        status=status,
        content_type=CONTENT_TYPE,
    )
    response["Cache-Control"] = NO_STORE
    return response
