"""The bulk-upload API: 202 on upload, status, result (409 until done, 410 after purge), 403/404 across institutions."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from schemathesis.config import SchemathesisConfig

from secaction.institutions.models import BulkUpload
from secaction.institutions.services import bulk_upload_create, bulk_uploads_purge
from secaction.institutions.tasks import bulk_uploads_purge_periodic
from tests.registry.factories import make_declaration

from .bulk_helpers import csv_bytes, make_institution, make_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def keyed():
    institution = make_institution()
    _row, key = make_key(institution)
    return institution, {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post(client, auth, data: bytes, name: str = "list.csv"):
    return client.post("/api/v1/uploads", {"file": SimpleUploadedFile(name, data, "text/csv")}, **auth)


def test_upload_status_and_result(client, keyed, django_capture_on_commit_callbacks) -> None:
    _institution, auth = keyed
    decl = make_declaration()
    with django_capture_on_commit_callbacks(execute=True):
        r = post(client, auth, csv_bytes(f"{decl.declaration_id},,,", "41234567859,,,"))
    assert r.status_code == 202, r.content
    body = r.json()
    assert body["status"] == "queued" and body["rows_total"] == 2 and body["result_url"] is None
    assert body["status_url"].endswith(f"/api/v1/uploads/{body['id']}")
    status = client.get(f"/api/v1/uploads/{body['id']}", **auth)
    assert status.status_code == 200
    done = status.json()
    assert (done["status"], done["rows_done"]) == ("done", 2)
    assert done["result_url"].endswith(f"/api/v1/uploads/{body['id']}/result")
    result = client.get(f"/api/v1/uploads/{body['id']}/result", **auth)
    assert result.status_code == 200 and result["Content-Type"].startswith("text/csv")
    assert "list-result.csv" in result["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(result.content.decode("utf-8-sig"))))
    assert [(r["row"], r["result"]) for r in rows] == [("2", "found"), ("3", "not_found")]


def test_result_is_409_until_done_and_410_after_purge(
    client, keyed, django_capture_on_commit_callbacks
) -> None:
    _institution, auth = keyed
    r = post(client, auth, csv_bytes("41234567895,,,"))  # no on-commit run: stays queued
    upload_id = r.json()["id"]
    pending = client.get(f"/api/v1/uploads/{upload_id}/result", **auth)
    assert pending.status_code == 409 and pending.json()["code"] == "not_ready"
    BulkUpload.objects.filter(public_id=upload_id).update(status="failed", error="失敗しました")
    failed = client.get(f"/api/v1/uploads/{upload_id}/result", **auth)
    assert failed.status_code == 409 and failed.json()["detail"] == "失敗しました"
    BulkUpload.objects.filter(public_id=upload_id).update(
        created_at=timezone.now() - timezone.timedelta(days=31)
    )
    assert bulk_uploads_purge() == 1
    gone = client.get(f"/api/v1/uploads/{upload_id}/result", **auth)
    assert gone.status_code == 410 and gone.json()["code"] == "purged"
    assert client.get(f"/api/v1/uploads/{upload_id}", **auth).json()["status"] == "purged"


def test_the_periodic_task_purges(keyed) -> None:
    institution, _auth = keyed
    upload = BulkUpload.objects.create(institution=institution, filename="a.csv", source=b"x", status="done")
    BulkUpload.objects.filter(pk=upload.pk).update(created_at=timezone.now() - timezone.timedelta(days=40))
    assert bulk_uploads_purge_periodic.call() == 1
    upload.refresh_from_db()
    assert upload.status == "purged"


def test_the_periodic_task_queues_lost_checks_again(keyed, settings) -> None:
    institution, _auth = keyed
    long_ago = timezone.now() - timezone.timedelta(seconds=settings.TASK_RUNNING_TIMEOUT_SECONDS + 60)
    source = b"declaration_id\r\n41234567895\r\n"
    lost = BulkUpload.objects.create(institution=institution, filename="a.csv", source=source, rows_total=1)
    died = BulkUpload.objects.create(
        institution=institution,
        filename="b.csv",
        source=source,
        rows_total=1,
        status="running",
        started_at=long_ago,
    )
    live = BulkUpload.objects.create(
        institution=institution,
        filename="c.csv",
        source=source,
        rows_total=1,
        status="running",
        started_at=timezone.now(),
    )
    BulkUpload.objects.filter(pk=lost.pk).update(created_at=long_ago)
    bulk_uploads_purge_periodic.call()
    assert [BulkUpload.objects.get(pk=u.pk).status for u in (lost, died, live)] == ["done", "done", "running"]


def test_another_institutions_upload_is_404(client, keyed) -> None:
    _institution, auth = keyed
    upload_id = post(client, auth, csv_bytes("41234567895,,,")).json()["id"]
    _row, other_key = make_key(make_institution("取引先"))
    other = {"HTTP_AUTHORIZATION": f"Bearer {other_key}"}
    assert client.get(f"/api/v1/uploads/{upload_id}", **other).status_code == 404
    assert client.get(f"/api/v1/uploads/{upload_id}/result", **other).status_code == 404
    assert client.get("/api/v1/uploads/nonexistent", **auth).status_code == 404


def test_keys_without_an_institution_are_refused_with_403(client) -> None:
    _row, key = make_key(None)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    r = post(client, auth, csv_bytes("41234567895,,,"))
    assert r.status_code == 403 and r.json()["code"] == "no_institution"
    assert "機関" in r.json()["detail"]
    assert client.get("/api/v1/uploads/abc", **auth).status_code == 403
    assert not BulkUpload.objects.exists()


def test_no_key_is_401(client) -> None:
    r = client.post("/api/v1/uploads", {"file": SimpleUploadedFile("a.csv", b"x")})
    assert r.status_code == 401


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"name\r\nA\r\n", "宣言ID"),
        (b"\x00\x01\x02", "CSV"),
        (("宣言ID\r\n" + "4\r\n" * 50_001).encode(), "50,000"),
    ],
)
def test_unusable_files_are_400_with_a_message(client, keyed, data: bytes, words: str) -> None:
    _institution, auth = keyed
    r = post(client, auth, data)
    assert r.status_code == 400 and r.json()["code"] == "file_invalid"
    assert words in r.json()["detail"]
    assert r.json()["errors"] == [{"field": "file", "code": "file_invalid", "message": r.json()["detail"]}]


def test_missing_file_part_is_400(client, keyed) -> None:
    _institution, auth = keyed
    r = client.post("/api/v1/uploads", {}, **auth)
    assert r.status_code == 400 and [e["field"] for e in r.json()["errors"]] == ["file.file"]


def test_uploads_are_rate_limited_per_key(client, keyed, settings) -> None:
    _institution, auth = keyed
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "upload": "2/h"}
    assert [post(client, auth, csv_bytes("41234567895,,,")).status_code for _ in range(3)] == [202, 202, 429]
    assert BulkUpload.objects.count() == 2


def test_the_openapi_document_describes_the_csv_columns(client) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    upload = doc["paths"]["/api/v1/uploads"]["post"]
    assert "corporate_number" in upload["description"] and "202" in upload["responses"]
    result = doc["paths"]["/api/v1/uploads/{upload_id}/result"]["get"]
    assert "name_mismatch" in result["description"]
    assert "text/csv" in result["responses"]["200"]["content"]
    assert {"409", "410"} <= set(result["responses"])


@pytest.fixture
def _wsgi_keeps_connection():
    """A plain WSGIHandler closes the connection around each request (ending the test's transaction on
    PostgreSQL); as tests/api/conftest.py's ``wsgi_keeps_test_connection``."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/v1/uploads"),
        ("GET", "/api/v1/uploads/{upload_id}"),
        ("GET", "/api/v1/uploads/{upload_id}/result"),
    ],
)
def test_rate_limit_answers_are_documented_and_conform(
    settings, keyed, _wsgi_keeps_connection, method, path, django_capture_on_commit_callbacks
) -> None:
    """Over the limit, each upload operation answers 429 as its OpenAPI document says (checked by schemathesis)."""
    institution, auth = keyed
    with django_capture_on_commit_callbacks(execute=True):
        upload = bulk_upload_create(
            institution=institution,
            filename="a.csv",
            data=csv_bytes("41234567895,,,"),
            api_key=institution.api_keys.get(),
        )
    settings.API_RATE_LIMITS = {"address": "", "key": "1/m", "upload": ""}
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json",
        WSGIHandler(),
        config=SchemathesisConfig.from_path(Path(__file__).parents[1] / "api" / "schemathesis.toml"),
    )
    extra: dict[str, object] = {"path_parameters": {"upload_id": upload.public_id}} if "{" in path else {}
    if method == "POST":
        extra = {"body": {"file": csv_bytes("41234567895,,,")}, "media_type": "multipart/form-data"}
    case = schema[path][method].Case(**extra, headers={"Authorization": auth["HTTP_AUTHORIZATION"]})
    first = case.call()
    assert first.status_code == (202 if method == "POST" else 200), first.text
    response = case.call()
    assert response.status_code == 429
    case.validate_response(response)
    assert response.json()["code"] == "rate_limited" and response.headers["retry-after"]
