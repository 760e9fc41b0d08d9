"""The public JSON API, version 1. Each domain app owns its router; this module mounts them.

The OpenAPI document is served at /api/v1/openapi.json and browsable at /api/v1/docs.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

api = NinjaAPI(
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
    """Malformed requests are answered with 400 and one readable line per problem."""
    errors: list[dict[str, Any]] = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "payload")]
        errors.append({"field": ".".join(loc), "message": err.get("msg", "invalid")})
    return api.create_response(request, {"detail": "invalid request", "errors": errors}, status=400)


api.add_router("/", "secaction.registry.api.router")
api.add_router("/diagnosis", "secaction.diagnosis.api.router")
