"""CSV exports from the back-office lists: the filter is honoured, columns and rows, formula cells
neutralised, the large-export path with progress and download, audit rows, non-staff refused, purge."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.contrib.admin import helpers
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from secaction.backoffice.models import DataExport
from secaction.backoffice.services import data_export_request, data_exports_purge
from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.models import AuditEvent
from secaction.organizations.models import Organization
from tests.organizations.conftest import make_user
from tests.registry.factories import make_declaration, make_org

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_no_mfa")]

ORG_LIST = "admin:organizations_organization_changelist"


@pytest.fixture
def _no_mfa():
    with override_settings(BACKOFFICE_REQUIRE_MFA=False):
        yield


@pytest.fixture
def office(django_user_model):
    return django_user_model.objects.create_superuser(email="office@example.jp", password="pw-123456789")


@pytest.fixture
def staff(client, office):
    client.force_login(office)
    return client


def _rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs
    assert b"\r\n" in content and b"\n" not in content.replace(b"\r\n", b"")  # CRLF only
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def _export(client: Any, url_name: str, query: str = "", select_across: bool = True, selected=()) -> Any:
    data = {"action": "export_csv", "select_across": "1" if select_across else "0", "index": "0"}
    data[helpers.ACTION_CHECKBOX_NAME] = [str(pk) for pk in selected] or [
        str(Organization.objects.values_list("pk", flat=True).first())
    ]
    return client.post(reverse(url_name) + query, data)


def _orgs() -> tuple[Organization, Organization, Organization]:
    tokyo = make_org(name="東京の会社", prefecture="13")
    osaka = make_org(name='=HYPERLINK("http://evil.example")', prefecture="27")
    tokyo2 = make_org(name="＋東京の二社目", prefecture="13")
    return tokyo, osaka, tokyo2


def test_the_list_filter_is_honoured_and_every_matching_row_is_written(staff: Any, office: Any) -> None:
    tokyo, osaka, tokyo2 = _orgs()
    response = _export(staff, ORG_LIST, "?prefecture__exact=13")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response.content)
    assert rows[0][:3] == ["ID", "事業者名(正式名称)", "事業者名フリガナ"]
    assert sorted(r[0] for r in rows[1:]) == sorted([str(tokyo.pk), str(tokyo2.pk)])
    assert osaka.pk not in [int(r[0]) for r in rows[1:]]


def test_the_list_search_is_honoured(staff: Any) -> None:
    tokyo, osaka, tokyo2 = _orgs()
    response = _export(staff, ORG_LIST, "?q=%E4%BA%8C%E7%A4%BE%E7%9B%AE")  # 二社目
    assert [r[0] for r in _rows(response.content)[1:]] == [str(tokyo2.pk)]


def test_a_build_that_breaks_marks_the_export_failed(office: Any, monkeypatch: Any) -> None:
    from secaction.backoffice import services

    export = DataExport.objects.create(
        created_by=office, model_label="organizations.organization", rows_total=1, filename="x.csv"
    )

    def broken(*args: Any, **kwargs: Any) -> bytes:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(services, "_write", broken)
    with pytest.raises(RuntimeError):
        services.data_export_build(export.pk)
    export.refresh_from_db()
    assert export.status == "failed" and export.finished_at is not None
    assert services.data_export_build(export.pk) == "skipped"  # a retry does not start it again


def test_without_select_all_only_the_ticked_rows_are_written(staff: Any) -> None:
    tokyo, osaka, tokyo2 = _orgs()
    response = _export(staff, ORG_LIST, select_across=False, selected=[osaka.pk])
    assert [r[0] for r in _rows(response.content)[1:]] == [str(osaka.pk)]


def test_formula_cells_are_neutralised(office: Any) -> None:
    _orgs()
    answer = data_export_request(office, label="organizations.organization")
    assert answer.content is not None
    names = [r[1] for r in _rows(answer.content)[1:]]
    assert '\'=HYPERLINK("http://evil.example")' in names
    assert "'＋東京の二社目" in names


def test_no_secret_columns_are_written(office: Any) -> None:
    make_org(name="株式会社コラム")
    answer = data_export_request(office, label="organizations.organization")
    header = " ".join(_rows(answer.content or b"")[0]).lower()
    for secret in ("password", "パスワード", "token", "トークン", "secret"):
        assert secret not in header


def test_declarations_supporters_offers_and_the_audit_log_export(staff: Any, office: Any) -> None:
    declaration = make_declaration()
    for label in (
        "declarations.declaration",
        "supporters.supporter",
        "supporters.supportoffer",
        "core.auditevent",
    ):
        answer = data_export_request(office, label=label)
        assert answer.content is not None and answer.rows >= 0
    rows = _rows(data_export_request(office, label="declarations.declaration").content or b"")
    assert rows[1][0] == declaration.declaration_id
    assert rows[1][1] == declaration.organization.name


def test_every_export_is_audited_with_who_which_list_filter_and_rows(staff: Any, office: Any) -> None:
    _orgs()
    _export(staff, ORG_LIST, "?prefecture__exact=13")
    event = AuditEvent.objects.get(action="data_export")
    assert event.actor == office
    assert event.object_type == "organizations.organization"
    assert event.after == {
        "model": "organizations.organization",
        "filter": "prefecture__exact=13",
        "selected": None,
        "rows": 2,
    }


def test_non_staff_are_refused(client: Any, django_user_model: Any) -> None:
    user = make_user(django_user_model, "declarer@example.jp")
    with pytest.raises(AccessDenied):
        data_export_request(user, label="organizations.organization")
    client.force_login(user)
    response = _export(client, ORG_LIST)
    assert response.status_code == 302 and "login" in response["Location"]
    assert not AuditEvent.objects.filter(action="data_export").exists()


def test_a_bad_filter_or_list_is_a_clear_error_not_a_crash(staff: Any, office: Any) -> None:
    with pytest.raises(ServiceError):
        data_export_request(office, label="accounts.user")
    with pytest.raises(ServiceError):
        data_export_request(office, label="organizations.organization", query="no_such_field=1")


def test_a_large_export_runs_in_the_background_with_progress_and_download(
    staff: Any, office: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EXPORT_SYNC_MAX_ROWS = 2
    _orgs()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = _export(staff, ORG_LIST)  # three rows > 2: queued, run by the immediate backend
        export = DataExport.objects.get()
        assert export.status == "queued" and export.content is None
    assert len(queued) == 1
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:backoffice_dataexport_progress", args=[export.pk])
    export.refresh_from_db()
    assert (export.status, export.rows_done, export.rows_total) == ("done", 3, 3)

    page = staff.get(response["Location"])
    assert page.status_code == 200
    assert b"js/job_progress.js" not in page.content  # finished: nothing to poll
    status = staff.get(reverse("admin:backoffice_dataexport_status", args=[export.pk])).json()
    assert (status["status"], status["rows_done"], status["rows_total"]) == ("done", 3, 3)
    download = staff.get(status["download_url"])
    assert len(_rows(download.content)) == 4
    assert AuditEvent.objects.get(action="data_export").after["rows"] == 3


def test_a_queued_export_shows_a_progress_bar_polled_by_a_static_script(staff: Any, office: Any) -> None:
    export = DataExport.objects.create(
        created_by=office,
        model_label="organizations.organization",
        rows_total=10,
        rows_done=4,
        filename="x.csv",
    )
    page = staff.get(reverse("admin:backoffice_dataexport_progress", args=[export.pk]))
    html = page.content.decode()
    assert '<progress id="export-bar" max="10" value="4">' in html
    assert "js/job_progress.js" in html
    assert reverse("admin:backoffice_dataexport_progress", args=[export.pk]) in html  # the no-JS refresh link
    download = staff.get(reverse("admin:backoffice_dataexport_download", args=[export.pk]))
    assert download.status_code == 302  # not ready yet: back to the progress page


def test_another_staff_member_cannot_download_someone_elses_export(
    client: Any, office: Any, django_user_model: Any
) -> None:
    export = DataExport.objects.create(
        created_by=office, model_label="core.auditevent", status="done", content=b"x", filename="x.csv"
    )
    other = django_user_model.objects.create_superuser(email="other@example.jp", password="pw-123456789")
    client.force_login(other)
    response = client.get(reverse("admin:backoffice_dataexport_download", args=[export.pk]))
    assert response.status_code == 403


def test_exports_older_than_seven_days_are_purged(office: Any, monkeypatch: Any) -> None:
    fixed = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)
    old = DataExport.objects.create(created_by=office, model_label="core.auditevent", filename="old.csv")
    young = DataExport.objects.create(created_by=office, model_label="core.auditevent", filename="new.csv")
    DataExport.objects.filter(pk=old.pk).update(created_at=fixed - dt.timedelta(days=7, seconds=1))
    DataExport.objects.filter(pk=young.pk).update(created_at=fixed - dt.timedelta(days=6, hours=23))
    monkeypatch.setattr(timezone, "now", lambda: fixed)
    assert data_exports_purge() == 1
    assert list(DataExport.objects.values_list("filename", flat=True)) == ["new.csv"]
