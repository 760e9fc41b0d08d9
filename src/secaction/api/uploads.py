"""Bulk CSV verification through the API: upload a file, follow its progress, download the result.

For keys held by an institution (a key issued without a holder institution is refused with 403). An
upload belongs to its institution: another institution's upload answers 404, as an unknown one. The
columns of both files are in docs/api.md, "一括確認(CSV)", and in the operations' descriptions below.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.web import service_error_messages
from secaction.documents.responses import document_response
from secaction.institutions.bulk import MAX_ROWS, RESULT_COLUMNS
from secaction.institutions.models import ApiKey, BulkUpload, Institution
from secaction.institutions.selectors_uploads import (
    bulk_upload_get,
    bulk_upload_result_filename,
    bulk_upload_result_get,
    bulk_upload_retention_until,
)
from secaction.institutions.services import bulk_upload_create

from .auth import ApiKeyAuth
from .errors import ApiError
from .ratelimit import rate_limit, rate_limit_hit
from .schemas import RATE_LIMITED, ErrorOut, InvalidRequestOut

router = Router(tags=["uploads"])

INPUT_DESCRIPTION = (
    f"CSVファイル(multipart/form-data の file)。1行目は見出し、{MAX_ROWS:,}行まで。"
    "列: declaration_id(宣言ID)と corporate_number(法人番号)の少なくとも一方、"
    "任意で applicant_name(申請者名)と as_of(基準日、YYYY-MM-DD または YYYY/MM/DD)。"
    "日本語の見出し(宣言ID・法人番号・申請者名・基準日)も使える。文字コードは UTF-8(BOMの有無を問わない)"
    "または Shift_JIS(cp932)。誤りのある行は結果の error 列に理由が入り、ファイル全体は失敗しない"
)
RESULT_DESCRIPTION = (
    "結果のCSV(UTF-8・BOM付き・改行CRLF、Excelでそのまま開ける)。入力の1行に結果の1行、同じ順番。列: "
    + ", ".join(RESULT_COLUMNS)
    + "。result は found / not_found / invalid、matched_by は declaration_id / corporate_number、"
    "日付は日本時間の YYYY-MM-DD、identity_verified と name_mismatch は true / false(比べられないときは空)。"
    "詳しくは docs/api.md の「一括確認(CSV)」"
)


class UploadOut(Schema):
    id: str = Field(description="アップロードの番号(URLに使う)")
    status: Literal["queued", "running", "done", "failed", "purged"] = Field(
        description="queued = 受付済み、running = 確認中、done = 完了、failed = 失敗、purged = 保存期間終了(削除済み)"
    )
    filename: str = Field(description="アップロードされたファイル名")
    rows_total: int = Field(description="データ行の数(見出しと空行を除く)")
    rows_done: int = Field(description="確認済みの行数(進み具合)")
    created_at: dt.datetime = Field(description="アップロード日時(ISO 8601)")
    finished_at: dt.datetime | None = Field(description="確認が終わった日時。終わるまで null")
    expires_at: dt.datetime = Field(description="ファイルと結果が削除される日時(アップロードから30日)")
    status_url: str = Field(description="この状態を取得するURL")
    result_url: str | None = Field(description="結果のCSVのURL(done のときだけ)")
    error: str = Field(description="failed のときの理由。それ以外は空")


def _holder(request: HttpRequest) -> tuple[ApiKey, Institution]:
    key: ApiKey = request.auth  # type: ignore[attr-defined]
    if key.holder is None:
        raise ApiError(
            403,
            "no_institution",
            _(
                "このAPIキーは機関に登録されていないため、一括確認には使えません。事務局にお問い合わせください。"
            ),
        )
    return key, key.holder


def _out(request: HttpRequest, upload: BulkUpload) -> dict[str, object]:
    done = upload.status == BulkUpload.Status.DONE
    return {
        "id": upload.public_id,
        "status": upload.status,
        "filename": upload.filename,
        "rows_total": upload.rows_total,
        "rows_done": upload.rows_done,
        "created_at": upload.created_at,
        "finished_at": upload.finished_at,
        "expires_at": bulk_upload_retention_until(upload),
        "status_url": request.build_absolute_uri(reverse("api_v1:bulk_upload_get", args=[upload.public_id])),
        "result_url": request.build_absolute_uri(
            reverse("api_v1:bulk_upload_result", args=[upload.public_id])
        )
        if done
        else None,
        "error": upload.error,
    }


def _get(request: HttpRequest, upload_id: str) -> BulkUpload:
    rate_limit(request, key_id=request.auth.pk)  # type: ignore[attr-defined]
    _key, institution = _holder(request)
    upload = bulk_upload_get(institution, upload_id)
    if upload is None:
        raise ApiError(404, "not_found", _("このアップロードは見つかりません。"))
    return upload


@router.post(
    "/uploads",
    response={202: UploadOut, 400: InvalidRequestOut, 401: ErrorOut, 403: ErrorOut, **RATE_LIMITED},
    auth=ApiKeyAuth(),
    summary="CSVファイルをアップロードして一括確認する(APIキーが必要)",
    description=INPUT_DESCRIPTION,
    url_name="bulk_upload_create",
)
def bulk_upload_create_api(request: HttpRequest, file: File[UploadedFile]) -> Status:
    """Accepted with 202; the check runs in the background (follow ``status_url``).

    400 (``InvalidRequestOut``) without a file part (``missing``, field ``file``), or ``file_invalid`` when the file cannot be processed at all (not a CSV, no 宣言ID/法人番号 column,
    no data rows, more than 50,000 rows); 403 ``no_institution`` for a key without a holder institution.
    Uploads count against a separate limit (``API_RATE_LIMIT_UPLOAD``).
    """
    rate_limit(request, key_id=request.auth.pk)  # type: ignore[attr-defined]
    key, institution = _holder(request)
    rate_limit_hit("upload", str(key.pk))
    if file is None:  # optional in the signature so that this 400 has the one documented shape
        raise ApiError(
            400, "file_missing", _("CSVファイルを file として送ってください(multipart/form-data)。")
        )
    try:
        upload = bulk_upload_create(
            institution=institution, filename=file.name or "upload.csv", data=file.read(), api_key=key
        )
    except AccessDenied as exc:
        raise ApiError(403, "forbidden", " ".join(service_error_messages(exc))) from exc
    except ServiceError as exc:
        detail = " ".join(service_error_messages(exc))
        # The shape of every 400 of the API (InvalidRequestOut), plus a code as ErrorOut has.
        problem = {"field": "file", "code": "file_invalid", "message": detail}
        raise ApiError(400, "file_invalid", detail, {"errors": [problem]}) from exc
    return Status(202, _out(request, upload))


@router.get(
    "/uploads/{upload_id}",
    response={200: UploadOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, **RATE_LIMITED},
    auth=ApiKeyAuth(),
    summary="一括確認の進み具合を見る(APIキーが必要)",
    url_name="bulk_upload_get",
)
def bulk_upload_get_api(request: HttpRequest, upload_id: str) -> dict[str, object]:
    """Status, rows done of rows total, and ``result_url`` once done. Only the uploading institution's keys."""
    return _out(request, _get(request, upload_id))


@router.get(
    "/uploads/{upload_id}/result",
    response={401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 410: ErrorOut, **RATE_LIMITED},
    auth=ApiKeyAuth(),
    summary="一括確認の結果のCSVを受け取る(APIキーが必要)",
    description=RESULT_DESCRIPTION,
    url_name="bulk_upload_result",
    openapi_extra={
        "responses": {
            200: {
                "description": "結果のCSV",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def bulk_upload_result_api(request: HttpRequest, upload_id: str) -> HttpResponse:
    """The result file. 409 ``not_ready`` until the check is done (or when it failed); 410 ``purged`` after 30 days."""
    upload = _get(request, upload_id)
    if upload.status == BulkUpload.Status.PURGED:
        raise ApiError(410, "purged", _("保存期間(30日)が過ぎたため、結果のファイルは削除されました。"))
    content = bulk_upload_result_get(upload)
    if content is None:
        detail = (
            upload.error
            if upload.status == BulkUpload.Status.FAILED
            else _("まだ確認中です。status が done になってから受け取ってください。")
        )
        raise ApiError(409, "not_ready", detail)
    return document_response(
        content,
        content_type="text/csv; charset=utf-8",
        filename=bulk_upload_result_filename(upload),
        no_store=True,
    )
