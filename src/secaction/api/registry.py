"""The registry's endpoints of the JSON API: declaration lookup, batch verification, expression check.

Endpoints stay thin: validate, call a selector, shape the answer. Shapes and
error codes are documented in docs/api.md and in the OpenAPI document.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema

from secaction.declarations.ids import DeclarationIdError, declaration_id_normalize
from secaction.registry.expressions import expressions_check
from secaction.registry.selectors import (
    declaration_lookup_miss_message,
    declaration_lookup_miss_reason,
    declaration_public_from_entry,
    declaration_public_get,
    declarations_verify,
)

from .auth import ApiKeyAuth
from .caching import LOOKUP_OPENAPI_EXTRA, lookup_response
from .errors import ApiError
from .ratelimit import rate_limit
from .schemas import RATE_LIMITED, ErrorOut, InvalidRequestOut, NotFoundOut

router = Router()
MAX_BATCH = 100
# The ID in docs/api.md's examples (and in the OpenAPI document); the contract test seeds it.
EXAMPLE_ID = "41234567895"


class OrganizationOut(Schema):
    name: str = Field(description="事業者名(正式名称)")
    corporate_number: str | None = Field(description="法人番号(13桁)。個人事業主などは null")
    prefecture: str = Field(description="都道府県コード(JIS X 0401、'01'〜'47')")
    prefecture_name: str = Field(description="都道府県名")


class DeclarationOut(Schema):
    declaration_id: str = Field(description="宣言ID(11桁)")
    level: Literal["one_star", "two_star"] = Field(description="one_star = 一つ星、two_star = 二つ星")
    status: Literal["active", "withdrawn", "cancelled", "pending"] = Field(
        description="active = 宣言中、withdrawn = 取り下げ、cancelled = 事務局による取消し、pending = 手続き中"
    )
    organization: OrganizationOut
    declared_at: dt.datetime | None = Field(description="宣言日時(ISO 8601)")
    updated_at: dt.datetime = Field(description="最終更新日時(ISO 8601)")
    identity_verified: bool = Field(
        description=(
            "true = 事業者の法人番号と名称がGビズIDから来たもの(GビズIDで確認済み)。"
            "false = GビズIDでは確認していない(宣言が疑わしいという意味ではない)。"
            "対策の状況を認定・認証するものではない"
        )
    )
    identity_verified_at: dt.date | None = Field(
        description="GビズIDで確認した日(日本時間の日付、YYYY-MM-DD)。未確認なら null"
    )


# The literal path must come before the {declaration_id} one, or "verify" would be taken for an ID.
class VerifyIn(Schema):
    ids: list[str] = Field(
        min_length=1,
        max_length=MAX_BATCH,
        description="確認する宣言ID(1〜100件)",
        # found, not_found, not_found (check_digit_mismatch), invalid (docs/api.md)
        examples=[[EXAMPLE_ID, "40000000018", "41234567859", "123"]],
    )


class VerifyResultOut(Schema):
    input: str = Field(description="送られたIDそのまま")
    result: Literal["found", "not_found", "invalid"]
    reason: Literal["check_digit_mismatch"] | None = Field(
        description=(
            "not_found のとき: check_digit_mismatch = 4で始まるIDの最後の数字(チェック用数字)が合わず、"
            "写し間違いの可能性が高い。それ以外は null"
        ),
    )
    declaration: DeclarationOut | None = Field(description="found のときの宣言")
    error: ErrorOut | None = Field(
        description="invalid のときの理由(code: length / digits / prefix / check_digit)"
    )


class VerifyOut(Schema):
    results: list[VerifyResultOut] = Field(description="送られた順の結果(1件のIDに1件)")


@router.post(
    "/declarations/verify",
    response={200: VerifyOut, 400: InvalidRequestOut, 401: ErrorOut, **RATE_LIMITED},
    auth=ApiKeyAuth(),
    tags=["declarations"],
    summary="複数の宣言IDをまとめて確認する(APIキーが必要)",
)
def declarations_verify_api(request: HttpRequest, payload: VerifyIn) -> dict[str, object]:
    """Up to 100 IDs in one call, answered in the same order. For institutions holding an API key."""
    rate_limit(request, key_id=request.auth.pk)  # type: ignore[attr-defined]
    out = []
    for r in declarations_verify(payload.ids):
        out.append(
            {
                "input": r.input,
                "result": r.result,
                "reason": r.reason,
                "declaration": declaration_public_from_entry(r.entry) if r.entry else None,
                "error": {"detail": r.message, "code": r.error_code} if r.result == "invalid" else None,
            }
        )
    return {"results": out}


@router.get(
    "/declarations/{declaration_id}",
    response={200: DeclarationOut, 304: None, 400: ErrorOut, 404: NotFoundOut, **RATE_LIMITED},
    tags=["declarations"],
    summary="宣言IDで宣言を確認する",
    openapi_extra=LOOKUP_OPENAPI_EXTRA,
)
def declaration_get(
    request: HttpRequest,
    declaration_id: str = Path(
        ...,
        description="宣言ID(数字11桁。全角数字・空白・ハイフンを含めてもよい)",
        example=EXAMPLE_ID,
    ),
) -> HttpResponse:
    """One declaration by its ID, whatever its status (withdrawn and cancelled ones included).

    No key needed; limited per client address. A malformed ID is answered with
    400 and a code: ``length``, ``digits``, ``prefix`` or ``check_digit``. An unknown
    one with 404 ``not_found`` and a ``reason``: ``check_digit_mismatch`` for a ``4…`` ID
    whose Damm digit does not match (likely mistyped; a legacy ID is looked up first,
    so it is never refused for its digit), else null.
    """
    rate_limit(request)
    try:
        code = declaration_id_normalize(declaration_id)
    except DeclarationIdError as exc:
        raise ApiError(400, exc.code, str(exc)) from exc
    record = declaration_public_get(code)
    if record is None:
        reason = declaration_lookup_miss_reason(code)
        detail = declaration_lookup_miss_message(reason) or _(
            "この宣言IDの宣言は見つかりません。番号をご確認ください。"
        )
        raise ApiError(404, "not_found", detail, {"reason": reason})
    # The selector builds exactly DeclarationOut from typed columns; validating it
    # again would cost as much as the lookup (tests check the shape instead).
    # With ETag, Last-Modified and Cache-Control, or 304 (api/caching.py).
    return lookup_response(request, record)


class ExpressionIn(Schema):
    text: str = Field(max_length=20000, description="確認したい文章(最大20,000文字)")


class FindingOut(Schema):
    start: int = Field(description="開始位置(Unicodeコードポイント単位、0始まり)")
    end: int = Field(description="終了位置(この位置の文字は含まない)")
    phrase: str = Field(description="問題のある表現")
    level: Literal["one_star", "two_star"] | None
    suggestion: str = Field(description="適切な表現の例")


class ExpressionOut(Schema):
    ok: bool = Field(description="問題のある表現がなければ true")
    findings: list[FindingOut]


@router.post(
    "/expressions/check",
    response={200: ExpressionOut, 400: InvalidRequestOut, **RATE_LIMITED},
    tags=["expressions"],
    summary="SECURITY ACTIONを認定・認証のように書いた表現を探す",
)
def expressions_check_api(request: HttpRequest, payload: ExpressionIn) -> dict[str, object]:
    """Finds wording such as 「二つ星の認定を受けました」 and suggests 「二つ星を宣言しました」. No key needed."""
    rate_limit(request)
    findings = expressions_check(payload.text)
    return {"ok": not findings, "findings": [f.__dict__ for f in findings]}
