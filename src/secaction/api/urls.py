"""The public JSON API, version 1: this module mounts the routers of ``api.registry`` and ``api.diagnosis``.

The endpoints live in this app, above the domain apps whose selectors they call
(docs/architecture.md, "Layers"); the domain apps know nothing of the API.

The OpenAPI document is served at /api/v1/openapi.json and browsable at /api/v1/docs.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from .auth import ApiKeyError
from .changes import router as changes_router
from .diagnosis import router as diagnosis_router
from .errors import ApiError
from .ratelimit import RateLimited
from .registry import router as registry_router
from .rendering import NO_STORE, RENDERER
from .uploads import router as uploads_router

# Headers that go with an error status on every operation that documents it. ninja has no way to
# declare response headers, so they are added to the generated document (and checked by schemathesis).
_RESPONSE_HEADERS: dict[str, dict[str, Any]] = {
    "401": {
        "WWW-Authenticate": {
            "description": 'Bearer(キーが送られたが使えないときは error="invalid_token" 付き)',
            "required": True,
            "schema": {"type": "string", "pattern": "^Bearer"},
        }
    },
    "429": {
        "Retry-After": {
            "description": "次に送ってよいまでの秒数",
            "required": True,
            "schema": {"type": "integer", "minimum": 1},
        }
    },
}


class PortalNinjaAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document also names the headers of 401 and 429 answers.

    Two more things make the document and the answers fit for generated clients and caches:

    - operation IDs are the endpoint functions' names (``declaration_get``, ``ping``), which are
      also their URL names, rather than ninja's ``secaction_api_registry_declaration_get``: a
      client generated from the document (openapi-python-client, tests/api/test_generated_client.py)
      names its functions after them. They must stay unique (tests/api/test_openapi.py checks);
    - every answer ninja builds is ``Cache-Control: no-store`` unless the endpoint chose its
      own: errors, 404s and answers to key holders must never sit in a shared cache. The public
      lookup renders its own cacheable answer (api/caching.py).
    """

    def get_openapi_operation_id(self, operation: Operation) -> str:
        return operation.view_func.__name__

    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = NO_STORE
        return response

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                # ninja keys responses by int status; JSON makes them strings.
                for status, response in operation.get("responses", {}).items():
                    if str(status) in _RESPONSE_HEADERS:
                        response["headers"] = _RESPONSE_HEADERS[str(status)]
        return schema


api = PortalNinjaAPI(
    renderer=RENDERER,
    title="SECURITY ACTION Portal API",
    version="1",
    description=(
        "宣言IDの確認、自社診断の採点、表現チェックのためのAPI。"
        "SECURITY ACTION は自己宣言の制度であり、認定・認証を行うものではありません。"
    ),
    urls_namespace="api_v1",
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Malformed requests are answered with 400 and one readable line per problem (InvalidRequestOut).

    ``code`` is pydantic's error type (``missing``, ``string_type``, ``too_short``, ...).
    """
    errors: list[dict[str, Any]] = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "payload")]
        errors.append(
            {
                "field": ".".join(loc),
                "code": str(err.get("type", "invalid")),
                "message": str(err.get("msg", "invalid")),
            }
        )
    return api.create_response(request, {"detail": "invalid request", "errors": errors}, status=400)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own refusals, in the documented shapes instead of its bare ``{"detail": ...}``.

    The one that reaches clients is a body that is not JSON at all (400 "Cannot parse
    request body"): answered like any other invalid request.
    """
    if exc.status_code == 400:
        problem = {"field": "", "code": "json_invalid", "message": exc.message}
        return api.create_response(request, {"detail": "invalid request", "errors": [problem]}, status=400)
    return api.create_response(
        request, {"detail": exc.message, "code": f"http_{exc.status_code}"}, status=exc.status_code
    )


_KEY_MESSAGES = {
    "missing_key": gettext_noop("APIキーが必要です。Authorization: Bearer <APIキー> を付けてください。"),
    "invalid_key": gettext_noop("APIキーが正しくありません。事務局から受け取ったキーを確認してください。"),
    "revoked_key": gettext_noop("このAPIキーは失効しています。事務局にお問い合わせください。"),
}


@api.exception_handler(AuthenticationError)
def authentication_missing(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    """No usable Authorization header: 401 with a message that says what to send."""
    response = api.create_response(
        request, {"detail": _(_KEY_MESSAGES["missing_key"]), "code": "missing_key"}, status=401
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(ApiKeyError)
def authentication_failed(request: HttpRequest, exc: ApiKeyError) -> HttpResponse:
    """A key was sent but is unknown or revoked."""
    response = api.create_response(
        request, {"detail": _(_KEY_MESSAGES[exc.code]), "code": exc.code}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


@api.exception_handler(ApiError)
def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    """Expected errors raised by endpoints (malformed ID, not found, ...)."""
    return api.create_response(
        request, {"detail": exc.detail, "code": exc.code, **exc.extra}, status=exc.status
    )


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    """Over a rate limit: 429, and Retry-After in seconds until the window ends."""
    response = api.create_response(
        request,
        {
            "detail": _("リクエストが多すぎます。%(seconds)d秒後にもう一度お試しください。")
            % {"seconds": exc.retry_after},
            "code": "rate_limited",
            "retry_after": exc.retry_after,
        },
        status=429,
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


class PingOut(Schema):
    ok: bool


# Not rate limited: it touches nothing, and monitors and the benchmark call it freely.
@api.get("/ping", response=PingOut, tags=["system"], summary="死活確認(ベンチマークの基準値)")
def ping(request: HttpRequest) -> dict[str, bool]:
    """Does nothing but answer; the benchmark compares the real endpoints against it."""
    return {"ok": True}


api.add_router("/", registry_router)
api.add_router("/diagnosis", diagnosis_router)
api.add_router("/", changes_router)
api.add_router("/", uploads_router)
