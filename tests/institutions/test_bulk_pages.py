"""The institution portal's upload pages: contacts only, another institution's upload is 404, progress without JS."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from secaction.institutions.models import BulkUpload

from .bulk_helpers import csv_bytes, make_contact, make_institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    institution = make_institution()
    client.force_login(make_contact(institution))
    return client, institution


def make_upload(institution, **fields) -> BulkUpload:
    values = {"filename": "申請.csv", "source": csv_bytes("41234567895,,,"), "rows_total": 1}
    values.update(fields)
    return BulkUpload.objects.create(institution=institution, **values)


def test_upload_through_the_form_then_progress_then_result(
    signed_in, django_capture_on_commit_callbacks
) -> None:
    client, institution = signed_in
    new = client.get(reverse("institutions:upload_new"))
    assert new.status_code == 200
    assert "基準日" in new.text and reverse("institutions:upload_template") in new.text
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            reverse("institutions:upload_new"),
            {"file": SimpleUploadedFile("申請.csv", csv_bytes("41234567895,,,"))},
        )
    upload = BulkUpload.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("institutions:upload", args=[upload.public_id])
    page = client.get(r["Location"])
    assert page.status_code == 200
    assert reverse("institutions:upload_result", args=[upload.public_id]) in page.text
    status = client.get(reverse("institutions:upload_status", args=[upload.public_id])).json()
    assert (status["status"], status["rows_done"], status["rows_total"]) == ("done", 1, 1)
    result = client.get(reverse("institutions:upload_result", args=[upload.public_id]))
    assert result.status_code == 200 and result.content.startswith("\ufeff".encode())
    listing = client.get(reverse("institutions:uploads"))
    assert (
        "申請.csv" in listing.text and reverse("institutions:upload", args=[upload.public_id]) in listing.text
    )


def test_a_bad_file_is_refused_on_the_form_with_a_japanese_message(signed_in) -> None:
    client, _institution = signed_in
    r = client.post(
        reverse("institutions:upload_new"), {"file": SimpleUploadedFile("a.csv", b"name\r\nA\r\n")}
    )
    assert r.status_code == 400 and "宣言ID" in r.text
    assert not BulkUpload.objects.exists()
    empty = client.post(reverse("institutions:upload_new"), {})
    assert empty.status_code == 400


def test_the_progress_page_works_without_script_and_shows_the_retention(signed_in, monkeypatch) -> None:
    client, institution = signed_in
    now = dt.datetime(2026, 4, 1, 3, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: now)
    upload = make_upload(institution, status="running", rows_total=10_000, rows_done=5_000)
    page = client.get(reverse("institutions:upload", args=[upload.public_id])).text
    assert '<progress id="upload-bar" max="10000" value="5000">' in page
    assert "更新" in page and "http-equiv" not in page
    assert "js/job_progress.js" in page and "<script>" not in page
    assert "この結果は2026年5月1日まで保存されます" in page
    assert reverse("institutions:upload_status", args=[upload.public_id]) in page
    # No result to download yet.
    assert client.get(reverse("institutions:upload_result", args=[upload.public_id])).status_code == 404


def test_purged_uploads_say_so(signed_in) -> None:
    client, institution = signed_in
    upload = make_upload(institution, status="purged", purged_at=timezone.now(), source=b"")
    page = client.get(reverse("institutions:upload", args=[upload.public_id]))
    assert "削除しました" in page.text
    assert client.get(reverse("institutions:upload_result", args=[upload.public_id])).status_code == 404


def test_another_institutions_upload_is_404(signed_in) -> None:
    client, _institution = signed_in
    other = make_upload(make_institution("取引先"), status="done", result=b"x")
    for name in ("upload", "upload_status", "upload_result"):
        assert client.get(reverse(f"institutions:{name}", args=[other.public_id])).status_code == 404


def test_other_institutions_uploads_are_not_listed(signed_in) -> None:
    client, institution = signed_in
    make_upload(make_institution("取引先"), filename="他社.csv")
    make_upload(institution, filename="自社.csv")
    listing = client.get(reverse("institutions:uploads")).text
    assert "自社.csv" in listing and "他社.csv" not in listing


def test_only_contacts_see_the_pages(client, django_user_model) -> None:
    url = reverse("institutions:uploads")
    assert client.get(url).status_code == 302  # to the log-in
    client.force_login(
        django_user_model.objects.create_user(email="someone@example.jp", password="pw-123456789")
    )
    for name in ("uploads", "upload_new", "upload_template"):
        assert client.get(reverse(f"institutions:{name}")).status_code == 403


def test_inactive_contacts_are_refused(client) -> None:
    institution = make_institution()
    user = make_contact(institution)
    institution.contacts.update(is_active=False)
    client.force_login(user)
    assert client.get(reverse("institutions:uploads")).status_code == 403


def test_the_template_download(signed_in) -> None:
    client, _institution = signed_in
    r = client.get(reverse("institutions:upload_template"))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    assert r.content.decode("utf-8-sig").startswith("宣言ID,法人番号,申請者名,基準日\r\n")


def test_the_pages_in_english_have_no_japanese(signed_in) -> None:
    from tests.i18n.japanese import japanese_left

    client, institution = signed_in
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    running = make_upload(institution, filename="list.csv", status="running")
    purged = make_upload(
        institution, filename="old.csv", status="purged", purged_at=timezone.now(), source=b""
    )
    failed = make_upload(institution, filename="bad.csv", status="failed", error="")
    urls = [
        reverse("institutions:uploads"),
        reverse("institutions:upload_new"),
        *(reverse("institutions:upload", args=[u.public_id]) for u in (running, purged, failed)),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert '<html lang="en">' in html, url
        assert japanese_left(html, (institution.name,)) == [], url
    assert "This result is kept until" in client.get(urls[2]).content.decode()
