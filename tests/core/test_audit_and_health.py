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


def test_audit_log_is_read_only_in_admin(admin_client):
    audit_record(actor=None, action="x.y", object_type="t", object_id="1")
    event = AuditEvent.objects.get()
    response = admin_client.get(f"/backoffice/core/auditevent/{event.pk}/change/")
    # staff without TOTP are sent to set it up first
    assert response.status_code == 302
