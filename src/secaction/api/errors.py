"""One exception for expected API errors, answered as ``{"detail": ..., "code": ...}`` (plus ``extra``)."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    def __init__(self, status: int, code: str, detail: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        # Further documented fields of the answer, e.g. the 404's ``reason``.
        self.extra = extra or {}
