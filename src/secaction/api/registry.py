"""The registry's endpoints of the JSON API: declaration lookup, batch verification, expression check.

Endpoints stay thin: validate, call a selector, shape the answer. Shapes and
error codes are documented in docs/api.md and in the OpenAPI document.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from pydantic import BaseModel, BeforeValidator

from secaction.declarations.ids import DeclarationIdError, declaration_id_normalize
from secaction.institutions.services import api_usage_record
from secaction.organizations.validation import corporate_number_normalize
from secaction.registry.expressions import expressions_check
from secaction.registry.history import AsOfError, as_of_parse, today_japan
from secaction.registry.selectors import (
    VerifyQuery,
    declaration_lookup_miss_message,
    declaration_lookup_miss_reason,
    declaration_public_from_entry,
    declaration_public_get,
    registry_verify_many,
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
# The 法人番号 in the examples (well-formed; the contract tests seed a declaration with it).
EXAMPLE_CORPORATE_NUMBER = "3700000000001"


def _date_text(value: object) -> object:
    # Only the documented YYYY-MM-DD text: pydantic would also take numbers (Unix time) and datetimes.
    if isinstance(value, dt.date) or (
        isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value)
    ):
        return value
    raise ValueError("YYYY-MM-DD")


AsOfDate = Annotated[dt.date, BeforeValidator(_date_text)]


class OrganizationOut(Schema):
    name: str = Field(description="事業者名(正式名称)")
    corporate_number: str | None = Field(description="法人番号(13桁)。個人事業主などは null")
    prefecture: str = Field(description="都道府県コード(JIS X 0401、'01'〜'47')")
    prefecture_name: str = Field(description="都道府県名")


class LevelHistoryOut(Schema):
    date: dt.date = Field(description="変更の日(日本時間の日付、YYYY-MM-DD)")
    level: Literal["one_star", "two_star"] = Field(description="変更後の段階")
    status: Literal["active", "withdrawn", "cancelled"] = Field(
        description="変更後の状態(宣言の開始・段階の変更は active、終了は withdrawn / cancelled)"
    )


class DeclarationOut(Schema):
    declaration_id: str = Field(description="宣言ID(11桁)")
    as_of: dt.date | None = Field(
        description=(
            "level と status が答えている日(日本時間のその日の終わりの時点、YYYY-MM-DD)。"
            "null = 現在の状態。as_of を指定したときだけ日付が入る"
        )
    )
    level: Literal["one_star", "two_star"] | None = Field(
        description="one_star = 一つ星、two_star = 二つ星。status が not_yet_declared のときだけ null"
    )
    status: Literal["active", "withdrawn", "cancelled", "pending", "not_yet_declared"] = Field(
        description=(
            "active = 宣言中、withdrawn = 取り下げ、cancelled = 事務局による取消し、pending = 手続き中、"
            "not_yet_declared = as_of の日にはまだ宣言が始まっていなかった(as_of を指定したときのみ)"
        )
    )
    organization: OrganizationOut
    declared_at: dt.datetime | None = Field(
        description="宣言日時(ISO 8601)。この宣言が始まった日時で、段階を変更しても変わらない"
    )
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
    two_star_since: dt.date | None = Field(
        description="直近の二つ星の期間が始まった日(日本時間の日付)。一度も二つ星でなければ null"
    )
    level_history: list[LevelHistoryOut] = Field(description="公開の状態の変化(古い順、日本時間の日付)")
    ended_at: dt.datetime | None = Field(
        description="取り下げ・取消しの日時(ISO 8601)。終了していなければ null"
    )
    ended_reason: Literal["withdrawn", "cancelled"] | None = Field(
        description=(
            "終了の種類: withdrawn = 宣言者による取り下げ、cancelled = 事務局による取消し。"
            "終了していなければ null。理由の文面は公開しない"
        )
    )
    last_confirmed_at: dt.date | None = Field(
        description=(
            "宣言者が「内容に変更はありません」と最後に確認した日(日本時間の日付、YYYY-MM-DD)。"
            "確認がなければ宣言日。宣言に有効期限はなく、この日付は期限ではない"
        )
    )
    suspended: bool = Field(
        description=(
            "true = 事務局が宣言を一時停止している(status は active のまま。解除されれば false に戻る)。"
            "一時停止中の宣言は、宣言中として扱わないこと。理由の文面は公開しない"
        )
    )


AS_OF_DESCRIPTION = (
    "この日(日本時間)の終わりの時点の段階と状態を答える(YYYY-MM-DD)。"
    "未来の日付・実在しない日付は 400(code: as_of_future / as_of_invalid)。省略すると現在の状態"
)


def _as_of(raw: str | None) -> dt.date | None:
    if raw is None or raw == "":
        return None
    try:
        return as_of_parse(raw, today_japan(timezone.now()))
    except AsOfError as exc:
        raise ApiError(400, exc.code, str(exc)) from exc


class VerifyRowIn(BaseModel):
    """A plain pydantic model, not a ninja ``Schema``: those also read attributes of any object, so a
    list such as ``[null, null]`` would pass for an empty row."""

    declaration_id: str | None = Field(None, max_length=100, description="宣言ID(省略可)")
    corporate_number: str | None = Field(
        None, max_length=100, description="法人番号(13桁、省略可)。宣言IDもあれば宣言IDで先に探す"
    )
    as_of: AsOfDate | None = Field(None, description="この行だけの基準日(YYYY-MM-DD)。全体の as_of より優先")


# The literal path must come before the {declaration_id} one, or "verify" would be taken for an ID.
class VerifyIn(Schema):
    ids: list[str | VerifyRowIn] = Field(
        min_length=1,
        max_length=MAX_BATCH,
        description=(
            "確認する行(1〜100件)。宣言IDの文字列、または宣言ID・法人番号(一方または両方)と"
            "基準日を持つオブジェクト。両方を混ぜてもよい"
        ),
        # found, not_found, not_found (check_digit_mismatch), invalid, found by 法人番号 (docs/api.md)
        examples=[
            [EXAMPLE_ID, "40000000018", "41234567859", "123", {"corporate_number": EXAMPLE_CORPORATE_NUMBER}]
        ],
    )
    as_of: AsOfDate | None = Field(
        None,
        description=(
            "全行の基準日(YYYY-MM-DD、日本時間のその日の終わりの時点)。省略すると現在の状態。"
            "未来の日付の行は invalid(code: as_of_future)"
        ),
    )


class VerifyResultOut(Schema):
    input: str = Field(description="送られた宣言IDそのまま(宣言IDのない行は送られた法人番号)")
    result: Literal["found", "not_found", "invalid"]
    matched_by: Literal["declaration_id", "corporate_number"] | None = Field(
        description="found のとき、見つかった手がかり(宣言ID / 法人番号)。それ以外は null"
    )
    reason: Literal["check_digit_mismatch"] | None = Field(
        description=(
            "not_found のとき: check_digit_mismatch = 4で始まるIDの最後の数字(チェック用数字)が合わず、"
            "写し間違いの可能性が高い。それ以外は null"
        ),
    )
    declaration: DeclarationOut | None = Field(description="found のときの宣言")
    error: ErrorOut | None = Field(
        description=(
            "invalid のときの理由(code: length / digits / prefix / check_digit = 宣言IDの形式、"
            "corporate_number = 法人番号の形式、empty = どちらもない、as_of_future = 未来の基準日)"
        )
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
    """Up to 100 IDs or rows (ID and/or 法人番号) in one call, answered in the same order, optionally as of
    a date. For institutions holding an API key."""
    rate_limit(request, key_id=request.auth.pk)  # type: ignore[attr-defined]
    queries = [
        VerifyQuery(declaration_id=row, as_of=payload.as_of)
        if isinstance(row, str)
        else VerifyQuery(
            declaration_id=row.declaration_id or "",
            corporate_number=row.corporate_number or "",
            as_of=row.as_of or payload.as_of,
        )
        for row in payload.ids
    ]
    # The request was counted when the key was checked; its rows are the work it asked for.
    api_usage_record(request.auth.pk, rows=len(queries), requests=0)  # type: ignore[attr-defined]
    out = []
    for a in registry_verify_many(queries):
        q = a.query
        out.append(
            {
                "input": q.declaration_id if q.declaration_id.strip() else q.corporate_number,
                "result": a.result,
                "matched_by": a.matched_by,
                "reason": a.reason,
                "declaration": a.public_record(),
                "error": {"detail": a.message, "code": a.error_code} if a.result == "invalid" else None,
            }
        )
    return {"results": out}


@router.get(
    "/declarations/by-corporate-number/{corporate_number}",
    response={200: DeclarationOut, 400: ErrorOut, 404: NotFoundOut, **RATE_LIMITED},
    tags=["declarations"],
    summary="法人番号で宣言を確認する",
)
def declaration_by_corporate_number(
    request: HttpRequest,
    corporate_number: str = Path(
        ...,
        description="法人番号(数字13桁。全角数字・空白・ハイフンを含めてもよい)",
        example=EXAMPLE_CORPORATE_NUMBER,
    ),
    as_of: str | None = Query(None, description=AS_OF_DESCRIPTION, example="2026-05-31"),
) -> dict[str, object]:
    """The declaration of the company with this 法人番号 (a GビズID-verified company's first, an open one
    before an ended one, then the newest). No key needed; limited per client address. A malformed number
    is answered with 400 ``corporate_number``; no declaration with 404 ``not_found``."""
    rate_limit(request)
    day = _as_of(as_of)
    try:
        number = corporate_number_normalize(corporate_number)
    except ValueError as exc:
        raise ApiError(400, "corporate_number", str(exc)) from exc
    answer = registry_verify_many([VerifyQuery(corporate_number=number, as_of=day)])[0]
    if answer.entry is None:
        raise ApiError(
            404,
            "not_found",
            _("この法人番号の宣言は見つかりません。番号をご確認ください。"),
            {"reason": None},
        )
    return declaration_public_from_entry(answer.entry, as_of=day)


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
    as_of: str | None = Query(None, description=AS_OF_DESCRIPTION, example="2026-05-31"),
) -> HttpResponse:
    """One declaration by its ID, whatever its status (withdrawn and cancelled ones included).

    No key needed; limited per client address. A malformed ID is answered with
    400 and a code: ``length``, ``digits``, ``prefix`` or ``check_digit``. An unknown
    one with 404 ``not_found`` and a ``reason``: ``check_digit_mismatch`` for a ``4…`` ID
    whose Damm digit does not match (likely mistyped; a legacy ID is looked up first,
    so it is never refused for its digit), else null. ``as_of`` (a date) answers the level and
    status at the end of that day in Japan; a malformed or future date is answered with 400
    ``as_of_invalid`` / ``as_of_future``.
    """
    rate_limit(request)
    day = _as_of(as_of)
    try:
        code = declaration_id_normalize(declaration_id)
    except DeclarationIdError as exc:
        raise ApiError(400, exc.code, str(exc)) from exc
    record = declaration_public_get(code, as_of=day)
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
