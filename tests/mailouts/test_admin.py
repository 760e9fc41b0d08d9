"""The office's mail-out pages: compose, count, preview, test send, send, progress, pause / resume / cancel,
and the suppression list."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from secaction.core.models import AuditEvent, OutgoingMail
from secaction.mailouts.models import Mailout, Suppression
from secaction.surveys.models import Survey

from .factories import declarer, draft

pytestmark = pytest.mark.django_db

FILTER_DEFAULTS = {"statuses": ["active"], "identity_verified": "any", "supporter": "any", "language": "all"}


@pytest.fixture(autouse=True)
def _no_mfa(settings: Any) -> None:
    settings.BACKOFFICE_REQUIRE_MFA = False  # the 2FA gate has its own tests (backoffice)


@pytest.fixture
def office(client: Any) -> Any:
    user = get_user_model().objects.create_user(email="office@example.jp", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def _compose(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": "notice",
        "subject_ja": "二つ星の皆さまへ",
        "body_ja": "{name} 御中\nお知らせです。",
        "subject_en": "",
        "body_en": "",
        "rate_per_second": "20",
        "levels": ["two_star"],
        "prefectures": ["13"],
        **FILTER_DEFAULTS,
    }
    data.update(overrides)
    return data


def test_the_count_step_shows_the_exact_number_without_saving(client, office):
    declarer(contact_email="a@example.jp", level="two_star", prefecture="13")
    declarer(contact_email="b@example.jp", level="two_star", prefecture="27")
    response = client.post(reverse("admin:mailouts_mailout_add"), {**_compose(), "action": "count"})
    assert response.status_code == 200
    assert "この条件の宛先は 1 件です。" in response.content.decode()
    assert not Mailout.objects.exists()


def test_saving_a_draft_leads_to_its_page_with_count_preview_and_buttons(client, office):
    declarer(contact_email="a@example.jp", level="two_star", prefecture="13")
    response = client.post(
        reverse("admin:mailouts_mailout_add"), _compose(subject_en="Notice", body_en="Dear {name}")
    )
    mailout = Mailout.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "admin:mailouts_mailout_change", args=[mailout.pk]
    )
    assert mailout.filters["levels"] == ["two_star"] and mailout.rate_per_second == 20
    page = client.get(response.url).content.decode()
    assert "いまの条件の宛先は 1 件です。" in page
    assert "(事業者名) 御中" in page and "Dear (" in page  # both languages previewed
    for name in ("edit", "test_send", "send"):
        assert reverse(f"admin:mailouts_mailout_{name}", args=[mailout.pk]) in page


def test_a_refusal_is_shown_next_to_the_field(client, office):
    response = client.post(reverse("admin:mailouts_mailout_add"), _compose(subject_en="Only a subject"))
    assert response.status_code == 200
    assert "英語の件名と本文の両方" in response.content.decode()
    assert not Mailout.objects.exists()


def test_the_add_page_prefills_a_survey_invitation(client, office):
    survey = Survey.objects.create(title_ja="実態調査", status="open", created_by=office)
    page = client.get(
        reverse("admin:mailouts_mailout_add") + f"?kind=invitation&survey={survey.pk}"
    ).content.decode()
    assert '<option value="invitation" selected>' in page
    assert f'<option value="{survey.pk}" selected>' in page
    assert "{survey_url}" in page


def test_edit_changes_a_draft_only(client, office):
    mailout = draft(office)
    response = client.post(
        reverse("admin:mailouts_mailout_edit", args=[mailout.pk]), _compose(subject_ja="改訂")
    )
    assert response.status_code == 302
    mailout.refresh_from_db()
    assert mailout.subject_ja == "改訂"
    Mailout.objects.filter(pk=mailout.pk).update(status="sending")
    response = client.get(reverse("admin:mailouts_mailout_edit", args=[mailout.pk]))
    assert response.status_code == 302


def test_test_send_goes_to_the_staff_member(client, office, django_capture_on_commit_callbacks):
    mailout = draft(office)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("admin:mailouts_mailout_test_send", args=[mailout.pk]))
    assert list(OutgoingMail.objects.values_list("to", flat=True)) == ["office@example.jp"]


def test_send_confirms_the_count_then_schedules(client, office, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail", "mailout"]}
    }
    declarer(contact_email="a@example.jp")
    mailout = draft(office)
    page = client.get(reverse("admin:mailouts_mailout_send", args=[mailout.pk])).content.decode()
    assert "この一斉メールを 1 件の宛先に送ります。" in page
    response = client.post(reverse("admin:mailouts_mailout_send", args=[mailout.pk]), {"when": "later"})
    assert "送信予定日時を入力してください" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:mailouts_mailout_send", args=[mailout.pk]), {"when": "now"})
    assert response.status_code == 302
    mailout.refresh_from_db()
    assert mailout.status == Mailout.Status.BUILDING
    assert AuditEvent.objects.filter(action="mailout.schedule").exists()


def test_a_running_mail_out_shows_progress_and_controls(client, office, monkeypatch):
    """Helper A's progress selector and controls are stand-ins here: the page wires them as documented."""
    figures = {
        "status": "running",
        "status_label": "送信中",
        "rows_total": 10,
        "rows_done": 4,
        "sent": 3,
        "failed": 1,
    }
    monkeypatch.setattr("secaction.mailouts.admin.mailout_progress_get", lambda mailout: mailout.pk)
    monkeypatch.setattr(
        "secaction.mailouts.admin.mailout_progress_json", lambda progress: {**figures, "id": progress}
    )
    calls: list[tuple[str, Any]] = []
    monkeypatch.setattr(
        "secaction.mailouts.admin.mailout_pause", lambda actor, m: calls.append(("pause", m.pk))
    )
    monkeypatch.setattr(
        "secaction.mailouts.admin.mailout_resume", lambda actor, m: calls.append(("resume", m.pk))
    )
    monkeypatch.setattr(
        "secaction.mailouts.admin.mailout_cancel",
        lambda actor, m, *, reason: calls.append(("cancel", reason)),
    )
    mailout = draft(office, status="sending", recipients_total=10)
    page = client.get(reverse("admin:mailouts_mailout_change", args=[mailout.pk])).content.decode()
    assert 'data-job-progress="mailout"' in page and "js/job_progress.js" in page
    assert reverse("admin:mailouts_mailout_progress", args=[mailout.pk]) in page
    assert '<dd data-progress-key="sent">3</dd>' in page
    assert client.get(reverse("admin:mailouts_mailout_progress", args=[mailout.pk])).json() == {
        **figures,
        "id": mailout.pk,
    }

    assert (
        client.get(reverse("admin:mailouts_mailout_pause", args=[mailout.pk])).status_code == 403
    )  # POST only
    client.post(reverse("admin:mailouts_mailout_pause", args=[mailout.pk]))
    client.post(reverse("admin:mailouts_mailout_resume", args=[mailout.pk]))
    client.post(
        reverse("admin:mailouts_mailout_cancel", args=[mailout.pk]), {"reason": ""}
    )  # reason required
    client.post(reverse("admin:mailouts_mailout_cancel", args=[mailout.pk]), {"reason": "本文に誤り"})
    assert calls == [("pause", mailout.pk), ("resume", mailout.pk), ("cancel", "本文に誤り")]


def test_the_list_shows_counts(client, office):
    draft(office, subject_ja="一覧のお知らせ")
    page = client.get(reverse("admin:mailouts_mailout_changelist")).content.decode()
    assert "一覧のお知らせ" in page and "送信済み" in page


def test_suppression_list_counts_and_staff_add_by_hand(client, office):
    Suppression.objects.create(email="gone@example.jp", reason="unsubscribed")
    Suppression.objects.create(email="bad@example.jp", reason="bounced")
    page = client.get(reverse("admin:mailouts_suppression_changelist") + "?q=gone").content.decode()
    assert (
        "配信停止: 1 件 / 送信不能: 1 件" in page
        and "gone@example.jp" in page
        and "bad@example.jp" not in page
    )

    url = reverse("admin:mailouts_suppression_add_by_hand")
    assert "既に登録されています" in client.post(url, {"email": "GONE@example.jp"}).content.decode()
    response = client.post(url, {"email": "Phone@Example.jp", "detail": "電話で依頼(12/7)"})
    assert response.status_code == 302
    assert Suppression.objects.filter(email="phone@example.jp", reason="unsubscribed").exists()
    event = AuditEvent.objects.get(action="mailout.suppression.staff_add")
    assert event.actor == office and event.message == "電話で依頼(12/7)"


def test_non_staff_cannot_open_the_pages(client):
    user = get_user_model().objects.create_user(email="member@example.jp")
    client.force_login(user)
    response = client.get(reverse("admin:mailouts_mailout_add"))
    assert response.status_code == 302 and "/login/" in response.url


def test_change_and_delete_pages_write_nothing(client, office):
    mailout = draft(office)
    client.post(
        reverse("admin:mailouts_mailout_change", args=[mailout.pk]),
        {"subject_ja": "改ざん", "status": "done"},
    )
    mailout.refresh_from_db()
    assert (mailout.subject_ja, mailout.status) == ("お知らせ", "draft")
    assert (
        client.post(reverse("admin:mailouts_mailout_delete", args=[mailout.pk]), {"post": "yes"}).status_code
        == 403
    )
    row = Suppression.objects.create(email="kept@example.jp", reason="bounced")
    assert (
        client.post(reverse("admin:mailouts_suppression_delete", args=[row.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert Mailout.objects.filter(pk=mailout.pk).exists() and Suppression.objects.filter(pk=row.pk).exists()
