"""The institutions' tasks run by the real database worker (``db_worker``), as `make run` and production run them:
bulk upload checks and their purge chain, and the webhook fan-out, sends and sweep chain."""
# ruff: noqa: F811 - the database_tasks fixture is imported and requested by name

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from secaction.institutions.models import BulkUpload, WebhookDelivery
from secaction.institutions.services import bulk_upload_create, webhook_delivery_replay, webhook_register
from tests.institutions.webhook_fixtures import side_make
from tests.institutions.webhook_receiver import receiver_start
from tests.registry.factories import make_declaration

from .test_database_backend import database_tasks, run_worker  # noqa: F401 (the fixture, by name)

pytestmark = pytest.mark.django_db(transaction=True)


def _ready(path: str) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=path, status="READY"))


@pytest.fixture
def receiver(settings: Any) -> Any:
    settings.WEBHOOK_ALLOW_HTTP_HOSTS = ["127.0.0.1"]
    running = receiver_start()
    yield running
    running.server.shutdown()
    running.server.server_close()


def test_an_upload_is_checked_by_the_worker_after_commit(database_tasks: Any) -> None:  # noqa: F811
    declaration = make_declaration()
    side = side_make("県の補助金事務局(ワーカー)", "worker-contact@example.jp")
    csv = f"declaration_id\n{declaration.declaration_id}\n40000000018\n".encode()
    with transaction.atomic():
        upload = bulk_upload_create(
            institution=side.institution, filename="ids.csv", data=csv, actor=side.contact
        )
        assert not _ready("secaction.institutions.tasks.bulk_upload_check")  # nothing before the commit
    assert len(_ready("secaction.institutions.tasks.bulk_upload_check")) == 1

    run_worker()

    upload.refresh_from_db()
    assert (upload.status, upload.rows_done, upload.rows_total) == ("done", 2, 2)
    assert upload.result and declaration.declaration_id.encode() in bytes(upload.result)


def test_the_purge_chain_deletes_old_files_and_comes_back(database_tasks: Any, settings: Any) -> None:  # noqa: F811
    from secaction.institutions.tasks import bulk_uploads_purge_periodic

    side = side_make("県の補助金事務局(保存期間)", "purge-contact@example.jp")
    old = BulkUpload.objects.create(
        institution=side.institution,
        filename="old.csv",
        source=b"declaration_id\n",
        status="done",
        result=b"x",
    )
    BulkUpload.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    before = timezone.now()
    bulk_uploads_purge_periodic.enqueue()

    run_worker()

    old.refresh_from_db()
    assert old.status == "purged" and old.purged_at is not None and not old.result
    [again] = _ready("secaction.institutions.tasks.bulk_uploads_purge_periodic")
    assert again.run_after >= before + dt.timedelta(seconds=settings.BULK_UPLOAD_PURGE_SECONDS)


def test_a_withdrawal_reaches_the_webhook_through_the_worker(database_tasks: Any, receiver: Any) -> None:  # noqa: F811
    side = side_make("県の補助金事務局(Webhook)", "hook-contact@example.jp")
    declaration = make_declaration()
    webhook, _secret = webhook_register(api_key=side.key, url=receiver.url, actor=side.contact)
    run_worker()  # the ping (webhook_delivery_send)
    assert [json.loads(r.body)["type"] for r in receiver.requests] == ["ping"]

    declaration.status, declaration.ended_at = "withdrawn", timezone.now()
    declaration.save()  # queues webhook_fan_out after the commit
    assert _ready("secaction.institutions.tasks_webhooks.webhook_fan_out")
    run_worker()

    kinds = [c["kind"] for r in receiver.requests[1:] for c in json.loads(r.body)["changes"]]
    assert kinds == ["ended"]
    delivered = WebhookDelivery.objects.filter(webhook=webhook, status="delivered").count()
    assert delivered == 2

    delivery = WebhookDelivery.objects.filter(webhook=webhook, replay_of=None).order_by("-pk").first()
    assert delivery is not None
    webhook_delivery_replay(delivery=delivery, actor=side.contact)
    run_worker()
    assert len(receiver.requests) == 3


def test_the_sweep_sends_due_retries_and_comes_back(
    database_tasks: Any, receiver: Any, settings: Any
) -> None:  # noqa: F811
    from secaction.institutions.tasks_webhooks import webhook_deliveries_send, webhook_sweep

    side = side_make("県の補助金事務局(再送)", "sweep-contact@example.jp")
    webhook, _secret = webhook_register(api_key=side.key, url=receiver.url, actor=side.contact)
    run_worker()
    WebhookDelivery.objects.create(
        webhook=webhook, event_id=0, payload={"type": "test", "changes": []}, next_attempt_at=timezone.now()
    )
    webhook_deliveries_send.enqueue()
    run_worker()
    assert len(receiver.requests) == 2

    WebhookDelivery.objects.create(
        webhook=webhook, event_id=0, payload={"type": "test", "changes": []}, next_attempt_at=timezone.now()
    )
    before = timezone.now()
    webhook_sweep.enqueue()
    run_worker()
    assert len(receiver.requests) == 3
    [again] = _ready("secaction.institutions.tasks_webhooks.webhook_sweep")
    assert again.run_after >= before + dt.timedelta(seconds=settings.WEBHOOK_SWEEP_SECONDS)
