"""The error answers of the JSON API: one schema per shape, each under its own OpenAPI name.

ninja names a component after its class, so two classes called alike would be
documented as one (the second silently replacing the first). Every endpoint
therefore takes its error schemas from here, and a test checks that each
documented error answer validates the answer the API really sends.
"""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema


class ErrorOut(Schema):
    """A refusal with one reason: 400 malformed ID, 401 key problems (404 is ``NotFoundOut``)."""

    detail: str = Field(description="人が読むための説明(日本語)")
    code: str = Field(description="機械向けの理由コード")


class NotFoundOut(Schema):
    """404: no declaration has this ID. ``reason`` tells a likely typing mistake from a plain miss."""

    detail: str = Field(description="人が読むための説明(日本語)")
    code: str = Field(description="常に not_found")
    reason: Literal["check_digit_mismatch"] | None = Field(
        description=(
            "check_digit_mismatch = 4で始まるIDの最後の数字(Damm方式のチェック用数字)が合わず、"
            "写し間違いの可能性が高い。null = 形式は正しいが該当する宣言がない"
        )
    )


class RateLimitedOut(Schema):
    """429: the client is over a rate limit; ``Retry-After`` carries the same seconds."""

    detail: str = Field(description="人が読むための説明(日本語)")
    code: str = Field(description="常に rate_limited")
    retry_after: int = Field(ge=1, description="次に送ってよいまでの秒数(Retry-After と同じ)")


class ProblemOut(Schema):
    field: str = Field(description="問題のある項目(例: ids、text、answers.5)")
    code: str = Field(description="機械向けの理由コード")
    message: str = Field(description="人が読むための説明")


class InvalidRequestOut(Schema):
    """400 for a body that does not fit the request schema (or, for the self-check, incomplete answers)."""

    detail: str = Field(description="invalid request または invalid answers")
    errors: list[ProblemOut] = Field(description="問題ごとに1件")


# Response maps shared by the endpoints, so that an error is documented the same way everywhere.
RATE_LIMITED = {429: RateLimitedOut}
