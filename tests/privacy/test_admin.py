"""Back office: staff see pending deletions and stop one through the service; retention runs are read only."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from secaction.privacy.models import DataRequest
from secaction.privacy.retention import retention_apply
from secaction.privacy.services import correction_request, deletion_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    return client


def test_staff_see_a_pending_deletion_and_stop_it(staff_client, member):
    request = deletion_request(member, password="pw-Secret-123")
    listing = staff_client.get(reverse("admin:privacy_datarequest_changelist")).content.decode()
    stop_url = reverse("admin:privacy_datarequest_stop", args=[request.pk])
    assert "member@example.jp" in listing and stop_url in listing

    response = staff_client.post(stop_url, {"reason": ""})
    assert response.status_code == 200
    assert DataRequest.objects.get().status == "scheduled"
    response = staff_client.post(stop_url, {"reason": "本人確認中"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "stopped" and request.note == "本人確認中"


def test_staff_answer_a_correction(staff_client, member):
    request = correction_request(member, "住所が違います")
    url = reverse("admin:privacy_datarequest_answer", args=[request.pk])
    assert staff_client.post(url, {"note": "住所を直しました"}).status_code == 302
    request.refresh_from_db()
    assert request.status == "answered"


def test_change_views_are_read_only_and_survive_bad_ids(staff_client, member):
    request = correction_request(member, "住所が違います")
    change = reverse("admin:privacy_datarequest_change", args=[request.pk])
    staff_client.post(change, {"status": "done", "body": "書き換え"})
    request.refresh_from_db()
    assert (request.status, request.body) == ("pending", "住所が違います")
    run = retention_apply(dry_run=True)
    assert staff_client.get(reverse("admin:privacy_retentionrun_change", args=[run.pk])).status_code == 200
    # Django's admin sends an unknown id back to the index with a message; never a server error.
    for path in [
        "/backoffice/privacy/datarequest/abc/change/",
        "/backoffice/privacy/retentionrun/abc/change/",
        "/backoffice/privacy/datarequest/abc/stop/",
    ]:
        assert staff_client.get(path).status_code in (302, 404), path
