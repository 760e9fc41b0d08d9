"""Bearer-token authentication with institution API keys."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from secaction.institutions.services import api_key_authenticate, api_usage_record


class ApiKeyError(Exception):
    """A key was sent but cannot be used; ``code`` is ``invalid_key`` or ``revoked_key``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class ApiKeyAuth(HttpBearer):
    """``Authorization: Bearer <key>``. A missing header ends in ninja's AuthenticationError."""

    openapi_description = "事務局が機関に発行したAPIキー(Authorization: Bearer sa_…)"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row, reason = api_key_authenticate(token)
        if row is None:
            raise ApiKeyError("revoked_key" if reason == "revoked" else "invalid_key")
        # Every request made with a usable key counts (one upsert); keyless lookups never reach here.
        # Endpoints that check rows add them with api_usage_record(key.pk, rows=n, requests=0).
        api_usage_record(row.pk)
        return row
