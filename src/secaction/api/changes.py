"""The change feed of the JSON API (``GET /api/v1/changes``), for institutions that mirror the registry.

Thin: read the cursor, call ``registry.selectors.registry_changes_page``, shape the page. The cursor is
opaque to clients: the position signed with ``django.core.signing`` (salted for this feed), so it cannot
be forged or pointed elsewhere; clients store it and send it back as it is (docs/api.md, "変更フィード").
Webhooks send the same items (``institutions.services_webhooks``).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from secaction.registry.selectors import FEED_LIMIT_DEFAULT, FEED_LIMIT_MAX, registry_changes_page

from .auth import ApiKeyAuth
from .ratelimit import rate_limit
from .rendering import json_response_trusted
from .schemas import RATE_LIMITED, ErrorOut, InvalidRequestOut

router = Router()
_CURSOR_SALT = "secaction.api.changes.cursor"
_PARAMETERS = {"since", "limit"}


def feed_cursor_make(position: int) -> str:
    """The opaque cursor for a position in the feed."""
    return signing.dumps(position, salt=_CURSOR_SALT)


def feed_cursor_read(cursor: str) -> int | None:
    """The position a cursor stands for, or None when it is not one this feed made."""
    try:
        position = signing.loads(cursor, salt=_CURSOR_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(position, int) or isinstance(position, bool) or position < 0:
        return None
    return position


class ChangeOrganizationOut(Schema):
    name: str = Field(description="事業者名(現在の公開名簿の名称)")
    corporate_number: str | None = Field(description="法人番号(13桁)。個人事業主などは null")


class ChangeOut(Schema):
    declaration_id: str = Field(description="宣言ID(11桁)")
    kind: Literal["started", "level_changed", "ended"] = Field(
        description="started = 宣言の開始(再開を含む)、level_changed = 一つ星と二つ星の間の変更、ended = 宣言の終了"
    )
    level: Literal["one_star", "two_star"] = Field(description="変更後の段階")
    status: Literal["active", "withdrawn", "cancelled"] = Field(
        description="変更後の状態: active = 宣言中、withdrawn = 取り下げ、cancelled = 事務局による取消し"
    )
    occurred_at: dt.datetime = Field(description="変更の日時(ISO 8601)")
    organization: ChangeOrganizationOut | None = Field(
        description="宣言の事業者の現在の公開情報。公開名簿から外れた宣言は null"
    )
    identity_verified: bool = Field(description="事業者の法人番号と名称がGビズIDで確認済みなら true")


class ChangesOut(Schema):
    changes: list[ChangeOut] = Field(description="変更(古い順)")
    next: str = Field(description="続きを読むときに since に渡すカーソル(不透明な文字列。解釈しないこと)")
    has_more: bool = Field(description="true なら、すぐに next で続きを読める")


@router.get(
    "/changes",
    response={200: ChangesOut, 400: InvalidRequestOut, 401: ErrorOut, **RATE_LIMITED},
    auth=ApiKeyAuth(),
    tags=["changes"],
    summary="宣言の開始・段階の変更・終了を古い順に読む(APIキーが必要)",
)
def changes_list(
    request: HttpRequest,
    since: str | None = Query(None, max_length=200, description="前の応答の next。省略すると最初から"),
    limit: int = Query(FEED_LIMIT_DEFAULT, ge=1, le=FEED_LIMIT_MAX, description="1回に返す件数(1〜10,000)"),
) -> HttpResponse:
    """The public changes after the cursor, oldest first, with ``next`` to continue from.

    Store ``next`` and send it back as ``since``; when ``has_more`` is false, ask again later with the
    same ``next``. A cursor that this feed did not make is answered with 400 (``cursor_invalid``).
    """
    rate_limit(request, key_id=request.auth.pk)  # type: ignore[attr-defined]
    unknown = sorted(set(request.GET) - _PARAMETERS)
    if unknown:
        # A misspelt "since" would otherwise silently restart the walk from the beginning.
        problems = [
            {
                "field": name,
                "code": "unknown_parameter",
                "message": _("知らないパラメータです。使えるのは since と limit だけです。"),
            }
            for name in unknown
        ]
        return json_response_trusted(request, {"detail": "invalid request", "errors": problems}, 400)
    after = 0
    if since:
        position = feed_cursor_read(since)
        if position is None:
            problem = {
                "field": "since",
                "code": "cursor_invalid",
                "message": _(
                    "カーソル(since)が正しくありません。前の応答の next をそのまま渡してください。"
                    "最初から読むときは since を付けないでください。"
                ),
            }
            return json_response_trusted(request, {"detail": "invalid request", "errors": [problem]}, 400)
        after = position
    page = registry_changes_page(after, limit)
    # Built from typed columns by the selector; tests check the shape against ChangesOut.
    return json_response_trusted(
        request, {"changes": page.items, "next": feed_cursor_make(page.last_id), "has_more": page.has_more}
    )
