"""Uploading a CSV and checking it in the background: results in order, progress, crashes, retention."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.models import AuditEvent
from secaction.institutions.bulk import JAPAN, RESULT_COLUMNS
from secaction.institutions.models import BulkUpload
from secaction.institutions.services import bulk_upload_create, bulk_upload_process, bulk_uploads_purge
from secaction.institutions.services import uploads as services_uploads
from tests.registry.factories import corporate_number, make_declaration, make_org

from .bulk_helpers import csv_bytes, make_contact, make_institution, make_key

pytestmark = pytest.mark.django_db


def result_rows(upload: BulkUpload) -> list[dict[str, str]]:
    upload.refresh_from_db()
    data = bytes(upload.result)
    assert data.startswith("\ufeff".encode()), "Excel needs the BOM to read UTF-8"
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    assert tuple(reader.fieldnames or ()) == RESULT_COLUMNS
    return list(reader)


@pytest.fixture
def office():
    institution = make_institution()
    return institution, make_contact(institution)


def upload_now(office, data: bytes, captured) -> BulkUpload:
    institution, contact = office
    with captured(execute=True):
        upload = bulk_upload_create(institution=institution, filename="申請.csv", data=data, actor=contact)
    upload.refresh_from_db()
    return upload


def test_every_row_answered_in_order_with_its_columns(office, django_capture_on_commit_callbacks) -> None:
    number = corporate_number(501)
    org = make_org(name="株式会社テスト商事", corporate_number=number)
    found = make_declaration(org, level="two_star")
    withdrawn = make_declaration(
        status="withdrawn",
        declared_at=dt.datetime(2025, 1, 10, tzinfo=JAPAN),
        ended_at=dt.datetime(2026, 3, 1, 10, tzinfo=JAPAN),
    )
    data = csv_bytes(
        f"{found.declaration_id},,(株)テスト商事,",
        "41234567859,,,",  # a mistyped 4… ID (wrong check digit)
        f"{withdrawn.declaration_id},,,2026-05-31",
        f",{number},テスト商事株式会社,",
        "123,,,",
        ",,名前だけ,",
        f"{found.declaration_id},,,2026-02-30",
        f'{found.declaration_id},,=HYPERLINK("x"),',
    )
    upload = upload_now(office, data, django_capture_on_commit_callbacks)
    assert upload.status == BulkUpload.Status.DONE
    assert (upload.rows_total, upload.rows_done) == (8, 8)
    assert upload.started_at and upload.finished_at
    got = result_rows(upload)
    assert [r["row"] for r in got] == [str(n) for n in range(2, 10)]
    assert [r["result"] for r in got] == [
        "found", "not_found", "found", "found", "invalid", "invalid", "invalid", "found",
    ]  # fmt: skip
    first, typo, ended, by_number, bad_id, empty, bad_date, formula = got
    assert (first["matched_by"], first["declaration_id"], first["level"], first["status"]) == (
        "declaration_id", found.declaration_id, "two_star", "active",
    )  # fmt: skip
    assert (first["name"], first["corporate_number"], first["name_mismatch"]) == (
        "株式会社テスト商事",
        number,
        "false",
    )
    assert first["identity_verified"] == "false" and first["declared_at"] and not first["ended_at"]
    assert "写し間違い" in typo["error"] or "チェック" in typo["error"]
    assert (ended["status"], ended["ended_reason"], ended["input_as_of"]) == (
        "withdrawn", "withdrawn", "2026-05-31",
    )  # fmt: skip
    assert ended["ended_at"] and ended["name_mismatch"] == ""
    # A row's date is what its level and status answer for; without one, the day of the check (Japan time).
    assert ended["as_of"] == "2026-05-31"
    assert first["as_of"] == timezone.localdate(timezone.now(), JAPAN).isoformat()
    assert (by_number["matched_by"], by_number["declaration_id"]) == (
        "corporate_number",
        found.declaration_id,
    )
    assert by_number["name_mismatch"] == "true"  # 後株 vs 前株: a different legal name
    assert bad_id["error"] and bad_id["declaration_id"] == ""
    assert "宣言IDか法人番号" in empty["error"] and empty["input_applicant_name"] == "名前だけ"
    assert "基準日" in bad_date["error"] and bad_date["input_as_of"] == "2026-02-30"
    assert formula["input_applicant_name"].startswith("'="), "formula starts are neutralised"


def test_a_row_dated_before_the_upgrade_answers_one_star(office, django_capture_on_commit_callbacks) -> None:
    declaration = make_declaration(level="one_star", declared_at=dt.datetime(2025, 4, 1, 9, tzinfo=JAPAN))
    declaration.level = "two_star"
    declaration.save()  # the upgrade is recorded today
    yesterday = timezone.localdate(timezone.now(), JAPAN) - dt.timedelta(days=1)
    data = csv_bytes(
        f"{declaration.declaration_id},,,{yesterday.isoformat()}",
        f"{declaration.declaration_id},,,2025-03-31",
        f"{declaration.declaration_id},,,",
    )
    before, not_yet, today = result_rows(upload_now(office, data, django_capture_on_commit_callbacks))
    upgraded = (yesterday + dt.timedelta(days=1)).isoformat()
    assert (before["level"], before["status"]) == ("one_star", "active")
    assert (not_yet["status"], not_yet["level"]) == ("not_yet_declared", "")
    assert (today["level"], today["status"]) == ("two_star", "active")
    # As in the API, only level and status answer for the row's date; two_star_since describes the record now.
    assert before["two_star_since"] == today["two_star_since"] == upgraded


def test_shift_jis_upload_is_read(office, django_capture_on_commit_callbacks) -> None:
    decl = make_declaration()
    data = csv_bytes(f"{decl.declaration_id},,株式会社テスト,", encoding="cp932")
    (row,) = result_rows(upload_now(office, data, django_capture_on_commit_callbacks))
    assert row["result"] == "found" and row["input_applicant_name"] == "株式会社テスト"


def test_progress_is_saved_after_each_chunk(office, monkeypatch, django_capture_on_commit_callbacks) -> None:
    decls = [make_declaration() for _ in range(5)]
    monkeypatch.setattr(services_uploads, "CHUNK", 2)
    seen: list[tuple[str, int]] = []
    real = services_uploads.registry_verify_many

    def spy(queries):
        upload = BulkUpload.objects.defer("source", "result").get()
        seen.append((upload.status, upload.rows_done))
        return real(queries)

    monkeypatch.setattr(services_uploads, "registry_verify_many", spy)
    upload = upload_now(
        office, csv_bytes(*[f"{d.declaration_id},,," for d in decls]), django_capture_on_commit_callbacks
    )
    assert seen == [("running", 0), ("running", 2), ("running", 4)]
    assert upload.status == "done" and upload.rows_done == 5
    assert len(result_rows(upload)) == 5


def test_a_crash_midway_leaves_failed_and_a_retry_starts_over(
    office, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    decls = [make_declaration() for _ in range(4)]
    monkeypatch.setattr(services_uploads, "CHUNK", 2)
    real = services_uploads.registry_verify_many
    calls = {"n": 0}

    def flaky(queries):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("database went away")
        return real(queries)

    monkeypatch.setattr(services_uploads, "registry_verify_many", flaky)
    upload = upload_now(
        office, csv_bytes(*[f"{d.declaration_id},,," for d in decls]), django_capture_on_commit_callbacks
    )
    assert upload.status == BulkUpload.Status.FAILED
    assert upload.rows_done == 2 and upload.result is None
    assert "もう一度" in upload.error and "RuntimeError" in upload.error
    assert bulk_upload_process(upload.pk) == "done"  # the third call succeeds: retried from the start
    assert [r["result"] for r in result_rows(upload)] == ["found"] * 4
    upload.refresh_from_db()
    assert upload.error == "" and upload.rows_done == 4


def test_done_uploads_are_not_processed_again(office, django_capture_on_commit_callbacks) -> None:
    upload = upload_now(office, csv_bytes("41234567895,,,"), django_capture_on_commit_callbacks)
    assert bulk_upload_process(upload.pk) == "skipped"


def test_a_live_running_upload_is_not_taken_twice_but_a_stale_one_is(office, settings) -> None:
    institution, contact = office
    upload = BulkUpload.objects.create(
        institution=institution, filename="a.csv", source=csv_bytes("41234567895,,,"), rows_total=1,
        status="running", started_at=timezone.now(),
    )  # fmt: skip
    assert bulk_upload_process(upload.pk) == "skipped"
    BulkUpload.objects.filter(pk=upload.pk).update(
        started_at=timezone.now() - dt.timedelta(seconds=settings.TASK_RUNNING_TIMEOUT_SECONDS + 1)
    )
    assert bulk_upload_process(upload.pk) == "done"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"name\r\nA\r\n", "宣言ID"),
        (b"", "空"),
        (("宣言ID\r\n" + "41234567895\r\n" * 50_001).encode(), "50,000"),
    ],
)
def test_unusable_files_are_refused_at_upload_and_nothing_is_stored(office, data: bytes, words: str) -> None:
    institution, contact = office
    with pytest.raises(ServiceError) as exc:
        bulk_upload_create(institution=institution, filename="x.csv", data=data, actor=contact)
    assert words in " ".join(exc.value.message_dict["file"])
    assert not BulkUpload.objects.exists()


def test_too_big_a_file_is_refused(office, monkeypatch) -> None:
    institution, contact = office
    monkeypatch.setattr(services_uploads, "MAX_BYTES", 10)
    with pytest.raises(ServiceError) as exc:
        bulk_upload_create(
            institution=institution, filename="x.csv", data=csv_bytes("41234567895,,,"), actor=contact
        )
    assert "大きすぎ" in " ".join(exc.value.message_dict["file"])


def test_keys_upload_for_their_holder_only(office) -> None:
    institution, _contact = office
    data = csv_bytes("41234567895,,,")
    key, _ = make_key(institution)
    upload = bulk_upload_create(institution=institution, filename="k.csv", data=data, api_key=key)
    assert upload.api_key == key and upload.uploaded_by is None
    other_key, _ = make_key(make_institution("取引先"))
    orphan_key, _ = make_key(None)
    revoked, _ = make_key(institution)
    revoked.revoked_at = timezone.now()
    revoked.save()
    for refused in (other_key, orphan_key, revoked):
        with pytest.raises(AccessDenied):
            bulk_upload_create(institution=institution, filename="k.csv", data=data, api_key=refused)


def test_inactive_contacts_and_institutions_are_refused(office) -> None:
    institution, contact = office
    institution.contacts.update(is_active=False)
    with pytest.raises(AccessDenied):
        bulk_upload_create(
            institution=institution, filename="x.csv", data=csv_bytes("41234567895,,,"), actor=contact
        )


def test_uploads_are_audited(office, django_capture_on_commit_callbacks) -> None:
    upload = upload_now(office, csv_bytes("41234567895,,,"), django_capture_on_commit_callbacks)
    event = AuditEvent.objects.get(action="bulk_upload.create")
    assert event.object_id == str(upload.pk)


def test_purge_after_the_retention_with_a_fixed_clock(
    office, monkeypatch, settings, django_capture_on_commit_callbacks
) -> None:
    settings.BULK_UPLOAD_RETENTION_DAYS = 30
    start = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: start)
    old = upload_now(office, csv_bytes("41234567895,,,"), django_capture_on_commit_callbacks)
    monkeypatch.setattr(timezone, "now", lambda: start + dt.timedelta(days=20))
    recent = upload_now(office, csv_bytes("41234567895,,,"), django_capture_on_commit_callbacks)
    assert old.created_at == start

    assert bulk_uploads_purge(now=start + dt.timedelta(days=30)) == 0  # exactly 30 days: kept
    later = start + dt.timedelta(days=30, seconds=1)
    assert bulk_uploads_purge(now=later) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, old.purged_at, old.result, bytes(old.source)) == ("purged", later, None, b"")
    assert old.rows_total == 1 and old.filename == "申請.csv", "the row stays as the record"
    assert recent.status == "done" and recent.result is not None
    event = AuditEvent.objects.get(action="bulk_upload.purge")
    assert event.actor is None and event.object_id == str(old.pk)
    assert bulk_uploads_purge(now=later) == 0  # idempotent


def test_a_suspended_declaration_is_reported_as_suspended(office, django_capture_on_commit_callbacks) -> None:
    confirmed = dt.datetime(2026, 4, 1, 10, tzinfo=JAPAN)
    plain = make_declaration(level="one_star")
    suspended = make_declaration(level="two_star")
    type(suspended).objects.filter(pk=suspended.pk).update(last_confirmed_at=confirmed)
    suspended.refresh_from_db()
    suspended.suspended_at = timezone.now()
    suspended.suspension_reason = "ロゴマークの不正使用の確認中"
    suspended.save()  # the registry copy follows the declaration's save
    data = csv_bytes(f"{plain.declaration_id},,,", f"{suspended.declaration_id},,,", "41234567859,,,")
    ok, held, missing = result_rows(upload_now(office, data, django_capture_on_commit_callbacks))
    assert (ok["status"], ok["suspended"]) == ("active", "false")
    assert (held["status"], held["suspended"]) == ("active", "true")
    assert held["last_confirmed_at"] == "2026-04-01"
    assert "ロゴマーク" not in ",".join(held.values()), "the reason is never public"
    assert (missing["suspended"], missing["last_confirmed_at"]) == ("", "")
