import pytest

from secaction.core.models import AuditEvent
from secaction.core.services import audit_record

pytestmark = pytest.mark.django_db


def test_audit_record_keeps_only_changed_fields(django_user_model):
    user = django_user_model.objects.create_user(email="staff@example.jp", password="x")
    event = audit_record(
        actor=user,
        action="organization.update",
        object_type="organizations.organization",
        object_id=7,
        before={"name": "旧", "prefecture": "13"},
        after={"name": "新", "prefecture": "13"},
    )
    event.refresh_from_db()
    assert event.before == {"name": "旧"}
    assert event.after == {"name": "新"}
    assert event.actor_label == "staff@example.jp"
    assert event.object_id == "7"


def test_audit_record_without_actor_is_system():
    event = audit_record(actor=None, action="x.y", object_type="t", object_id="1")
    assert event.actor is None
    assert event.actor_label == "system"


def test_healthz_reports_database_and_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is True
    assert data["database"]["ok"] is True
    assert data["tasks"]["ok"] is True
    assert data["tasks"]["backend"] == "ImmediateBackend"  # the test settings run tasks inline


def test_health_reports_queue_depth_with_the_database_backend():
    from django_tasks_db import DatabaseBackend

    from secaction.core.selectors import health_get
    from secaction.core.tasks import mail_deliver

    backend = DatabaseBackend("default", {"QUEUES": ["default", "mail"]})
    backend.enqueue(mail_deliver, [12345], {})
    backend.enqueue(mail_deliver, [12346], {})
    data = health_get(backend)
    assert data["ok"] is True
    assert data["tasks"]["backend"] == "DatabaseBackend"
    assert data["tasks"]["ready"] == 2
    assert data["tasks"]["failed"] == 0


def test_health_reports_how_long_the_oldest_due_task_has_waited():
    """A stalled worker must show: django_tasks_db never stores run_after as NULL."""
    import datetime as dt

    from django.utils import timezone
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from secaction.core.selectors import health_get
    from secaction.core.tasks import mail_deliver

    backend = DatabaseBackend("default", {"QUEUES": ["default", "mail"]})
    assert health_get(backend)["tasks"]["oldest_ready_age_seconds"] == 0

    waiting = backend.enqueue(mail_deliver, [1], {})
    DBTaskResult.objects.filter(pk=waiting.id).update(enqueued_at=timezone.now() - dt.timedelta(minutes=10))
    age = health_get(backend)["tasks"]["oldest_ready_age_seconds"]
    assert 600 <= age < 660

    # A retry deferred into the future is not late; one due 20 minutes ago is.
    later = backend.enqueue(mail_deliver, [2], {})
    DBTaskResult.objects.filter(pk=later.id).update(
        enqueued_at=timezone.now() - dt.timedelta(hours=2),
        run_after=timezone.now() + dt.timedelta(hours=1),
    )
    assert 600 <= health_get(backend)["tasks"]["oldest_ready_age_seconds"] < 660
    overdue = backend.enqueue(mail_deliver, [3], {})
    DBTaskResult.objects.filter(pk=overdue.id).update(run_after=timezone.now() - dt.timedelta(minutes=20))
    assert 1200 <= health_get(backend)["tasks"]["oldest_ready_age_seconds"] < 1260


def test_audit_log_is_read_only_in_admin(admin_client):
    audit_record(actor=None, action="x.y", object_type="t", object_id="1")
    event = AuditEvent.objects.get()
    response = admin_client.get(f"/backoffice/core/auditevent/{event.pk}/change/")
    # staff without TOTP are sent to set it up first
    assert response.status_code == 302


def test_healthz_turns_unhealthy_past_the_mail_thresholds(client, settings):
    """Failed mails and a mail waiting too long answer 503 (issue 10: healthz said ok while mail was lost)."""
    import datetime as dt
    from unittest import mock

    from secaction.core.models import OutgoingMail
    from secaction.core.services import mail_queue

    now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    settings.HEALTH_MAX_FAILED_MAILS = 1
    settings.HEALTH_MAX_MAIL_AGE_SECONDS = 1800
    with mock.patch("django.utils.timezone.now", return_value=now):
        rows = [
            mail_queue(to=f"{i}@example.jp", subject="s", body_text="b", language="ja", template="t")
            for i in range(3)
        ]
        assert client.get("/healthz").status_code == 200

        OutgoingMail.objects.filter(pk=rows[0].pk).update(status="failed")
        data = client.get("/healthz").json()
        assert data["mail"]["failed"] == 1 and data["ok"] is True  # at the threshold

        OutgoingMail.objects.filter(pk=rows[1].pk).update(status="failed")
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["mail"] == {
            "ok": False,
            "queued": 1,
            "sending": 0,
            "failed": 2,
            "oldest_queued_age_seconds": 0,
        }

        settings.HEALTH_MAX_FAILED_MAILS = 5
        OutgoingMail.objects.filter(pk=rows[2].pk).update(next_attempt_at=now - dt.timedelta(minutes=31))
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["mail"]["oldest_queued_age_seconds"] == 31 * 60
        # A retry scheduled for later is not late.
        OutgoingMail.objects.filter(pk=rows[2].pk).update(
            status="retrying", next_attempt_at=now + dt.timedelta(hours=1)
        )
        assert client.get("/healthz").status_code == 200


def test_healthz_reports_tasks_stuck_running():
    import datetime as dt

    from django.utils import timezone
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from secaction.core.selectors import health_get
    from secaction.core.tasks import mail_deliver

    backend = DatabaseBackend("default", {"QUEUES": ["default", "mail"]})
    result = backend.enqueue(mail_deliver, [1], {})
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", started_at=timezone.now())
    assert health_get(backend)["tasks"]["stuck"] == 0 and health_get(backend)["ok"] is True
    DBTaskResult.objects.filter(pk=result.id).update(started_at=timezone.now() - dt.timedelta(hours=1))
    data = health_get(backend)
    assert data["tasks"]["stuck"] == 1 and data["tasks"]["ok"] is False and data["ok"] is False


def test_an_old_failed_mail_no_longer_keeps_healthz_unhealthy(client, settings):
    """A mail given up beyond HEALTH_FAILED_WINDOW_SECONDS is the back office's business, not a reason for 503."""
    import datetime as dt
    from unittest import mock

    from secaction.core.models import OutgoingMail
    from secaction.core.services import mail_queue

    now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    settings.HEALTH_MAX_FAILED_MAILS = 0
    settings.HEALTH_FAILED_WINDOW_SECONDS = 86400
    with mock.patch("django.utils.timezone.now", return_value=now):
        row = mail_queue(to="typo@example.jp", subject="s", body_text="b", language="ja", template="t")
        OutgoingMail.objects.filter(pk=row.pk).update(
            status="failed", next_attempt_at=now - dt.timedelta(hours=23)
        )
        response = client.get("/healthz")
        assert response.status_code == 503 and response.json()["mail"]["failed"] == 1

        OutgoingMail.objects.filter(pk=row.pk).update(next_attempt_at=now - dt.timedelta(hours=25))
        response = client.get("/healthz")
        assert response.status_code == 200 and response.json()["mail"]["failed"] == 0
