"""The change feed of the JSON API (``GET /api/v1/changes``), for institutions that mirror the registry, and the
read-only webhook endpoints (``GET /api/v1/webhooks``, ``GET /api/v1/webhooks/deliveries``) for the key's programs.

Thin: read the cursor, call ``registry.selectors.registry_changes_page``, shape the page. The cursor is
opaque to clients: the position (writing transaction, change id) signed with ``django.core.signing``
(salted for this feed), so it cannot be forged or pointed elsewhere; clients store it and send it back as
it is (docs/api.md, "変更フィード").
Webhooks send the same items (``institutions.services.webhooks``); registering one (its secret is shown once,
to a person) and replaying a delivery (audited, with the contact who did it) are done on the contacts' pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from secaction.institutions.selectors_webhooks import webhook_deliveries_for_key, webhooks_for_key
from secaction.registry.selectors import (
    FEED_LIMIT_DEFAULT,
    FEED_LIMIT_MAX,
    FEED_START,
    FeedPosition,
    registry_changes_page,
)

from .auth import ApiKeyAuth
from .ratelimit import rate_limit
from .rendering import json_response_trusted
from .schemas import RATE_LIMITED, ErrorOut, InvalidRequestOut

router = Router()
_CURSOR_SALT = "secaction.api.changes.cursor"


def feed_cursor_make(position: FeedPosition) -> str:
    """The opaque cursor for a position in the feed: ``[txid, id]``, signed."""
    return signing.dumps(list(position), salt=_CURSOR_SALT)


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def feed_cursor_read(cursor: str) -> FeedPosition | None:
    """The position a cursor stands for, or None when it is not one this feed made.

    A cursor of the first format (a bare change id, before the feed ordered by transaction) reads as
    ``(0, id)``: on PostgreSQL that walks on from the changes recorded before the switch and re-serves the
    later ones, so a client may see a change twice but never misses one.
    """
    try:
        position = signing.loads(cursor, salt=_CURSOR_SALT)
    except signing.BadSignature:
        return None
    if _count(position):
        return (0, position)
    if isinstance(position, list) and len(position) == 2 and all(_count(part) for part in position):
        return (position[0], position[1])
    return None


def _unknown_parameters(request: HttpRequest, known: tuple[str, ...]) -> HttpResponse | None:
    """400 naming every query parameter the endpoint does not know, or None.

    A misspelt ``since`` would otherwise silently restart the walk from the beginning.
    """
    unknown = sorted(set(request.GET) - set(known))
    if not unknown:
        return None
    if known:
        message = _("知らないパラメータです。使えるのは %(names)s だけです。") % {"names": ", ".join(known)}
    else:
        message = _("このAPIはパラメータを受け付けません。")
    problems = [{"field": name, "code": "unknown_parameter", "message": message} for name in unknown]
    return json_response_trusted(request, {"detail": "invalid request", "errors": problems}, 400)


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
    refused = _unknown_parameters(request, ("since", "limit"))
    if refused:
        return refused
    after = FEED_START
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
        request, {"changes": page.items, "next": feed_cursor_make(page.last), "has_more": page.has_more}
    )


class WebhookOut(Schema):
    id: int = Field(description="Webhookの番号")
    url: str = Field(description="送信先URL")
    is_active: bool = Field(description="false なら無効(送信しない)")
    created_at: dt.datetime = Field(description="登録日時(ISO 8601)")


class WebhooksOut(Schema):
    webhooks: list[WebhookOut] = Field(description="このAPIキーのWebhook(有効なもの、新しいものから)")


class DeliveryOut(Schema):
    id: int = Field(description="送信の番号")
    webhook_id: int
    event_id: int = Field(description="X-SecAction-Event-Id と同じ。再送でも変わらない")
    type: Literal["registry.changes", "ping"] = Field(description="送信の種類")
    changes: int = Field(description="含まれる変更の件数")
    status: Literal["pending", "delivered", "failed"] = Field(
        description="pending = 送信待ち(再試行を含む)、delivered = 2xxの応答あり、failed = 24時間で届かず中止"
    )
    attempts: int = Field(description="試行回数")
    created_at: dt.datetime
    next_attempt_at: dt.datetime | None = Field(description="次に試す日時(pending のとき)")
    delivered_at: dt.datetime | None
    last_status_code: int | None = Field(
        description="直近の試行で受信側が返したHTTPステータス。応答がなければ null"
    )
    last_error: str = Field(description="直近の試行のエラー(なければ空)")
    replay_of: int | None = Field(description="再送のとき、元の送信の番号")


class DeliveriesOut(Schema):
    deliveries: list[DeliveryOut] = Field(description="送信(新しいものから)")


@router.get(
    "/webhooks",
    response={200: WebhooksOut, 400: InvalidRequestOut, 401: ErrorOut, **RATE_LIMITED},
    auth=ApiKeyAuth(),
    tags=["webhooks"],
    summary="このAPIキーのWebhookを読む(APIキーが必要)",
)
def webhooks_list(request: HttpRequest) -> HttpResponse | dict[str, object]:
    """The webhooks registered for the key that asks. Register and replay on the portal's Webhook page."""
    rate_limit(request, key_id=request.auth.pk)  # type: ignore[attr-defined]
    refused = _unknown_parameters(request, ())
    if refused:
        return refused
    rows = webhooks_for_key(request.auth)  # type: ignore[attr-defined]
    return {"webhooks": [{f: getattr(w, f) for f in ("id", "url", "is_active", "created_at")} for w in rows]}


@router.get(
    "/webhooks/deliveries",
    response={200: DeliveriesOut, 400: InvalidRequestOut, 401: ErrorOut, **RATE_LIMITED},
    auth=ApiKeyAuth(),
    tags=["webhooks"],
    summary="このAPIキーのWebhookの送信履歴を読む(APIキーが必要)",
)
def webhook_deliveries_list(
    request: HttpRequest,
    webhook_id: int | None = Query(None, ge=1, le=2**62, description="1つのWebhookに絞るときの番号"),
    limit: int = Query(100, ge=1, le=200, description="件数(1〜200、新しいものから)"),
) -> HttpResponse | dict[str, object]:
    """The latest deliveries of the key's webhooks: status, attempts, last answer, next attempt."""
    rate_limit(request, key_id=request.auth.pk)  # type: ignore[attr-defined]
    refused = _unknown_parameters(request, ("webhook_id", "limit"))
    if refused:
        return refused
    rows = webhook_deliveries_for_key(request.auth, webhook_id=webhook_id, limit=limit)  # type: ignore[attr-defined]
    return {
        "deliveries": [
            {
                "id": d.pk,
                "webhook_id": d.webhook_id,
                "event_id": d.event_id,
                "type": d.payload.get("type", "registry.changes"),
                "changes": len(d.payload.get("changes", [])),
                "status": d.status,
                "attempts": d.attempts,
                "created_at": d.created_at,
                "next_attempt_at": d.next_attempt_at,
                "delivered_at": d.delivered_at,
                "last_status_code": d.last_status_code,
                "last_error": d.last_error,
                "replay_of": d.replay_of_id,
            }
            for d in rows
        ]
    }
